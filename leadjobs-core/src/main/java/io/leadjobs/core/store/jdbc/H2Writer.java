package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.LeadColumn.COMPANY;
import static io.leadjobs.core.store.jdbc.LeadColumn.COUNTRY;
import static io.leadjobs.core.store.jdbc.LeadColumn.EMAIL;
import static io.leadjobs.core.store.jdbc.LeadColumn.EXTRA;
import static io.leadjobs.core.store.jdbc.LeadColumn.FIRST_NAME;
import static io.leadjobs.core.store.jdbc.LeadColumn.LAST_NAME;
import static io.leadjobs.core.store.jdbc.LeadColumn.LEAD_INDEX;
import static io.leadjobs.core.store.jdbc.LeadColumn.PHONE;
import static io.leadjobs.core.store.jdbc.LeadColumn.SOURCE_ROW;
import static io.leadjobs.core.store.jdbc.LeadColumn.TITLE;
import static io.leadjobs.core.store.jdbc.LeadColumn.WEBSITE;

import io.leadjobs.core.Job;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * H2 (schema version 4): a job's leads and results are keyed by one {@code BIGINT},
 * {@code lead_key = job_seq * 2^32 + lead_index}, so that H2 keeps each table in one B-tree instead of
 * two; a job's rows are the key range {@code [base, base + LEAD_KEYS_PER_JOB)}. Leads go in as JDBC
 * batches; a batch's results replace any stored for the same leads by a delete and an insert, cheaper
 * on H2 than a MERGE per row.
 */
final class H2Writer implements DialectWriter {
    /** Rows per JDBC batch when inserting a job's leads. */
    static final int INSERT_CHUNK = 1000;
    /** How many lead keys each job has. */
    static final long LEAD_KEYS_PER_JOB = 1L << 32;

    /** {@code lead_key} first, then {@code job_id}, then {@link LeadColumn#LIST}: the parameters of {@link #insertLeads}. */
    private static final int KEY = 1;
    private static final int JOB = 2;
    private static final int FIRST_LEAD_COLUMN = 3;

    private final int logsPerJob;

    H2Writer(int logsPerJob) {
        this.logsPerJob = logsPerJob;
    }

    /** JDBC batches of {@value #INSERT_CHUNK} rows, keyed by the job's key base plus the lead's index. */
    @Override
    public void insertLeads(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        long keyBase = leadKeyBase(c, jobId);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_lead (lead_key, job_id, " + LeadColumn.LIST
                + ") VALUES (?, ?" + ", ?".repeat(LeadColumn.values().length) + ")")) {
            int pending = 0;
            for (AcceptedLead accepted : leads) {
                Lead lead = accepted.lead();
                ps.setLong(KEY, keyBase + accepted.index());
                ps.setObject(JOB, jobId);
                ps.setInt(leadColumn(LEAD_INDEX), accepted.index());
                ps.setInt(leadColumn(SOURCE_ROW), accepted.row());
                ps.setString(leadColumn(EMAIL), lead.email());
                ps.setString(leadColumn(FIRST_NAME), lead.firstName());
                ps.setString(leadColumn(LAST_NAME), lead.lastName());
                ps.setString(leadColumn(COMPANY), lead.company());
                ps.setString(leadColumn(TITLE), lead.title());
                ps.setString(leadColumn(WEBSITE), lead.website());
                ps.setString(leadColumn(PHONE), lead.phone());
                ps.setString(leadColumn(COUNTRY), lead.country());
                ps.setString(leadColumn(EXTRA), TextCodec.encodeExtra(lead.extra()));
                ps.addBatch();
                if (++pending == INSERT_CHUNK) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static int leadColumn(LeadColumn column) {
        return FIRST_LEAD_COLUMN - 1 + column.at();
    }

    @Override
    public Job commitBatch(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        JobRows.StoredJob stored;
        long keyBase;
        // the updated row's job_seq, selected after the job's columns, gives the batch's lead keys
        try (PreparedStatement ps = c.prepareStatement(JdbcDialect.H2.updateReturning(
                JobRows.COUNTERS + " WHERE id = ? AND " + JobRows.fence(batch), JobColumn.LIST + ", job_seq"))) {
            JobRows.bindFence(ps, JobRows.bindCounters(ps, 1, jobId, batch), batch);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return JobRows.alreadyCommitted(c, jobId, batch);
                }
                stored = JobRows.readJob(rs);
                keyBase = leadKeyBase(rs.getLong(JobColumn.NEXT));
            }
        }
        JobRows.requireKnownLeads(jobId, batch, stored.job());
        replaceResults(c, keyBase, jobId, batch.results(), EncodedResults.texts(jobId, batch));
        JobRows.appendLogs(c, jobId, stored.logCount(), batch.logs(), logsPerJob);
        return stored.job();
    }

    /**
     * The results replace any stored for the same leads (so a redone batch overwrites): the leads are
     * cleared first, one key range or lead by lead, then the results inserted.
     */
    private static void replaceResults(Connection c, long keyBase, UUID jobId, List<LeadResult> results, EncodedResults.Texts texts)
            throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        LeadRange leads = LeadRange.of(results);
        if (leads.consecutive()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leadjobs_result WHERE lead_key >= ? AND lead_key <= ?")) {
                ps.setLong(1, keyBase + leads.low());
                ps.setLong(2, keyBase + leads.high());
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leadjobs_result WHERE lead_key = ?")) {
                for (LeadResult r : results) {
                    ps.setLong(1, keyBase + r.index());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_result (lead_key, job_id, lead_index, source_row,"
                + " score, grade, high_score, enriched, reasons, enrichment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < results.size(); i++) {
                LeadResult r = results.get(i);
                LeadScore score = r.score();
                int p = 1;
                ps.setLong(p++, keyBase + r.index());
                ps.setObject(p++, jobId);
                ps.setInt(p++, r.index());
                ps.setInt(p++, r.row());
                ps.setInt(p++, score.score());
                ps.setString(p++, score.grade().name());
                ps.setBoolean(p++, score.highScore());
                ps.setBoolean(p++, r.enriched());
                ps.setString(p++, texts.reasons()[i]);
                ps.setString(p, texts.enrichment()[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The job's {@code job_seq} turns the range of lead indexes into a {@code lead_key} range, in the same statement. */
    @Override
    public String jobRows(String table, String t, String join) {
        return " FROM leadjobs_job j JOIN " + table + " " + t + " ON j.id = ? AND " + t + ".lead_key >= j.job_seq * "
                + LEAD_KEYS_PER_JOB + " + ? AND " + t + ".lead_key < j.job_seq * " + LEAD_KEYS_PER_JOB + " + ?" + join
                + " ORDER BY " + t + ".lead_key";
    }

    @Override
    public String resultToLead() {
        return "l.lead_key = r.lead_key";
    }

    /** One key range per job. */
    @Override
    public void purgeLeadsAndResults(Connection c, String finishedJobs, long cutoff) throws SQLException {
        List<Long> bases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT job_seq" + finishedJobs)) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bases.add(leadKeyBase(rs.getLong(1)));
                }
            }
        }
        for (String table : List.of("leadjobs_result", "leadjobs_lead")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE lead_key >= ? AND lead_key < ?")) {
                for (long base : bases) {
                    ps.setLong(1, base);
                    ps.setLong(2, base + LEAD_KEYS_PER_JOB);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The first lead key of the job whose {@code job_seq} is {@code jobSeq}. */
    static long leadKeyBase(long jobSeq) throws SQLException {
        if (jobSeq < 1 || jobSeq > Integer.MAX_VALUE) {
            // job_seq counts jobs from 1: this is the 2,147,483,648th, and its keys would not fit a BIGINT
            throw new SQLException("job_seq " + jobSeq + " is outside 1.." + Integer.MAX_VALUE
                    + ", the jobs whose lead keys (job_seq * 2^32 + lead_index) fit in a BIGINT", "22003");
        }
        return jobSeq * LEAD_KEYS_PER_JOB;
    }

    /** The first lead key of job {@code jobId}, which this transaction has just created. */
    private static long leadKeyBase(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT job_seq FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw LeadJobsException.jobNotFound(jobId);
                }
                return leadKeyBase(rs.getLong(1));
            }
        }
    }
}
