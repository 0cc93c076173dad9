package io.leadjobs.core.spi;

import io.leadjobs.core.JobStatus;
import java.time.Duration;
import java.util.UUID;

/**
 * Hears what a job service does, for metrics ({@code leadjobs-micrometer} implements it). Every method has a
 * no-op default, so an observer implements only what it counts. Methods are called on the threads doing the
 * work (workers, enrichment threads, callers of {@code submit}) and must return quickly without blocking; what
 * an observer throws is logged and ignored, never fails a job.
 */
public interface JobObserver {

    /** The observer that hears nothing; the default. */
    JobObserver NONE = new JobObserver() {
    };

    /**
     * A job moved to {@code status}: {@code queued} when submitted, {@code processing} when a worker starts it,
     * and its final status.
     *
     * @param jobId the job
     * @param status its new status
     */
    default void jobStatusChanged(UUID jobId, JobStatus status) {
    }

    /**
     * A batch of leads was enriched and scored (before its commit).
     *
     * @param jobId the job
     * @param leads leads in the batch
     * @param took from the batch's start on the enrichment threads until its last lead was scored
     */
    default void batchScored(UUID jobId, int leads, Duration took) {
    }

    /**
     * Scored leads were stored: one commit of one or more batches. The sum of {@code leads} over a job is the
     * number of its leads scored.
     *
     * @param jobId the job
     * @param leads leads the commit stored
     * @param took how long the store took
     */
    default void batchCommitted(UUID jobId, int leads, Duration took) {
    }

    /**
     * An enricher ran for one lead.
     *
     * @param enricher the enricher's {@link LeadEnricher#name()}
     * @param took how long it ran
     * @param failed whether it threw
     */
    default void enricherRan(String enricher, Duration took, boolean failed) {
    }
}
