package io.leadjobs.core;

import static io.leadjobs.core.BatchScoringProcessor.describe;

import io.leadjobs.core.BatchScoringProcessor.WorkerInterrupted;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrichment stage of one job's run: runs the enrichers and the scorer on each lead of a batch, on the
 * enrichment pool, and keeps the job's log-once keys. An enricher that throws leaves its lead scored on what
 * is known (the lead then counts as not fully enriched); the first failure of each enricher goes into the
 * job log. The scorer's high-score flag follows the job's threshold.
 */
final class EnrichmentStage {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentStage.class);

    final UUID jobId;
    final Executor pool;
    final int parallelism;
    final JobStore store;
    final JobObserver observer;
    private final List<LeadEnricher> enrichers;
    private final LeadScorer scorer;
    private final int highScoreThreshold;
    private final Clock clock;
    private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();

    EnrichmentStage(UUID jobId, BatchScoringProcessor pipeline) {
        this.jobId = jobId;
        this.pool = pipeline.enrichPool;
        this.parallelism = pipeline.parallelism;
        this.store = pipeline.store;
        this.observer = pipeline.observer;
        this.enrichers = pipeline.enrichers;
        this.scorer = pipeline.scorer;
        this.highScoreThreshold = pipeline.highScoreThreshold;
        this.clock = pipeline.clock;
    }

    /** Starts enriching the leads {@code from + 1} to {@code to} (1-based) on the pool. */
    EnrichingBatch start(int from, int to, String range, List<AcceptedLead> leads) {
        EnrichingBatch batch = new EnrichingBatch(this, from, to, range, leads, null, null);
        batch.start();
        return batch;
    }

    /** Enriches and scores one lead of {@code batch}; runs on a pool thread. */
    LeadResult processLead(AcceptedLead accepted, EnrichingBatch batch) {
        LeadContext ctx = new LeadContext(batch);
        boolean complete = true;
        for (LeadEnricher enricher : enrichers) {
            long enricherStart = System.nanoTime();
            boolean failed = false;
            try {
                enricher.enrich(accepted.lead(), ctx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerInterrupted();
            } catch (Exception e) {
                complete = false;
                failed = true;
                if (logOnce(batch, "enricher-failed:" + enricher.name(), LogLevel.WARN, "Enricher " + enricher.name()
                        + " failed at row " + accepted.row() + ": " + describe(e)
                        + "; leads it fails for are scored on what is known (reported once per job)")) {
                    LOG.warn("Job {}: enricher {} failed at row {}: {} (logged once per job and enricher)",
                            jobId, enricher.name(), accepted.row(), describe(e));
                }
            }
            observer.enricherRan(enricher.name(), Duration.ofNanos(System.nanoTime() - enricherStart), failed);
        }
        Enrichment enrichment = new Enrichment(ctx.signals);
        LeadScore score = scorer.score(accepted.lead(), enrichment);
        boolean high = score.score() >= highScoreThreshold;
        if (high != score.highScore()) {
            score = new LeadScore(score.score(), score.grade(), high, score.reasons());
        }
        return new LeadResult(accepted.index(), accepted.row(), accepted.lead(), enrichment, score, complete);
    }

    /** Adds the job log entry to {@code batch} the first time {@code key} comes up in this run; true when it did. */
    private boolean logOnce(EnrichingBatch batch, String key, LogLevel level, String message) {
        if (loggedOnce.add(key)) {
            batch.logs.add(LogEntry.of(level, message, clock.instant()));
            return true;
        }
        return false;
    }

    /** The per-lead {@link EnrichmentContext}: confined to the thread enriching the lead. */
    private final class LeadContext implements EnrichmentContext {
        private final EnrichingBatch batch;
        private final Map<String, Object> signals = new LinkedHashMap<>();

        LeadContext(EnrichingBatch batch) {
            this.batch = batch;
        }

        @Override
        public UUID jobId() {
            return jobId;
        }

        @Override
        public <T> void put(Enrichment.Signal<T> signal, T value) {
            if (!signal.type().isInstance(value)) {
                throw new IllegalArgumentException("Signal " + signal.name() + " needs a " + signal.type().getSimpleName()
                        + ", got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
            }
            signals.put(signal.name(), value);
        }

        @Override
        public <T> Optional<T> get(Enrichment.Signal<T> signal) {
            Object v = signals.get(signal.name());
            return signal.type().isInstance(v) ? Optional.of(signal.type().cast(v)) : Optional.empty();
        }

        @Override
        public void logOnce(String key, LogLevel level, String message) {
            EnrichmentStage.this.logOnce(batch, key, level, message);
        }
    }
}
