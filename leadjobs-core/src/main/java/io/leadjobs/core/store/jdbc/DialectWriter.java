package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import io.leadjobs.core.spi.JobStore.PreparedResults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How one dialect writes a job's leads and a batch's results, and so how those rows are keyed: the
 * part of {@link JdbcJobStore} that differs between H2 ({@link H2Writer}, one {@code lead_key}),
 * PostgreSQL with arrays ({@link PgArrayWriter}) and PostgreSQL with binary COPY ({@link PgCopyWriter}).
 * The store picks one at {@code build()}; everything else (reads, leases, status changes, purges) it does
 * itself, asking the writer only where rows of one job's leads lie. Each method runs inside the
 * store's transaction on {@code c}.
 */
interface DialectWriter {
    /** The writer for {@code dialect}; {@code copy} lets a PostgreSQL writer use binary COPY. */
    static DialectWriter of(JdbcDialect dialect, int logsPerJob, boolean asynchronousBatchCommits, boolean copy) {
        return switch (dialect) {
            case H2 -> new H2Writer(logsPerJob);
            case POSTGRESQL -> copy ? new PgCopyWriter(logsPerJob, asynchronousBatchCommits)
                    : new PgArrayWriter(logsPerJob, asynchronousBatchCommits);
        };
    }

    /** Inserts the leads of job {@code jobId}, whose row this transaction has just inserted. */
    void insertLeads(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException;

    /**
     * Stores the batch: the job's counters (fenced by {@link JobRows#fence}), its results replacing any
     * stored for the same leads, and its log entries. Returns the job as stored after it; a batch the
     * fence holds back is a commit sent again or stale ({@link JobRows#alreadyCommitted}).
     */
    Job commitBatch(Connection c, UUID jobId, BatchCommit batch) throws SQLException;

    /** Encodes results ahead of their commit, as {@link #commitBatch} will use them; empty when it cannot. */
    default Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return EncodedResults.asText(jobId, results);
    }

    /**
     * {@code FROM ... ORDER BY} for the rows of {@code table} (alias {@code t}, joined with {@code join})
     * of one job whose lead indexes are in a range; its three parameters, bound by {@link #bindJobRows},
     * are the job, the first index and the index after the last.
     */
    String jobRows(String table, String t, String join);

    /** The condition that joins a result {@code r} to its lead {@code l}. */
    String resultToLead();

    /**
     * Deletes the leads and results of the finished jobs that {@code finishedJobs} ({@code FROM ... WHERE},
     * its one parameter {@code cutoff}) selects.
     */
    void purgeLeadsAndResults(Connection c, String finishedJobs, long cutoff) throws SQLException;

    static void bindJobRows(PreparedStatement ps, UUID jobId, int from, long to) throws SQLException {
        ps.setObject(1, jobId);
        ps.setInt(2, from);
        // lead indexes are ints: beyond the largest, H2's key arithmetic could leave BIGINT
        ps.setLong(3, Math.min(to, Integer.MAX_VALUE + 1L));
    }
}
