package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobStore} decorator that lets a running job ride out a database outage: the operations a
 * job's worker needs (reading its leads, committing a batch, changing the job's status, renewing its
 * lease) are retried with exponential backoff while the failure looks like a lost or
 * refused connection, for at most {@link Builder#maxWait(Duration)}; then the last failure is thrown as a
 * {@link LeadJobsException.StoreException} that says how long the store tried. Every retried write is one
 * transaction in the wrapped store, so an attempt that failed left nothing behind.
 *
 * <p>Submitting jobs, reads on behalf of clients (a job, its results, rejected rows, logs, an owner's
 * jobs), claiming and purging are not retried: their callers answer at once (a refused submit, an idle
 * poll) and try again later on their own.
 *
 * <p>When the connection drops after the database committed a batch but before it said so, the retry
 * finds the batch already stored (its {@code lastSeq} fences it, see {@link JobStore#commitBatch}) and
 * stores nothing twice.
 */
public final class RetryingJobStore implements JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingJobStore.class);

    private final JobStore delegate;
    private final Duration maxWait;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryingJobStore(Builder b) {
        this.delegate = b.delegate;
        this.maxWait = b.maxWait;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
    }

    /** Wraps {@code delegate} with the default policy: up to 20 s, backoff from 100 ms doubling to 5 s. */
    public static RetryingJobStore wrap(JobStore delegate) {
        return builder(delegate).build();
    }

    public static Builder builder(JobStore delegate) {
        return new Builder(delegate);
    }

    public Duration maxWait() {
        return maxWait;
    }

    // ---- retried: what a running job needs -------------------------------------------------------

    @Override
    public List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        return retry("read the leads of job " + jobId, () -> delegate.leads(jobId, fromIndex, count));
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        return retry("commit a batch of job " + jobId, () -> delegate.commitBatch(jobId, batch));
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        boolean[] attempted = {false};
        return retry("move job " + jobId + " to " + next.wireName(), () -> {
            try {
                return delegate.transition(jobId, next, errorMessage, lastSeq, logs);
            } catch (LeadJobsException.IllegalTransitionException e) {
                // an earlier attempt may have committed before its connection dropped: that is success
                if (attempted[0]) {
                    Optional<Job> now = delegate.find(jobId);
                    if (now.isPresent() && now.get().status() == next && now.get().lastSeq() == lastSeq) {
                        return now.get();
                    }
                }
                throw e;
            } finally {
                attempted[0] = true;
            }
        });
    }

    @Override
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        return retry("renew the lease on job " + jobId, () -> delegate.renewLease(jobId, workerId, lease, now));
    }

    // ---- passed through --------------------------------------------------------------------------

    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return delegate.prepareResults(jobId, results);
    }

    @Override
    public Optional<Job> find(UUID jobId) {
        return delegate.find(jobId);
    }

    @Override
    public void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
        delegate.create(job, leads, rejected);
    }

    @Override
    public List<Job> listByOwner(String owner) {
        return delegate.listByOwner(owner);
    }

    @Override
    public List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        return delegate.results(jobId, fromIndex, count);
    }

    @Override
    public List<RejectedRow> rejected(UUID jobId) {
        return delegate.rejected(jobId);
    }

    @Override
    public List<LogEntry> recentLogs(UUID jobId, int limit) {
        return delegate.recentLogs(jobId, limit);
    }

    @Override
    public Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        return delegate.claimNext(workerId, lease, now);
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        return delegate.purgeFinishedBefore(cutoff);
    }

    /** Not retried: the user asking to cancel gets an answer at once. */
    @Override
    public boolean requestCancel(UUID jobId) {
        return delegate.requestCancel(jobId);
    }

    /** Not retried: the worker asks again before its next batch. */
    @Override
    public boolean cancelRequested(UUID jobId) {
        return delegate.cancelRequested(jobId);
    }

    @Override
    public void close() {
        delegate.close();
    }

    // ---- the retry loop ---------------------------------------------------------------------------

    private <T> T retry(String what, Supplier<T> operation) {
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        long backoff = initialBackoff.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                T result = operation.get();
                if (attempts > 1) {
                    LOG.info("Database is back: managed to {} after {} attempts", what, attempts);
                }
                return result;
            } catch (LeadJobsException e) {
                Optional<SQLException> outage = outageCause(e);
                if (outage.isEmpty()) {
                    throw e;
                }
                long now = System.nanoTime();
                if (now + backoff > deadline) {
                    long waitedMs = (now - start) / 1_000_000;
                    LOG.error("Giving up: could not {} after {} attempts over {} ms: {}", what, attempts, waitedMs, outage.get().getMessage());
                    throw LeadJobsException.storeFailure(what + " (the database stayed unreachable for " + waitedMs
                            + " ms over " + attempts + " attempts)", outage.get());
                }
                if (attempts == 1) {
                    LOG.warn("Database unreachable, could not {}; retrying for up to {} ms: {}", what, maxWait.toMillis(),
                            outage.get().getMessage());
                }
                sleep(backoff, what);
                backoff = Math.min(backoff * 2, maxBackoff.toNanos());
            }
        }
    }

    private static void sleep(long nanos, String what) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LeadJobsException.storeFailure(what + " (interrupted while waiting for the database)", e);
        }
    }

    /**
     * The SQL failure behind {@code e} if it means the database could not be reached or dropped the
     * connection (SQLState class 08, PostgreSQL's 57P01-57P03 shutdown codes, class 53 resource
     * shortage, serialization failures and deadlocks), or the driver calls it transient or recoverable.
     * Wrong data, constraint violations, missing jobs and illegal transitions are never retried.
     */
    static Optional<SQLException> outageCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isOutage(sql)) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    private static boolean isOutage(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01");
    }

    /** Builds a {@link RetryingJobStore}; every setter validates at once. */
    public static final class Builder {
        private final JobStore delegate;
        private Duration maxWait = Duration.ofSeconds(20);
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);

        private Builder(JobStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * How long one operation keeps retrying before it fails (default 20 s; zero means never retry). Keep
         * it below the job service's lease (default 30 s): a worker still waiting for the database when its
         * lease runs out may find that another server has taken its job over.
         */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
                throw LeadJobsException.invalidSetting("maxWait", "between 0 and 1 hour", maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /** The first pause between attempts, doubled after each until {@link #maxBackoff} (default 100 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (initialBackoff.toMillis() < 1 || initialBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
                throw LeadJobsException.invalidSetting("initialBackoff", "between 1 ms and 1 minute", initialBackoff);
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** The longest pause between attempts (default 5 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxBackoff.toMillis() < 1 || maxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
                throw LeadJobsException.invalidSetting("maxBackoff", "between 1 ms and 5 minutes", maxBackoff);
            }
            this.maxBackoff = maxBackoff;
            return this;
        }

        public RetryingJobStore build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw LeadJobsException.invalidSetting("maxBackoff", "at least initialBackoff (" + initialBackoff + ")", maxBackoff);
            }
            return new RetryingJobStore(this);
        }
    }
}
