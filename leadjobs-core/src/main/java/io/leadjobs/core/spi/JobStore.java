package io.leadjobs.core.spi;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
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

    /**
     * Stores a new queued job with its accepted leads (index = list position) and rejected rows. Refuses, as
     * {@link #checkNewJob} does, leads that do not match the job.
     */
    void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected);

    /**
     * What every store's {@link #create} checks before it stores anything: the job has as many leads as its
     * {@code totalLeads} says, and their indexes are 0, 1, 2 ... in list order. Throws a
     * {@link io.leadjobs.core.LeadJobsException} naming the job and the first lead that is wrong.
     */
    static void checkNewJob(Job job, List<AcceptedLead> leads) {
        if (job.totalLeads() != leads.size()) {
            throw new LeadJobsException("Job " + job.id() + " says it has " + job.totalLeads()
                    + " leads, but " + leads.size() + " were given.");
        }
        for (int i = 0; i < leads.size(); i++) {
            if (leads.get(i).index() != i) {
                throw new LeadJobsException("Lead at position " + i + " of job " + job.id()
                        + " has index " + leads.get(i).index() + "; indexes must be 0, 1, 2 ...");
            }
        }
    }

    Optional<Job> find(UUID jobId);

    /** The owner's jobs, newest first (of jobs created at the same instant, the one created last first). */
    List<Job> listByOwner(String owner);

    /**
     * Accepted leads with {@code fromIndex <= index < fromIndex + count}, in index order. Throws
     * {@link io.leadjobs.core.LeadJobsException.JobNotFoundException} for an unknown job (as do
     * {@link #commitBatch}, {@link #results}, {@link #rejected} and {@link #recentLogs}).
     */
    List<AcceptedLead> leads(UUID jobId, int fromIndex, int count);

    /**
     * Commits one processed batch atomically: its results (keyed by job and lead index, so a redone batch
     * overwrites rather than duplicates), the job's new counters, the batch's log entries and the job's
     * last sequence number. Counters and {@code lastSeq} in the batch are the new totals, not increments; a
     * batch without results only records counters, logs and {@code lastSeq}. A result whose index is not an
     * accepted lead of the job fails the whole batch with a {@link io.leadjobs.core.LeadJobsException},
     * storing none of it. Returns the job as stored afterwards.
     *
     * <p>The batch's {@code lastSeq} fences it: a batch is stored when its {@code lastSeq} is greater than the
     * stored one, or when it equals the stored one, carries no log entries and has more processed leads than
     * stored: results committed without publishing an update (the pipeline reports progress at most once per
     * interval, so commits in between add no sequence numbers; see {@link BatchCommit#isUnreported}). A batch
     * whose {@code lastSeq} and counters equal the stored ones is the batch committed last, sent again because
     * the answer to its commit was lost; it is not stored a second time (its log entries are not repeated) and
     * the stored job is returned. Any other batch comes from a worker that another has overtaken (the new
     * worker's first commit numbers an update), and fails with
     * {@link io.leadjobs.core.LeadJobsException.IllegalTransitionException}, storing nothing.
     */
    Job commitBatch(UUID jobId, BatchCommit batch);

    /**
     * Moves the job to {@code next} if the lifecycle allows it, records {@code errorMessage}, {@code lastSeq}
     * and {@code logs}, sets {@code startedAt}/{@code finishedAt} (the store's current time) as
     * {@link Job#withStatus} does, and releases
     * the lease when {@code next} is terminal; returns the job as stored afterwards, atomically.
     *
     * <p>Throws {@link io.leadjobs.core.LeadJobsException.IllegalTransitionException} when the lifecycle does
     * not allow the move, and also when {@code lastSeq} is not greater than the stored {@code lastSeq}: two
     * writers racing on one job (a worker starting it, a user cancelling it) can then never both publish
     * the same sequence number; the loser re-reads the job. Throws
     * {@link io.leadjobs.core.LeadJobsException.JobNotFoundException} for an unknown job.
     */
    Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs);

    /** Stored results in index order, {@code fromIndex <= index < fromIndex + count} (leads without a result yet are skipped). */
    List<LeadResult> results(UUID jobId, int fromIndex, int count);

    List<RejectedRow> rejected(UUID jobId);

    /** The newest {@code limit} log entries, oldest first. A store may keep only the newest entries of a job. */
    List<LogEntry> recentLogs(UUID jobId, int limit);

    /**
     * Claims the oldest (by {@code createdAt}, then in the order of {@link #create}) job that is queued or
     * processing and whose lease is absent or expired at {@code now}, for {@code workerId}, with a lease
     * until {@code now + lease}; no two workers ever hold the same job. The job's status is not changed: the processor moves a queued job to
     * processing, and resumes a processing one (its previous worker died or stopped).
     */
    Optional<Job> claimNext(String workerId, Duration lease, Instant now);

    /**
     * Extends the worker's lease to {@code now + lease}; false if the worker no longer holds the job (another
     * worker claimed it after the lease expired, or the job finished). A lease that expired but that nobody
     * claimed meanwhile may be renewed.
     */
    boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now);

    /**
     * Records that cancelling the job was asked for, so that the worker running it, in this process or in
     * another one that shares the store, stops it between two batches ({@link #cancelRequested}). Returns
     * true if the job is queued or processing and the request is recorded; false if it has finished, or if
     * the store cannot carry requests between processes (this default). Throws
     * {@link io.leadjobs.core.LeadJobsException.JobNotFoundException} for an unknown job.
     */
    default boolean requestCancel(UUID jobId) {
        return false;
    }

    /**
     * Whether {@link #requestCancel} was recorded for the job; false by default. Throws
     * {@link io.leadjobs.core.LeadJobsException.JobNotFoundException} for an unknown job.
     */
    default boolean cancelRequested(UUID jobId) {
        return false;
    }

    /**
     * Turns some of a job's results into the form this store writes them in, ahead of the
     * {@link #commitBatch} that will carry them ({@link BatchCommit#prepared()}). The batch pipeline calls it
     * on the enrichment pool as each batch is scored, so this work is spread over the pool's threads
     * while the data is fresh instead of lengthening the commit the job waits for. Empty when the store
     * has no such form (this default) or cannot encode these results (the commit then encodes them and
     * reports the problem). Stores nothing; may be called from several threads at once.
     *
     * <p>Why this is part of the SPI although only a database store uses it: encoding a batch for the
     * database (binary {@code COPY} rows, or the text of each result's reasons and enrichment) is a
     * large part of a commit, and a job's commits run one at a time while its batches are scored on many
     * threads (done ahead, it took a lone job's commits of about 600 results from 11-15 ms to 8-10 ms in
     * the JDBC store's benchmark; see core's README). Only the pipeline knows when a batch is finished
     * and on which pool thread; a store cannot see a batch before its commit without a pool of its own.
     * So the pipeline offers each finished batch to the store here, on the thread that finished it, and
     * hands back what the store made, unread, with the commit ({@link BatchCommit#prepared()}). What is
     * prepared stays the store's business: the pipeline never looks inside, and a store that ignores
     * this method (as the in-memory one does) loses nothing.
     */
    default Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return Optional.empty();
    }

    /** Deletes finished jobs (and everything of theirs) finished before {@code cutoff}; returns how many. */
    int purgeFinishedBefore(Instant cutoff);

    @Override
    default void close() {
    }

    /** An accepted lead: its 0-based index among accepted leads and 1-based data row in the upload. */
    record AcceptedLead(int index, int row, Lead lead) {
    }

    /**
     * Results in the form one store writes them in, made by its {@link #prepareResults} ahead of the
     * commit that carries them; opaque to everyone else.
     */
    interface PreparedResults {
        /** The results this form holds, in order. */
        List<LeadResult> results();
    }

    /**
     * One batch's worth of changes, committed together. {@code prepared}, when not empty, holds the same
     * results as {@code results}, in the same order, as this store's {@link #prepareResults} made them: the
     * store may write those forms instead of encoding the results again, and ignores forms it cannot use or
     * that do not hold exactly these results.
     */
    record BatchCommit(List<LeadResult> results, int processedLeads, int enrichedLeads, int highScoreLeads,
                       List<LogEntry> logs, long lastSeq, List<PreparedResults> prepared) {
        public BatchCommit {
            results = List.copyOf(results);
            logs = List.copyOf(logs);
            prepared = List.copyOf(prepared);
        }

        /** A batch without prepared forms: the store encodes its results itself. */
        public BatchCommit(List<LeadResult> results, int processedLeads, int enrichedLeads, int highScoreLeads,
                           List<LogEntry> logs, long lastSeq) {
            this(results, processedLeads, enrichedLeads, highScoreLeads, logs, lastSeq, List.of());
        }

        /** Whether the fence of {@link #commitBatch} lets this batch change {@code job} as it is stored. */
        public boolean mayFollow(Job job) {
            return lastSeq > job.lastSeq() || lastSeq == job.lastSeq() && isUnreported() && processedLeads > job.processedLeads();
        }

        /** A batch that publishes no update: it carries no log entries, and its {@code lastSeq} is the job's. */
        public boolean isUnreported() {
            return logs.isEmpty();
        }

        /**
         * Whether this batch is the one that left {@code job} as it is stored: same {@code lastSeq} and
         * counters (a commit sent again after its answer was lost).
         */
        public boolean isLastCommitOf(Job job) {
            return lastSeq == job.lastSeq() && processedLeads == job.processedLeads()
                    && enrichedLeads == job.enrichedLeads() && highScoreLeads == job.highScoreLeads();
        }
    }
}
