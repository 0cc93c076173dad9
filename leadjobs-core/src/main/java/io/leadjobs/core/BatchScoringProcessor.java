package io.leadjobs.core;

import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobProcessor;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The default {@link JobProcessor}: the batch scoring pipeline. Per batch it enriches the leads in
 * parallel, scores them, commits results, counters, logs and the last sequence number in one
 * {@link JobStore#commitBatch}, and only then publishes what the commit stored.
 * While a commit is in flight, the next batches (up to {@code batchesAhead}) are enriched and scored on the
 * enrichment pool; batches that are ready when a commit returns share the next commit.
 *
 * <p>Updates go out at a human cadence, decided here, before sequence numbers are assigned: a commit
 * reports its progress (one {@code progress} update, then one log entry for all the leads scored since the
 * last report, "Scored leads 1-500 of 20000: 97 high score", after any entries the enrichers asked for) only
 * when {@code updateInterval} has passed since the job's last report, or when it holds the job's last lead.
 * Leads committed in between are reported with the next report, at the latest one interval later even when
 * the next batch takes longer (a commit without results then stores and numbers the report). Status,
 * complete and error updates go out at once, after any report still owed. An interval of zero reports every
 * batch on its own, as it is committed. Sequence numbers continue from the job's stored {@code lastSeq},
 * with no gaps, and a resumed job starts at its first lead without a result.
 *
 * <p>The pipeline's parts, one class each: {@link JobRun} takes one job from start to finish (the batch
 * window, the commits, the final status); {@link EnrichmentStage} enriches and scores a job's leads on the
 * pool, one {@link EnrichingBatch} at a time; {@link ProgressReports} decides when committed leads are
 * reported and writes the updates that report them.
 */
final class BatchScoringProcessor implements JobProcessor {
    /** The MDC key that carries the job id on every log line about a job, on worker and enrichment threads. */
    static final String MDC_JOB_ID = "jobId";

    final JobStore store;
    final JobEventPublisher publisher;
    final List<LeadEnricher> enrichers;
    final LeadScorer scorer;
    final Executor enrichPool;
    final int parallelism;
    final int batchSize;
    final int batchesAhead;
    final int highScoreThreshold;
    final Duration updateInterval;
    final Clock clock;
    final JobObserver observer;

    BatchScoringProcessor(JobStore store, JobEventPublisher publisher, List<LeadEnricher> enrichers, LeadScorer scorer,
                          Executor enrichPool, int parallelism, int batchSize, int batchesAhead, int highScoreThreshold,
                          Duration updateInterval, Clock clock, JobObserver observer) {
        this.store = store;
        this.publisher = publisher;
        this.enrichers = List.copyOf(enrichers);
        this.scorer = scorer;
        this.enrichPool = enrichPool;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
        this.batchesAhead = batchesAhead;
        this.highScoreThreshold = highScoreThreshold;
        this.updateInterval = updateInterval;
        this.clock = clock;
        this.observer = observer;
    }

    @Override
    public void process(Job job, JobControl control) {
        try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_JOB_ID, job.id().toString())) {
            new JobRun(job, control, this).execute();
        }
    }

    /** An exception's message for a job log entry, or its class name where it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Thrown inside a job's run when the worker thread is interrupted: the job is left for another worker. */
    static final class WorkerInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkerInterrupted() {
            super(null, null, false, false);
        }
    }
}
