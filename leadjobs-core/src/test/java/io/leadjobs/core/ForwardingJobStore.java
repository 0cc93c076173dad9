package io.leadjobs.core;

import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An in-memory store that test stores extend to change one operation and pass the rest through. */
abstract class ForwardingJobStore implements JobStore {
    private final JobStore delegate = InMemory.jobStore();

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        return delegate.commitBatch(jobId, batch);
    }

    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return delegate.prepareResults(jobId, results);
    }

    @Override
    public void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
        delegate.create(job, leads, rejected);
    }

    @Override
    public Optional<Job> find(UUID jobId) {
        return delegate.find(jobId);
    }

    @Override
    public List<Job> listByOwner(String owner) {
        return delegate.listByOwner(owner);
    }

    @Override
    public List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        return delegate.leads(jobId, fromIndex, count);
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        return delegate.transition(jobId, next, errorMessage, lastSeq, logs);
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
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        return delegate.renewLease(jobId, workerId, lease, now);
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        return delegate.purgeFinishedBefore(cutoff);
    }
}
