package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A job store that passes every call to another and adds up the time spent in the calls a job's run makes
 * (storing the upload, reading leads, committing batches, status changes), for the benchmark's account of
 * where the time goes.
 */
final class TimedJobStore implements JobStore {
    private final JobStore delegate;
    final LongAdder createNanos = new LongAdder();
    final LongAdder leadsNanos = new LongAdder();
    final LongAdder leadsCalls = new LongAdder();
    final LongAdder commitNanos = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder committedResults = new LongAdder();
    final LongAdder transitionNanos = new LongAdder();
    final LongAdder otherNanos = new LongAdder();

    TimedJobStore(JobStore delegate) {
        this.delegate = delegate;
    }

    private static <T> T timed(LongAdder sum, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            sum.add(System.nanoTime() - start);
        }
    }

    /** One line per category: total milliseconds per job, and per call where it helps. */
    String report(long jobs) {
        double perJob = 1e6 * jobs;
        return String.format("store time per job: create %.1f ms; leads %.1f ms (%d reads); commitBatch %.1f ms"
                        + " (%d commits, %.0f results each, %.2f ms each); transition %.1f ms; other %.1f ms",
                createNanos.sum() / perJob, leadsNanos.sum() / perJob, leadsCalls.sum() / Math.max(1, jobs),
                commitNanos.sum() / perJob, commits.sum() / Math.max(1, jobs),
                committedResults.sum() / (double) Math.max(1, commits.sum()),
                commitNanos.sum() / 1e6 / Math.max(1, commits.sum()), transitionNanos.sum() / perJob, otherNanos.sum() / perJob);
    }

    @Override
    public void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
        timed(createNanos, () -> {
            delegate.create(job, leads, rejected);
            return null;
        });
    }

    @Override
    public Optional<Job> find(UUID jobId) {
        return timed(otherNanos, () -> delegate.find(jobId));
    }

    @Override
    public List<Job> listByOwner(String owner) {
        return timed(otherNanos, () -> delegate.listByOwner(owner));
    }

    @Override
    public List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        leadsCalls.increment();
        return timed(leadsNanos, () -> delegate.leads(jobId, fromIndex, count));
    }

    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return delegate.prepareResults(jobId, results);
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        commits.increment();
        committedResults.add(batch.results().size());
        return timed(commitNanos, () -> delegate.commitBatch(jobId, batch));
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        return timed(transitionNanos, () -> delegate.transition(jobId, next, errorMessage, lastSeq, logs));
    }

    @Override
    public List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        return timed(otherNanos, () -> delegate.results(jobId, fromIndex, count));
    }

    @Override
    public List<RejectedRow> rejected(UUID jobId) {
        return timed(otherNanos, () -> delegate.rejected(jobId));
    }

    @Override
    public List<LogEntry> recentLogs(UUID jobId, int limit) {
        return timed(otherNanos, () -> delegate.recentLogs(jobId, limit));
    }

    @Override
    public Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        return timed(otherNanos, () -> delegate.claimNext(workerId, lease, now));
    }

    @Override
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        return timed(otherNanos, () -> delegate.renewLease(jobId, workerId, lease, now));
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        return timed(otherNanos, () -> delegate.purgeFinishedBefore(cutoff));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
