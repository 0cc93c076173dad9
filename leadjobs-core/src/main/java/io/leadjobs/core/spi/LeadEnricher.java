package io.leadjobs.core.spi;

import io.leadjobs.core.Lead;

/**
 * Learns something about a lead and records it as signals. Enrichers run in the order configured, each
 * seeing the signals of those before it. An enricher may block, but only for a bounded time (its own
 * timeouts); the pipeline runs leads in parallel on a bounded pool. Results that depend only on a domain
 * should be cached by domain across jobs.
 */
public interface LeadEnricher {

    /** A short stable name, used in logs and settings ({@code "email-syntax"}, {@code "dns"}). */
    String name();

    /**
     * Enriches one lead. Throwing marks this lead as not fully enriched; the job logs it once as a warning
     * and scores the lead on what is known.
     */
    void enrich(Lead lead, EnrichmentContext context) throws Exception;
}
