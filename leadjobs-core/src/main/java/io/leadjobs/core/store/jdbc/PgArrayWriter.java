package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL through any driver: leads and results are keyed by {@code (job_id, lead_index)}; leads go in
 * thousands per statement, one array per column ({@code unnest}), and a batch commits in one statement
 * of data-modifying CTEs ({@link #commitStatement}), so one round trip plus the commit.
 * {@link PgCopyWriter} extends it with binary COPY where the connection is the PostgreSQL driver's.
 */
class PgArrayWriter implements DialectWriter {
    /** Leads per statement when inserting them from arrays. */
    static final int ARRAY_CHUNK = 5000;

    private final int logsPerJob;
    private final boolean asynchronousBatchCommits;

    PgArrayWriter(int logsPerJob, boolean asynchronousBatchCommits) {
        this.logsPerJob = logsPerJob;
        this.asynchronousBatchCommits = asynchronousBatchCommits;
    }

    @Override
    public void insertLeads(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        // the job, then the arrays of the lead's columns in LeadColumn order
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_lead (job_id, " + LeadColumn.LIST + ")"
                + " SELECT ?, t.* FROM unnest(?::int4[], ?::int4[]" + ", ?::varchar[]".repeat(LeadColumn.FIELDS) + ") AS t")) {
            for (int from = 0; from < leads.size(); from += ARRAY_CHUNK) {
                int n = Math.min(ARRAY_CHUNK, leads.size() - from);
                Integer[] index = new Integer[n];
                Integer[] row = new Integer[n];
                String[][] text = new String[LeadColumn.FIELDS][n];
                for (int i = 0; i < n; i++) {
                    AcceptedLead a = leads.get(from + i);
                    Lead l = a.lead();
                    index[i] = a.index();
                    row[i] = a.row();
                    text[field(LeadColumn.EMAIL)][i] = l.email();
                    text[field(LeadColumn.FIRST_NAME)][i] = l.firstName();
                    text[field(LeadColumn.LAST_NAME)][i] = l.lastName();
                    text[field(LeadColumn.COMPANY)][i] = l.company();
                    text[field(LeadColumn.TITLE)][i] = l.title();
                    text[field(LeadColumn.WEBSITE)][i] = l.website();
                    text[field(LeadColumn.PHONE)][i] = l.phone();
                    text[field(LeadColumn.COUNTRY)][i] = l.country();
                    text[field(LeadColumn.EXTRA)][i] = TextCodec.encodeExtra(l.extra());
                }
                int p = 1;
                ps.setObject(p++, jobId);
                ps.setArray(p++, c.createArrayOf("int4", index));
                ps.setArray(p++, c.createArrayOf("int4", row));
                for (String[] column : text) {
                    ps.setArray(p++, c.createArrayOf("varchar", column));
                }
                ps.executeUpdate();
            }
        }
    }

    /** The 0-based position of a lead's field among {@link LeadColumn#FIELDS}. */
    private static int field(LeadColumn column) {
        return column.at(0);
    }

    /** The whole batch in one statement; its results CTE upserts the results from arrays. */
    @Override
    public Job commitBatch(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        List<LeadResult> results = batch.results();
        EncodedResults.Texts texts = EncodedResults.texts(jobId, batch);
        int n = results.size();
        Integer[] index = new Integer[n];
        Integer[] row = new Integer[n];
        Integer[] score = new Integer[n];
        String[] grade = new String[n];
        Boolean[] high = new Boolean[n];
        Boolean[] enriched = new Boolean[n];
        for (int i = 0; i < n; i++) {
            LeadResult r = results.get(i);
            index[i] = r.index();
            row[i] = r.row();
            score[i] = r.score().score();
            grade[i] = r.score().grade().name();
            high[i] = r.score().highScore();
            enriched[i] = r.enriched();
        }
        String upsert = "r AS (INSERT INTO leadjobs_result (job_id, lead_index, source_row, score, grade, high_score, enriched, reasons, enrichment)"
                + " SELECT j.id, t.* FROM j, unnest(?::int4[], ?::int4[], ?::int4[], ?::varchar[], ?::bool[], ?::bool[], ?::varchar[], ?::varchar[]) AS t"
                + " ON CONFLICT (job_id, lead_index) DO UPDATE SET source_row = EXCLUDED.source_row, score = EXCLUDED.score,"
                + " grade = EXCLUDED.grade, high_score = EXCLUDED.high_score, enriched = EXCLUDED.enriched,"
                + " reasons = EXCLUDED.reasons, enrichment = EXCLUDED.enrichment)";
        Optional<JobRows.StoredJob> updated = commitStatement(c, jobId, batch, upsert, (ps, p) -> {
            ps.setArray(p++, c.createArrayOf("int4", index));
            ps.setArray(p++, c.createArrayOf("int4", row));
            ps.setArray(p++, c.createArrayOf("int4", score));
            ps.setArray(p++, c.createArrayOf("varchar", grade));
            ps.setArray(p++, c.createArrayOf("bool", high));
            ps.setArray(p++, c.createArrayOf("bool", enriched));
            ps.setArray(p++, c.createArrayOf("varchar", texts.reasons()));
            ps.setArray(p++, c.createArrayOf("varchar", texts.enrichment()));
            return p;
        });
        if (updated.isEmpty()) {
            return JobRows.alreadyCommitted(c, jobId, batch);
        }
        // checked after the statement; throwing rolls the whole batch back
        JobRows.requireKnownLeads(jobId, batch, updated.get().job());
        return updated.get().job();
    }

    /** Binds a statement's parameters from {@code p} on; returns the next parameter's position. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement ps, int p) throws SQLException;
    }

    /**
     * The one statement of a batch commit, data-modifying CTEs that update the job row (fenced by
     * {@code last_seq}), run {@code resultsCte} (a CTE named {@code r} that may read the updated row as
     * {@code j}; {@code bindResults} binds its parameters), append the batch's logs and trim the log. The
     * CTEs all see the log as it was before the statement, so the trim only removes older entries. Empty
     * when the fence held the statement back: then nothing was written.
     */
    final Optional<JobRows.StoredJob> commitStatement(Connection c, UUID jobId, BatchCommit batch, String resultsCte,
                                                      Binder bindResults) throws SQLException {
        List<LogEntry> logs = batch.logs();
        int skip = Math.max(0, logs.size() - logsPerJob);
        int kept = logs.size() - skip;
        String[] level = new String[kept];
        String[] message = new String[kept];
        Long[] loggedAt = new Long[kept];
        for (int i = 0; i < kept; i++) {
            LogEntry e = logs.get(skip + i);
            level[i] = e.level().name();
            message[i] = e.message();
            loggedAt[i] = JobRows.nanos(e.timestamp());
        }
        String sql = "WITH j AS (UPDATE leadjobs_job SET " + JobRows.COUNTERS + " WHERE id = ? AND " + JobRows.fence(batch)
                + " RETURNING " + JobColumn.LIST + "), "
                + resultsCte + ","
                + " l AS (INSERT INTO leadjobs_log (job_id, log_no, log_level, message, logged_at)"
                + " SELECT j.id, j.log_count - ? + t.ord, t.lvl, t.msg, t.at FROM j,"
                + " unnest(?::varchar[], ?::varchar[], ?::int8[]) WITH ORDINALITY AS t (lvl, msg, at, ord)),"
                + " d AS (DELETE FROM leadjobs_log WHERE job_id = ? AND log_no <= (SELECT log_count FROM j) - ?)"
                + (asynchronousBatchCommits ? ", s AS (SELECT set_config('synchronous_commit', 'off', true) AS v)" : "")
                + " SELECT " + JobColumn.LIST + " FROM j" + (asynchronousBatchCommits ? ", s" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = JobRows.bindCounters(ps, 1, jobId, batch);
            p = JobRows.bindFence(ps, p, batch);
            p = bindResults.bind(ps, p);
            ps.setInt(p++, kept);
            ps.setArray(p++, c.createArrayOf("varchar", level));
            ps.setArray(p++, c.createArrayOf("varchar", message));
            ps.setArray(p++, c.createArrayOf("int8", loggedAt));
            ps.setObject(p++, jobId);
            ps.setInt(p, logsPerJob);
            return JobRows.first(ps);
        }
    }

    @Override
    public String jobRows(String table, String t, String join) {
        return " FROM " + table + " " + t + join + " WHERE " + t + ".job_id = ? AND " + t + ".lead_index >= ? AND "
                + t + ".lead_index < ? ORDER BY " + t + ".lead_index";
    }

    @Override
    public String resultToLead() {
        return "l.job_id = r.job_id AND l.lead_index = r.lead_index";
    }

    @Override
    public void purgeLeadsAndResults(Connection c, String finishedJobs, long cutoff) throws SQLException {
        for (String table : List.of("leadjobs_result", "leadjobs_lead")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE job_id IN (SELECT id" + finishedJobs + ")")) {
                ps.setLong(1, cutoff);
                ps.executeUpdate();
            }
        }
    }
}
