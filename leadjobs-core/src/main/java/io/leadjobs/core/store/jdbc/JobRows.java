package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.JobColumn.CREATED_AT;
import static io.leadjobs.core.store.jdbc.JobColumn.ENRICHED_LEADS;
import static io.leadjobs.core.store.jdbc.JobColumn.ERROR_MESSAGE;
import static io.leadjobs.core.store.jdbc.JobColumn.FINISHED_AT;
import static io.leadjobs.core.store.jdbc.JobColumn.HIGH_SCORE_LEADS;
import static io.leadjobs.core.store.jdbc.JobColumn.ID;
import static io.leadjobs.core.store.jdbc.JobColumn.LAST_SEQ;
import static io.leadjobs.core.store.jdbc.JobColumn.LOG_COUNT;
import static io.leadjobs.core.store.jdbc.JobColumn.NAME;
import static io.leadjobs.core.store.jdbc.JobColumn.OWNER;
import static io.leadjobs.core.store.jdbc.JobColumn.PROCESSED_LEADS;
import static io.leadjobs.core.store.jdbc.JobColumn.REJECTED_LEADS;
import static io.leadjobs.core.store.jdbc.JobColumn.STARTED_AT;
import static io.leadjobs.core.store.jdbc.JobColumn.STATUS;
import static io.leadjobs.core.store.jdbc.JobColumn.TOTAL_LEADS;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every dialect shares about the job and lead rows: mapping them to records and back, the fence of
 * a batch commit, appending to a job's log, and the checks that end in {@code JobNotFoundException} or a
 * stale batch. Times are stored as nanoseconds since the epoch in a {@code BIGINT}.
 */
final class JobRows {
    private JobRows() {
    }

    /** A job row plus its log counter, which the job record does not carry. */
    record StoredJob(Job job, long logCount) {
    }

    /** Inserts the job's row as {@code job} has it, with a log counter of 0 and no lease. */
    static void insertJob(Connection c, Job job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_job (" + JobColumn.LIST + ", lease_owner, lease_expires_at)"
                + " VALUES (" + "?, ".repeat(JobColumn.values().length - 1) + "0, NULL, NULL)")) {
            ps.setObject(ID.at(), job.id());
            ps.setString(OWNER.at(), job.owner());
            ps.setString(NAME.at(), job.name());
            ps.setString(STATUS.at(), job.status().wireName());
            ps.setInt(TOTAL_LEADS.at(), job.totalLeads());
            ps.setInt(PROCESSED_LEADS.at(), job.processedLeads());
            ps.setInt(ENRICHED_LEADS.at(), job.enrichedLeads());
            ps.setInt(HIGH_SCORE_LEADS.at(), job.highScoreLeads());
            ps.setInt(REJECTED_LEADS.at(), job.rejectedLeads());
            setOptionalString(ps, ERROR_MESSAGE.at(), job.errorMessage());
            ps.setLong(CREATED_AT.at(), nanos(job.createdAt()));
            setOptionalInstant(ps, STARTED_AT.at(), job.startedAt());
            setOptionalInstant(ps, FINISHED_AT.at(), job.finishedAt());
            ps.setLong(LAST_SEQ.at(), job.lastSeq());
            ps.executeUpdate();
        }
    }

    /** Inserts the rows of the upload that were not accepted, numbered in their order. */
    static void insertRejected(Connection c, UUID jobId, List<RejectedRow> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO leadjobs_rejected (job_id, rejected_index, source_row, reason, input) VALUES (?, ?, ?, ?, ?)")) {
            int i = 0;
            for (RejectedRow row : rejected) {
                ps.setObject(1, jobId);
                ps.setInt(2, i++);
                ps.setInt(3, row.row());
                ps.setString(4, row.reason());
                ps.setString(5, TextCodec.encodeLead(row.input()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The job at the result set's current row, which holds {@link JobColumn#LIST} from position 1. */
    static StoredJob readJob(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(ID.at(), UUID.class);
        String status = rs.getString(STATUS.at());
        Job job = new Job(id, rs.getString(OWNER.at()), rs.getString(NAME.at()),
                JobStatus.fromWireName(status).orElseThrow(
                        () -> LeadJobsException.storeFailure("read job " + id, new IllegalStateException("unknown status '" + status + "'"))),
                rs.getInt(TOTAL_LEADS.at()), rs.getInt(PROCESSED_LEADS.at()), rs.getInt(ENRICHED_LEADS.at()),
                rs.getInt(HIGH_SCORE_LEADS.at()), rs.getInt(REJECTED_LEADS.at()), Optional.ofNullable(rs.getString(ERROR_MESSAGE.at())),
                instant(rs.getLong(CREATED_AT.at())), optionalInstant(rs, STARTED_AT.at()), optionalInstant(rs, FINISHED_AT.at()),
                rs.getLong(LAST_SEQ.at()));
        return new StoredJob(job, rs.getLong(LOG_COUNT.at()));
    }

    /** The lead whose fields ({@link LeadColumn#fields}) the result set's current row holds from position {@code first}. */
    static Lead readLead(ResultSet rs, int first, UUID jobId) throws SQLException {
        try {
            return new Lead(rs.getString(LeadColumn.EMAIL.at(first)), rs.getString(LeadColumn.FIRST_NAME.at(first)),
                    rs.getString(LeadColumn.LAST_NAME.at(first)), rs.getString(LeadColumn.COMPANY.at(first)),
                    rs.getString(LeadColumn.TITLE.at(first)), rs.getString(LeadColumn.WEBSITE.at(first)),
                    rs.getString(LeadColumn.PHONE.at(first)), rs.getString(LeadColumn.COUNTRY.at(first)),
                    TextCodec.decodeExtra(rs.getString(LeadColumn.EXTRA.at(first))));
        } catch (IllegalArgumentException e) {
            throw LeadJobsException.storeFailure("read a lead of job " + jobId, e);
        }
    }

    /** The first job the statement returns; empty when it returns none. */
    static Optional<StoredJob> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(readJob(rs)) : Optional.empty();
        }
    }

    /** The job the statement returns; {@code JobNotFoundException} when it returns none. */
    static StoredJob single(PreparedStatement ps, UUID jobId) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw LeadJobsException.jobNotFound(jobId);
            }
            return readJob(rs);
        }
    }

    static void requireJob(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw LeadJobsException.jobNotFound(jobId);
                }
            }
        }
    }

    /** {@code rows}, unless they are empty because the job does not exist: then JobNotFoundException. */
    static <T> List<T> requireJobIfEmpty(Connection c, UUID jobId, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            requireJob(c, jobId);
        }
        return rows;
    }

    /**
     * The job's row did not take the batch because its {@code last_seq} is not below the batch's: the
     * stored job if this very batch is what it holds (a commit sent again), else the batch is stale.
     */
    static Job alreadyCommitted(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        Job stored;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JobColumn.LIST + " FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            stored = single(ps, jobId).job;
        }
        if (batch.isLastCommitOf(stored)) {
            return stored;
        }
        throw LeadJobsException.staleBatch(jobId, stored.lastSeq(), batch.lastSeq());
    }

    /** Fails the commit (rolling it back) when a result's lead index is outside the job's leads. */
    static void requireKnownLeads(UUID jobId, BatchCommit batch, Job job) {
        for (LeadResult r : batch.results()) {
            if (r.index() < 0 || r.index() >= job.totalLeads()) {
                throw LeadJobsException.storeFailure("commit a batch of job " + jobId, new IllegalArgumentException(
                        "lead index " + r.index() + " is outside 0-" + (job.totalLeads() - 1)));
            }
        }
    }

    /**
     * The {@code SET} list of a batch commit's update of the job row; its parameters, bound by
     * {@link #bindCounters}, come before those of {@link #fence}.
     */
    static final String COUNTERS = "processed_leads = ?, enriched_leads = ?, high_score_leads = ?, last_seq = ?, log_count = log_count + ?";

    /** Binds the parameters of {@link #COUNTERS} and then the job id from {@code p} on; returns the next position. */
    static int bindCounters(PreparedStatement ps, int p, UUID jobId, BatchCommit batch) throws SQLException {
        ps.setInt(p++, batch.processedLeads());
        ps.setInt(p++, batch.enrichedLeads());
        ps.setInt(p++, batch.highScoreLeads());
        ps.setLong(p++, batch.lastSeq());
        ps.setInt(p++, batch.logs().size());
        ps.setObject(p++, jobId);
        return p;
    }

    /**
     * The condition on the job row under which a batch commit may change it, as {@link BatchCommit#mayFollow}
     * states it; its parameters are bound by {@link #bindFence}.
     */
    static String fence(BatchCommit batch) {
        return batch.isUnreported() ? "(last_seq < ? OR last_seq = ? AND processed_leads < ?)" : "last_seq < ?";
    }

    static int bindFence(PreparedStatement ps, int p, BatchCommit batch) throws SQLException {
        ps.setLong(p++, batch.lastSeq());
        if (batch.isUnreported()) {
            ps.setLong(p++, batch.lastSeq());
            ps.setInt(p++, batch.processedLeads());
        }
        return p;
    }

    /** Inserts {@code logs} numbered up to {@code lastLogNo} and trims the job's log to {@code logsPerJob}. */
    static void appendLogs(Connection c, UUID jobId, long lastLogNo, List<LogEntry> logs, int logsPerJob) throws SQLException {
        if (logs.isEmpty()) {
            return;
        }
        long firstNo = lastLogNo - logs.size() + 1;
        // entries that would be trimmed at once are not written at all
        int skip = Math.max(0, logs.size() - logsPerJob);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO leadjobs_log (job_id, log_no, log_level, message, logged_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = skip; i < logs.size(); i++) {
                LogEntry e = logs.get(i);
                ps.setObject(1, jobId);
                ps.setLong(2, firstNo + i);
                ps.setString(3, e.level().name());
                ps.setString(4, e.message());
                ps.setLong(5, nanos(e.timestamp()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // older entries exist (firstNo > 1) and the newest logsPerJob now end above them
        if (firstNo > 1 && lastLogNo > logsPerJob) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leadjobs_log WHERE job_id = ? AND log_no <= ?")) {
                ps.setObject(1, jobId);
                ps.setLong(2, lastLogNo - logsPerJob);
                ps.executeUpdate();
            }
        }
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
    }

    static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, nanos(value.get()));
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static void setOptionalString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }
}
