package io.leadjobs.core.spi;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where jobs, their leads, results, rejected rows and logs live. Implementations: in-memory (default),
 * JDBC (H2, PostgreSQL). Every implementation passes the abstract {@code JobStoreContractTest}.
 *
 * <p>Failures are reported as {@link io.leadjobs.core.LeadJobsException.StoreException}.
 */
public interface JobStore extends AutoCloseable {

    /** Stores a new queued job with its accepted leads (index = list position) and rejected rows. */
    void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected);

    Optional<Job> find(UUID jobId);

    /** The owner's jobs, newest first. */
    List<Job> listByOwner(String owner);

    /** Accepted leads with {@code fromIndex <= index < fromIndex + count}, in index order. */
    List<AcceptedLead> leads(UUID jobId, int fromIndex, int count);

    /**
     * Commits one processed batch atomically: its results (keyed by job and lead index, so a redone batch
     * overwrites rather than duplicates), the job's new counters, the batch's log entries and the job's
     * last sequence number. Returns the job as stored afterwards.
     */
    Job commitBatch(UUID jobId, BatchCommit batch);

    /**
     * Moves the job to {@code next} if the lifecycle allows it and records {@code lastSeq}; returns the job
     * as stored afterwards. Throws {@link io.leadjobs.core.LeadJobsException.IllegalTransitionException}
     * otherwise.
     */
    Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs);

    /** Results in index order, {@code fromIndex <= index < fromIndex + count}. */
    List<LeadResult> results(UUID jobId, int fromIndex, int count);

    List<RejectedRow> rejected(UUID jobId);

    /** The newest {@code limit} log entries, oldest first. */
    List<LogEntry> recentLogs(UUID jobId, int limit);

    /**
     * Claims the oldest queued job (or a processing job whose lease has expired) for {@code workerId} with a
     * lease of {@code lease}; no two workers ever hold the same job.
     */
    Optional<Job> claimNext(String workerId, Duration lease, Instant now);

    /** Extends the worker's lease; false if the worker no longer holds the job. */
    boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now);

    /** Deletes finished jobs (and everything of theirs) finished before {@code cutoff}; returns how many. */
    int purgeFinishedBefore(Instant cutoff);

    @Override
    default void close() {
    }

    /** An accepted lead: its 0-based index among accepted leads and 1-based data row in the upload. */
    record AcceptedLead(int index, int row, Lead lead) {
    }

    /** One batch's worth of changes, committed together. */
    record BatchCommit(List<LeadResult> results, int processedLeads, int enrichedLeads, int highScoreLeads,
                       List<LogEntry> logs, long lastSeq) {
        public BatchCommit {
            results = List.copyOf(results);
            logs = List.copyOf(logs);
        }
    }
}
