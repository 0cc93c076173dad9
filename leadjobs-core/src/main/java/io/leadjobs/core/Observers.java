package io.leadjobs.core;

import io.leadjobs.core.spi.JobObserver;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the host's {@link JobObserver}, logging and ignoring what it throws. */
final class Observers implements JobObserver {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final JobObserver delegate;

    private Observers(JobObserver delegate) {
        this.delegate = delegate;
    }

    static JobObserver guarded(JobObserver observer) {
        return observer == JobObserver.NONE || observer instanceof Observers ? observer : new Observers(observer);
    }

    @Override
    public void jobStatusChanged(UUID jobId, JobStatus status) {
        try {
            delegate.jobStatusChanged(jobId, status);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: the job observer failed on a status change", jobId, e);
        }
    }

    @Override
    public void batchScored(UUID jobId, int leads, Duration took) {
        try {
            delegate.batchScored(jobId, leads, took);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: the job observer failed on a scored batch", jobId, e);
        }
    }

    @Override
    public void batchCommitted(UUID jobId, int leads, Duration took) {
        try {
            delegate.batchCommitted(jobId, leads, took);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: the job observer failed on a committed batch", jobId, e);
        }
    }

    @Override
    public void enricherRan(String enricher, Duration took, boolean failed) {
        try {
            delegate.enricherRan(enricher, took, failed);
        } catch (RuntimeException e) {
            LOG.warn("The job observer failed on enricher {}", enricher, e);
        }
    }
}
