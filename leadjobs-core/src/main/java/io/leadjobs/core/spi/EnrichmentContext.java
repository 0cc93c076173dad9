package io.leadjobs.core.spi;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.LogLevel;
import java.util.Optional;
import java.util.UUID;

/** What an enricher sees while enriching one lead of a job. */
public interface EnrichmentContext {

    UUID jobId();

    /** Records a signal; values are String, Boolean, Integer, Long, Double or List of String. */
    <T> void put(Enrichment.Signal<T> signal, T value);

    /** A signal recorded by an earlier enricher for this lead. */
    <T> Optional<T> get(Enrichment.Signal<T> signal);

    /**
     * Adds a line to the job's log at most once per job for the given key (for example "dns unreachable"),
     * so a problem that affects every lead is reported once, not once per lead.
     */
    void logOnce(String key, LogLevel level, String message);
}
