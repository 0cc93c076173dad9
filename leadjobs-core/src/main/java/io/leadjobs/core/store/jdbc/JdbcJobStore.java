package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A {@link JobStore} in a relational database through plain JDBC: H2 (embedded, the reference server's
 * default) or PostgreSQL (several servers sharing one database). The host supplies the
 * {@link DataSource} (and so the driver and the pool); the store never closes it.
 *
 * <pre>{@code
 * JobStore store = JdbcJobStore.builder()
 *         .dataSource(hikari)            // required
 *         .manageSchema(true)            // default: apply db/leadjobs/<dialect>/V*.sql at build()
 *         .logsPerJob(1000)              // default: keep the newest 1000 log entries per job
 *         .build();                      // dialect detected from the connection's metadata
 * }</pre>
 *
 * <p>Each write is one transaction: {@link #commitBatch} stores the batch's results (keyed by job and lead
 * index, replacing any stored for the same leads, so a batch redone after a crash overwrites instead of
 * duplicating), the counters, the log entries and the last sequence number together. On PostgreSQL, leads
 * and results go in with binary {@code COPY} when the connections unwrap to the PostgreSQL JDBC driver; on
 * H2 they are keyed by one {@code BIGINT}, {@code lead_key = job_seq * 2^32 + lead_index} (schema version 4),
 * so that H2 keeps each table in one B-tree. {@link #claimNext} takes the oldest claimable job with {@code SELECT ... FOR UPDATE SKIP LOCKED} and then
 * sets the lease with a conditional update, so two workers, in one process or on two servers, never hold
 * the same job. Failures surface as {@link LeadJobsException.StoreException} naming the operation and the
 * job. Instances are thread-safe; besides their settings they hold only caches (the leads of recently
 * created or read jobs, and whether the driver's copy API has worked).
 */
public final class JdbcJobStore implements JobStore {
    static final int DEFAULT_LOGS_PER_JOB = 1000;
    /** Rows per JDBC batch when inserting a job's leads. */
    static final int INSERT_CHUNK = 1000;
    /** Leads per statement when PostgreSQL inserts them from arrays. */
    static final int ARRAY_CHUNK = 5000;
    /** Leads read at once when a worker asks for a batch; the rest serve its next batches. */
    static final int LEAD_PREFETCH = 1000;
    /** The first leads of a job created here that are kept for its worker, so that it need not read them back. */
    static final int CREATED_LEADS_KEPT = 10_000;

    private static final String JOB_COLUMNS = "id, owner, name, status, total_leads, processed_leads, enriched_leads,"
            + " high_score_leads, rejected_leads, error_message, created_at, started_at, finished_at, last_seq, log_count";
    private static final String LEAD_COLUMNS = "lead_index, source_row, email, first_name, last_name, company, title,"
            + " website, phone, country, extra";
    private static final String CLAIMABLE = "status IN ('queued', 'processing') AND (lease_expires_at IS NULL OR lease_expires_at <= ?)";

    private final DataSource dataSource;
    private final JdbcDialect dialect;
    private final int logsPerJob;
    private final Clock clock;
    private final boolean asynchronousBatchCommits;
    /** PostgreSQL: leads and results are streamed in with binary COPY where the connection is the PostgreSQL driver's. */
    private final boolean copy;
    /** Set once a connection has unwrapped to the PostgreSQL driver: results are then prepared as COPY rows. */
    private volatile boolean copyWorks;
    private final LeadWindows leadWindows = new LeadWindows(16, 4 * CREATED_LEADS_KEPT);

    private JdbcJobStore(DataSource dataSource, JdbcDialect dialect, int logsPerJob, Clock clock, boolean asynchronousBatchCommits,
                         boolean copy) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.logsPerJob = logsPerJob;
        this.clock = clock;
        this.asynchronousBatchCommits = asynchronousBatchCommits;
        this.copy = copy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JDBC URL of the embedded H2 database kept under a data directory (the reference server's default):
     * {@code jdbc:h2:file:<dataDir>/leadjobs;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0}.
     * {@code WRITE_DELAY=0} writes each commit to the file before the commit returns; with H2's default
     * (a background write up to half a second later) a killed process loses batches whose updates were
     * already published. {@code DB_CLOSE_ON_EXIT=FALSE} keeps H2's own shutdown hook from closing the
     * database under a host's graceful stop; it closes when the host closes its pool. One process opens
     * the file at a time.
     */
    public static String h2FileUrl(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().normalize().resolve("leadjobs") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public JdbcDialect dialect() {
        return dialect;
    }

    /** Most log entries kept per job; older ones are trimmed as new ones are committed. */
    public int logsPerJob() {
        return logsPerJob;
    }

    // ---- writes -----------------------------------------------------------------------------------

    @Override
    public void create(Job job, List<AcceptedLead> leads, List<RejectedRow> rejected) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(leads, "leads");
        Objects.requireNonNull(rejected, "rejected");
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
        inTransaction("create job " + job.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_job (" + JOB_COLUMNS
                    + ", lease_owner, lease_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL)")) {
                ps.setObject(1, job.id());
                ps.setString(2, job.owner());
                ps.setString(3, job.name());
                ps.setString(4, job.status().wireName());
                ps.setInt(5, job.totalLeads());
                ps.setInt(6, job.processedLeads());
                ps.setInt(7, job.enrichedLeads());
                ps.setInt(8, job.highScoreLeads());
                ps.setInt(9, job.rejectedLeads());
                setOptionalString(ps, 10, job.errorMessage());
                ps.setLong(11, nanos(job.createdAt()));
                setOptionalInstant(ps, 12, job.startedAt());
                setOptionalInstant(ps, 13, job.finishedAt());
                ps.setLong(14, job.lastSeq());
                ps.executeUpdate();
            }
            if (copy && PgCopy.usable(c)) {
                copyWorks = true;
                copyLeads(c, job.id(), leads);
            } else if (dialect == JdbcDialect.POSTGRESQL) {
                insertLeadsFromArrays(c, job.id(), leads);
            } else {
                insertLeadsInBatches(c, leadKeyBase(c, job.id()), job.id(), leads);
            }
            if (!rejected.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO leadjobs_rejected (job_id, rejected_index, source_row, reason, input) VALUES (?, ?, ?, ?, ?)")) {
                    int i = 0;
                    for (RejectedRow row : rejected) {
                        ps.setObject(1, job.id());
                        ps.setInt(2, i++);
                        ps.setInt(3, row.row());
                        ps.setString(4, row.reason());
                        ps.setString(5, TextCodec.encodeLead(row.input()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
        // the job is usually claimed by this process next: its worker reads these instead of the database
        int kept = Math.min(leads.size(), CREATED_LEADS_KEPT);
        if (kept > 0) {
            leadWindows.put(job.id(), 0, kept, leads.subList(0, kept));
        }
    }

    /** H2: JDBC batches of {@value #INSERT_CHUNK} rows, keyed by {@code keyBase} plus the lead's index. */
    private static void insertLeadsInBatches(Connection c, long keyBase, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_lead (lead_key, job_id, " + LEAD_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (AcceptedLead accepted : leads) {
                Lead lead = accepted.lead();
                ps.setLong(1, keyBase + accepted.index());
                ps.setObject(2, jobId);
                ps.setInt(3, accepted.index());
                ps.setInt(4, accepted.row());
                ps.setString(5, lead.email());
                ps.setString(6, lead.firstName());
                ps.setString(7, lead.lastName());
                ps.setString(8, lead.company());
                ps.setString(9, lead.title());
                ps.setString(10, lead.website());
                ps.setString(11, lead.phone());
                ps.setString(12, lead.country());
                ps.setString(13, TextCodec.encodeExtra(lead.extra()));
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

    /** PostgreSQL with its JDBC driver: one binary COPY of all the leads. */
    private static void copyLeads(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        try (PgCopy out = PgCopy.into(c, "leadjobs_lead (job_id, " + LEAD_COLUMNS + ")")) {
            for (AcceptedLead accepted : leads) {
                Lead lead = accepted.lead();
                out.row(12).uuid(jobId).int4(accepted.index()).int4(accepted.row())
                        .text(lead.email()).text(lead.firstName()).text(lead.lastName()).text(lead.company())
                        .text(lead.title()).text(lead.website()).text(lead.phone()).text(lead.country())
                        .text(lead.extra(), TextCodec::encodeExtra);
            }
            out.finish();
        }
    }

    /** PostgreSQL without its copy API: thousands of leads per statement, one array per column. */
    private static void insertLeadsFromArrays(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_lead (job_id, " + LEAD_COLUMNS + ")"
                + " SELECT ?, t.* FROM unnest(?::int4[], ?::int4[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) AS t")) {
            for (int from = 0; from < leads.size(); from += ARRAY_CHUNK) {
                int n = Math.min(ARRAY_CHUNK, leads.size() - from);
                Integer[] index = new Integer[n];
                Integer[] row = new Integer[n];
                String[][] text = new String[9][n];
                for (int i = 0; i < n; i++) {
                    AcceptedLead a = leads.get(from + i);
                    Lead l = a.lead();
                    index[i] = a.index();
                    row[i] = a.row();
                    text[0][i] = l.email();
                    text[1][i] = l.firstName();
                    text[2][i] = l.lastName();
                    text[3][i] = l.company();
                    text[4][i] = l.title();
                    text[5][i] = l.website();
                    text[6][i] = l.phone();
                    text[7][i] = l.country();
                    text[8][i] = TextCodec.encodeExtra(l.extra());
                }
                ps.setObject(1, jobId);
                ps.setArray(2, c.createArrayOf("int4", index));
                ps.setArray(3, c.createArrayOf("int4", row));
                for (int k = 0; k < 9; k++) {
                    ps.setArray(4 + k, c.createArrayOf("varchar", text[k]));
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(batch, "batch");
        return inTransaction("commit a batch of job " + jobId, c -> {
            if (copy && PgCopy.usable(c)) {
                copyWorks = true;
                return commitWithCopy(c, jobId, batch);
            }
            if (dialect == JdbcDialect.POSTGRESQL) {
                return commitInOneStatement(c, jobId, batch);
            }
            StoredJob stored;
            long keyBase;
            // the updated row's job_seq (column 16, after JOB_COLUMNS) gives the batch's lead keys
            try (PreparedStatement ps = c.prepareStatement(dialect.updateReturning(
                    "processed_leads = ?, enriched_leads = ?, high_score_leads = ?, last_seq = ?, log_count = log_count + ?"
                            + " WHERE id = ? AND " + fence(batch), JOB_COLUMNS + ", job_seq"))) {
                ps.setInt(1, batch.processedLeads());
                ps.setInt(2, batch.enrichedLeads());
                ps.setInt(3, batch.highScoreLeads());
                ps.setLong(4, batch.lastSeq());
                ps.setInt(5, batch.logs().size());
                ps.setObject(6, jobId);
                bindFence(ps, 7, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return alreadyCommitted(c, jobId, batch);
                    }
                    stored = readJob(rs);
                    keyBase = leadKeyBase(rs.getLong(16));
                }
            }
            requireKnownLeads(jobId, batch, stored.job);
            replaceResults(c, keyBase, jobId, batch.results(), texts(jobId, batch));
            appendLogs(c, jobId, stored.logCount, batch.logs());
            return stored.job;
        });
    }

    /**
     * H2: the results replace any stored for the same leads (so a redone batch overwrites): the leads are
     * cleared first, one key range or lead by lead, then the results inserted; cheaper on H2 than a MERGE
     * per row. Keys are {@code keyBase} plus the lead's index, as for the leads.
     */
    private static void replaceResults(Connection c, long keyBase, UUID jobId, List<LeadResult> results, ResultTexts texts)
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
                ps.setLong(1, keyBase + r.index());
                ps.setObject(2, jobId);
                ps.setInt(3, r.index());
                ps.setInt(4, r.row());
                ps.setInt(5, score.score());
                ps.setString(6, score.grade().name());
                ps.setBoolean(7, score.highScore());
                ps.setBoolean(8, r.enriched());
                ps.setString(9, texts.reasons[i]);
                ps.setString(10, texts.enrichment[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * PostgreSQL with its JDBC driver: one statement updates the job row (fenced by {@code last_seq}),
     * removes any results already stored for the batch's leads, appends and trims the logs; then one
     * binary COPY streams the results in. Three round trips in all (statement, copy, commit), and the
     * server inserts the results without planning or parsing a row at a time.
     */
    private Job commitWithCopy(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        List<LeadResult> results = batch.results();
        LeadRange leads = LeadRange.of(results);
        String clear = "r AS (DELETE FROM leadjobs_result WHERE job_id = (SELECT id FROM j) AND "
                + (leads.consecutive() ? "lead_index >= ? AND lead_index <= ?" : "lead_index = ANY(?::int4[])") + ")";
        Optional<StoredJob> updated = commitStatement(c, jobId, batch, clear, (ps, p) -> {
            if (leads.consecutive()) {
                ps.setInt(p++, leads.low());
                ps.setInt(p++, leads.high());
            } else {
                ps.setArray(p++, c.createArrayOf("int4", results.stream().map(LeadResult::index).toArray(Integer[]::new)));
            }
            return p;
        });
        if (updated.isEmpty()) {
            return alreadyCommitted(c, jobId, batch);
        }
        // checked before the results go in; throwing rolls the whole batch back
        requireKnownLeads(jobId, batch, updated.get().job);
        if (!results.isEmpty()) {
            try (PgCopy out = PgCopy.into(c, RESULT_COPY)) {
                List<Prepared> prepared = prepared(jobId, batch);
                if (!prepared.isEmpty() && prepared.stream().allMatch(p -> p.copyRows != null)) {
                    for (Prepared p : prepared) {
                        out.rows(p.copyRows, p.results.size());
                    }
                } else {
                    for (LeadResult r : results) {
                        copyRow(out, jobId, r);
                    }
                }
                out.finish();
            }
        }
        return updated.get().job;
    }

    /**
     * PostgreSQL without the driver's copy API: the whole batch in one statement, so one round trip plus
     * the commit; its results CTE upserts the results from arrays ({@code unnest}).
     */
    private Job commitInOneStatement(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        List<LeadResult> results = batch.results();
        ResultTexts texts = texts(jobId, batch);
        int n = results.size();
        Integer[] index = new Integer[n];
        Integer[] row = new Integer[n];
        Integer[] score = new Integer[n];
        String[] grade = new String[n];
        Boolean[] high = new Boolean[n];
        Boolean[] enriched = new Boolean[n];
        String[] reasons = new String[n];
        String[] enrichment = new String[n];
        for (int i = 0; i < n; i++) {
            LeadResult r = results.get(i);
            index[i] = r.index();
            row[i] = r.row();
            score[i] = r.score().score();
            grade[i] = r.score().grade().name();
            high[i] = r.score().highScore();
            enriched[i] = r.enriched();
            reasons[i] = texts.reasons[i];
            enrichment[i] = texts.enrichment[i];
        }
        String upsert = "r AS (INSERT INTO leadjobs_result (job_id, lead_index, source_row, score, grade, high_score, enriched, reasons, enrichment)"
                + " SELECT j.id, t.* FROM j, unnest(?::int4[], ?::int4[], ?::int4[], ?::varchar[], ?::bool[], ?::bool[], ?::varchar[], ?::varchar[]) AS t"
                + " ON CONFLICT (job_id, lead_index) DO UPDATE SET source_row = EXCLUDED.source_row, score = EXCLUDED.score,"
                + " grade = EXCLUDED.grade, high_score = EXCLUDED.high_score, enriched = EXCLUDED.enriched,"
                + " reasons = EXCLUDED.reasons, enrichment = EXCLUDED.enrichment)";
        Optional<StoredJob> updated = commitStatement(c, jobId, batch, upsert, (ps, p) -> {
            ps.setArray(p++, c.createArrayOf("int4", index));
            ps.setArray(p++, c.createArrayOf("int4", row));
            ps.setArray(p++, c.createArrayOf("int4", score));
            ps.setArray(p++, c.createArrayOf("varchar", grade));
            ps.setArray(p++, c.createArrayOf("bool", high));
            ps.setArray(p++, c.createArrayOf("bool", enriched));
            ps.setArray(p++, c.createArrayOf("varchar", reasons));
            ps.setArray(p++, c.createArrayOf("varchar", enrichment));
            return p;
        });
        if (updated.isEmpty()) {
            return alreadyCommitted(c, jobId, batch);
        }
        // checked after the statement; throwing rolls the whole batch back
        requireKnownLeads(jobId, batch, updated.get().job);
        return updated.get().job;
    }

    /**
     * The condition on the job row under which a batch commit may change it, as {@link BatchCommit#mayFollow}
     * states it; its parameters are bound by {@link #bindFence}.
     */
    private static String fence(BatchCommit batch) {
        return batch.isUnreported() ? "(last_seq < ? OR last_seq = ? AND processed_leads < ?)" : "last_seq < ?";
    }

    private static int bindFence(PreparedStatement ps, int p, BatchCommit batch) throws SQLException {
        ps.setLong(p++, batch.lastSeq());
        if (batch.isUnreported()) {
            ps.setLong(p++, batch.lastSeq());
            ps.setInt(p++, batch.processedLeads());
        }
        return p;
    }

    /** Binds a statement's parameters from {@code p} on; returns the next parameter's position. */
    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement ps, int p) throws SQLException;
    }

    /**
     * PostgreSQL: the one statement of a batch commit, data-modifying CTEs that update the job row (fenced
     * by {@code last_seq}), run {@code resultsCte} (a CTE named {@code r} that may read the updated row as
     * {@code j}; {@code bindResults} binds its parameters), append the batch's logs and trim the log. The
     * CTEs all see the log as it was before the statement, so the trim only removes older entries. Empty
     * when the fence held the statement back: then nothing was written.
     */
    private Optional<StoredJob> commitStatement(Connection c, UUID jobId, BatchCommit batch, String resultsCte, Binder bindResults)
            throws SQLException {
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
            loggedAt[i] = nanos(e.timestamp());
        }
        String sql = "WITH j AS (UPDATE leadjobs_job SET processed_leads = ?, enriched_leads = ?, high_score_leads = ?,"
                + " last_seq = ?, log_count = log_count + ? WHERE id = ? AND " + fence(batch) + " RETURNING " + JOB_COLUMNS + "), "
                + resultsCte + ","
                + " l AS (INSERT INTO leadjobs_log (job_id, log_no, log_level, message, logged_at)"
                + " SELECT j.id, j.log_count - ? + t.ord, t.lvl, t.msg, t.at FROM j,"
                + " unnest(?::varchar[], ?::varchar[], ?::int8[]) WITH ORDINALITY AS t (lvl, msg, at, ord)),"
                + " d AS (DELETE FROM leadjobs_log WHERE job_id = ? AND log_no <= (SELECT log_count FROM j) - ?)"
                + (asynchronousBatchCommits ? ", s AS (SELECT set_config('synchronous_commit', 'off', true) AS v)" : "")
                + " SELECT " + JOB_COLUMNS + " FROM j" + (asynchronousBatchCommits ? ", s" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setInt(p++, batch.processedLeads());
            ps.setInt(p++, batch.enrichedLeads());
            ps.setInt(p++, batch.highScoreLeads());
            ps.setLong(p++, batch.lastSeq());
            ps.setInt(p++, logs.size());
            ps.setObject(p++, jobId);
            p = bindFence(ps, p, batch);
            p = bindResults.bind(ps, p);
            ps.setInt(p++, kept);
            ps.setArray(p++, c.createArrayOf("varchar", level));
            ps.setArray(p++, c.createArrayOf("varchar", message));
            ps.setArray(p++, c.createArrayOf("int8", loggedAt));
            ps.setObject(p++, jobId);
            ps.setInt(p, logsPerJob);
            return first(ps);
        }
    }

    /**
     * The lowest and highest lead index of a batch's results, and whether the results are exactly the
     * leads in between (a pipeline's batches are; a caller may hand in a scattered set). No results: an
     * empty range, 0 to -1.
     */
    private record LeadRange(int low, int high, boolean consecutive) {
        static LeadRange of(List<LeadResult> results) {
            if (results.isEmpty()) {
                return new LeadRange(0, -1, true);
            }
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (LeadResult r : results) {
                low = Math.min(low, r.index());
                high = Math.max(high, r.index());
            }
            return new LeadRange(low, high, (long) high - low + 1 == results.size());
        }
    }

    private static void requireKnownLeads(UUID jobId, BatchCommit batch, Job job) {
        for (LeadResult r : batch.results()) {
            if (r.index() < 0 || r.index() >= job.totalLeads()) {
                throw LeadJobsException.storeFailure("commit a batch of job " + jobId, new IllegalArgumentException(
                        "lead index " + r.index() + " is outside 0-" + (job.totalLeads() - 1)));
            }
        }
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(logs, "logs");
        return inTransaction("move job " + jobId + " to " + next.wireName(), c -> {
            Job current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM leadjobs_job WHERE id = ? FOR UPDATE")) {
                ps.setObject(1, jobId);
                current = single(ps, jobId).job;
            }
            if (lastSeq <= current.lastSeq()) {
                // an update older than what the job already published: another worker moved on
                throw LeadJobsException.illegalTransition(jobId, current.status(), next);
            }
            Job moved = current.withStatus(next, errorMessage, clock.instant()).withLastSeq(lastSeq);
            boolean releaseLease = next.isTerminal() || next == JobStatus.QUEUED;
            StoredJob stored;
            try (PreparedStatement ps = c.prepareStatement(dialect.updateReturning(
                    "status = ?, error_message = ?, started_at = ?, finished_at = ?, last_seq = ?, log_count = log_count + ?"
                            + (releaseLease ? ", lease_owner = NULL, lease_expires_at = NULL" : "")
                            + " WHERE id = ?", JOB_COLUMNS))) {
                ps.setString(1, moved.status().wireName());
                setOptionalString(ps, 2, moved.errorMessage());
                setOptionalInstant(ps, 3, moved.startedAt());
                setOptionalInstant(ps, 4, moved.finishedAt());
                ps.setLong(5, moved.lastSeq());
                ps.setInt(6, logs.size());
                ps.setObject(7, jobId);
                stored = single(ps, jobId);
            }
            appendLogs(c, jobId, stored.logCount, logs);
            return stored.job;
        });
    }

    /** Inserts {@code logs} numbered up to {@code lastLogNo} and trims the job's log to the cap. */
    private void appendLogs(Connection c, UUID jobId, long lastLogNo, List<LogEntry> logs) throws SQLException {
        if (logs.isEmpty()) {
            return;
        }
        long firstNo = lastLogNo - logs.size() + 1;
        // entries that would be trimmed at once are not written at all
        int skip = (int) Math.max(0, logs.size() - logsPerJob);
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

    // ---- leases -----------------------------------------------------------------------------------

    @Override
    public Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        requireWorker(workerId);
        requireLease(lease);
        Objects.requireNonNull(now, "now");
        long nowNs = nanos(now);
        long expires = nanos(now.plus(lease));
        return inTransaction("claim a job for worker " + workerId, c -> {
            // SKIP LOCKED passes over a candidate another worker is claiming right now; the conditional
            // UPDATE re-checks claimability, so a job whose lease was taken in between is never claimed twice.
            for (int attempt = 0; attempt < 16; attempt++) {
                Optional<UUID> candidate;
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM leadjobs_job WHERE " + CLAIMABLE
                        + " ORDER BY created_at, job_seq FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                    ps.setLong(1, nowNs);
                    try (ResultSet rs = ps.executeQuery()) {
                        candidate = rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
                    }
                }
                if (candidate.isEmpty()) {
                    return Optional.<Job>empty();
                }
                try (PreparedStatement ps = c.prepareStatement(dialect.updateReturning(
                        "lease_owner = ?, lease_expires_at = ? WHERE id = ? AND " + CLAIMABLE, JOB_COLUMNS))) {
                    ps.setString(1, workerId);
                    ps.setLong(2, expires);
                    ps.setObject(3, candidate.get());
                    ps.setLong(4, nowNs);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(readJob(rs).job);
                        }
                    }
                }
            }
            return Optional.<Job>empty();
        });
    }

    @Override
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        requireWorker(workerId);
        requireLease(lease);
        Objects.requireNonNull(now, "now");
        return inTransaction("renew the lease of worker " + workerId + " on job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leadjobs_job SET lease_expires_at = ?"
                    + " WHERE id = ? AND lease_owner = ? AND status IN ('queued', 'processing')")) {
                ps.setLong(1, nanos(now.plus(lease)));
                ps.setObject(2, jobId);
                ps.setString(3, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean requestCancel(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return inTransaction("record a cancel request for job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leadjobs_job SET cancel_requested = TRUE"
                    + " WHERE id = ? AND status IN ('queued', 'processing')")) {
                ps.setObject(1, jobId);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            requireJob(c, jobId);
            return false;
        });
    }

    @Override
    public boolean cancelRequested(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return withConnection("read the cancel request of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cancel_requested FROM leadjobs_job WHERE id = ?")) {
                ps.setObject(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LeadJobsException.jobNotFound(jobId);
                    }
                    return rs.getBoolean(1);
                }
            }
        });
    }

    private static void requireJob(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw LeadJobsException.jobNotFound(jobId);
                }
            }
        }
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        leadWindows.clear();
        return inTransaction("purge jobs finished before " + cutoff, c -> {
            String jobs = " FROM leadjobs_job WHERE status IN ('completed', 'failed', 'cancelled') AND finished_at < ?";
            String finished = "SELECT id" + jobs;
            List<String> byJobId = List.of("leadjobs_result", "leadjobs_log", "leadjobs_lead", "leadjobs_rejected");
            if (dialect == JdbcDialect.H2) {
                purgeLeadKeyRanges(c, "SELECT job_seq" + jobs, nanos(cutoff));
                byJobId = List.of("leadjobs_log", "leadjobs_rejected");
            }
            for (String table : byJobId) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE job_id IN (" + finished + ")")) {
                    ps.setLong(1, nanos(cutoff));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leadjobs_job WHERE id IN (" + finished + ")")) {
                ps.setLong(1, nanos(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    /** H2: deletes the leads and results of the jobs whose {@code job_seq} {@code jobSeqs} selects, a key range per job. */
    private static void purgeLeadKeyRanges(Connection c, String jobSeqs, long cutoff) throws SQLException {
        List<Long> bases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(jobSeqs)) {
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

    // ---- H2's lead keys ---------------------------------------------------------------------------

    /**
     * H2 (schema version 4): how many lead keys each job has. A job's leads and results are keyed by
     * {@code job_seq * LEAD_KEYS_PER_JOB + lead_index}, one {@code BIGINT}, so that H2 keeps them in one
     * B-tree per table instead of two; its rows are the key range {@code [base, base + LEAD_KEYS_PER_JOB)}.
     */
    static final long LEAD_KEYS_PER_JOB = 1L << 32;

    /** H2: the first lead key of the job whose {@code job_seq} is {@code jobSeq}. */
    static long leadKeyBase(long jobSeq) throws SQLException {
        if (jobSeq < 1 || jobSeq > Integer.MAX_VALUE) {
            // job_seq counts jobs from 1: this is the 2,147,483,648th, and its keys would not fit a BIGINT
            throw new SQLException("job_seq " + jobSeq + " is outside 1.." + Integer.MAX_VALUE
                    + ", the jobs whose lead keys (job_seq * 2^32 + lead_index) fit in a BIGINT", "22003");
        }
        return jobSeq * LEAD_KEYS_PER_JOB;
    }

    /** H2: the first lead key of job {@code jobId}, which this transaction has just created. */
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

    /**
     * {@code FROM ... ORDER BY} for the rows of {@code table} (alias {@code t}, joined with {@code join})
     * of one job whose lead indexes are in a range; its three parameters, bound by {@link #bindJobRows},
     * are the job, the first index and the index after the last. On H2 the job's {@code job_seq} turns the
     * range into a {@code lead_key} range, in the same statement.
     */
    private String jobRows(String table, String t, String join) {
        return dialect == JdbcDialect.H2
                ? " FROM leadjobs_job j JOIN " + table + " " + t + " ON j.id = ? AND " + t + ".lead_key >= j.job_seq * "
                        + LEAD_KEYS_PER_JOB + " + ? AND " + t + ".lead_key < j.job_seq * " + LEAD_KEYS_PER_JOB + " + ?" + join
                        + " ORDER BY " + t + ".lead_key"
                : " FROM " + table + " " + t + join + " WHERE " + t + ".job_id = ? AND " + t + ".lead_index >= ? AND "
                        + t + ".lead_index < ? ORDER BY " + t + ".lead_index";
    }

    private static void bindJobRows(PreparedStatement ps, UUID jobId, int from, long to) throws SQLException {
        ps.setObject(1, jobId);
        ps.setInt(2, from);
        // lead indexes are ints: beyond the largest, H2's key arithmetic could leave BIGINT
        ps.setLong(3, Math.min(to, Integer.MAX_VALUE + 1L));
    }

    // ---- reads ------------------------------------------------------------------------------------

    @Override
    public Optional<Job> find(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return withConnection("read job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM leadjobs_job WHERE id = ?")) {
                ps.setObject(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readJob(rs).job) : Optional.<Job>empty();
                }
            }
        });
    }

    @Override
    public List<Job> listByOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return withConnection("list the jobs of an owner", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM leadjobs_job WHERE owner = ? ORDER BY created_at DESC, job_seq DESC")) {
                ps.setString(1, owner);
                List<Job> jobs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(readJob(rs).job);
                    }
                }
                return jobs;
            }
        });
    }

    @Override
    public List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        Objects.requireNonNull(jobId, "jobId");
        requireRange(fromIndex, count);
        Optional<List<AcceptedLead>> cached = leadWindows.get(jobId, fromIndex, count);
        if (cached.isPresent()) {
            return cached.get();
        }
        // a worker asks for one batch after another: read ahead, the leads of a job never change
        int read = Math.max(count, LEAD_PREFETCH);
        List<AcceptedLead> window = withConnection("read the leads of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LEAD_COLUMNS + jobRows("leadjobs_lead", "l", ""))) {
                bindJobRows(ps, jobId, fromIndex, (long) fromIndex + read);
                List<AcceptedLead> out = new ArrayList<>(Math.min(read, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AcceptedLead(rs.getInt(1), rs.getInt(2), readLead(rs, 3, jobId)));
                    }
                }
                return requireJobIfEmpty(c, jobId, out);
            }
        });
        if (!window.isEmpty()) {
            leadWindows.put(jobId, fromIndex, read, window);
        }
        return List.copyOf(window.subList(0, Math.min(window.size(), count)));
    }

    @Override
    public List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        Objects.requireNonNull(jobId, "jobId");
        requireRange(fromIndex, count);
        return withConnection("read the results of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.lead_index, r.source_row, r.score, r.grade, r.high_score,"
                    + " r.enriched, r.reasons, r.enrichment, l.email, l.first_name, l.last_name, l.company, l.title, l.website,"
                    + " l.phone, l.country, l.extra" + jobRows("leadjobs_result", "r", " JOIN leadjobs_lead l ON "
                    + (dialect == JdbcDialect.H2 ? "l.lead_key = r.lead_key" : "l.job_id = r.job_id AND l.lead_index = r.lead_index")))) {
                bindJobRows(ps, jobId, fromIndex, (long) fromIndex + count);
                List<LeadResult> out = new ArrayList<>(Math.min(count, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int index = rs.getInt(1);
                        try {
                            LeadScore score = new LeadScore(rs.getInt(3), Grade.valueOf(rs.getString(4)), rs.getBoolean(5),
                                    TextCodec.decodeReasons(rs.getString(7)));
                            out.add(new LeadResult(index, rs.getInt(2), readLead(rs, 9, jobId), TextCodec.decodeEnrichment(rs.getString(8)),
                                    score, rs.getBoolean(6)));
                        } catch (IllegalArgumentException e) {
                            throw LeadJobsException.storeFailure("read the result of lead " + index + " of job " + jobId, e);
                        }
                    }
                }
                return requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    @Override
    public List<RejectedRow> rejected(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return withConnection("read the rejected rows of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source_row, reason, input FROM leadjobs_rejected WHERE job_id = ? ORDER BY rejected_index")) {
                ps.setObject(1, jobId);
                List<RejectedRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String input = rs.getString(3);
                        out.add(input == null ? new RejectedRow(rs.getInt(1), rs.getString(2))
                                : new RejectedRow(rs.getInt(1), rs.getString(2), TextCodec.decodeLead(input)));
                    }
                }
                return requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    @Override
    public List<LogEntry> recentLogs(UUID jobId, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        if (limit < 0) {
            throw LeadJobsException.invalidSetting("limit", "at least 0", limit);
        }
        return withConnection("read the logs of job " + jobId, c -> {
            if (limit == 0) {
                return requireJobIfEmpty(c, jobId, List.<LogEntry>of());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT log_level, message, logged_at FROM leadjobs_log"
                    + " WHERE job_id = ? ORDER BY log_no DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setObject(1, jobId);
                ps.setInt(2, limit);
                List<LogEntry> newestFirst = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        newestFirst.add(LogEntry.of(LogLevel.valueOf(rs.getString(1)), rs.getString(2), instant(rs.getLong(3))));
                    }
                }
                List<LogEntry> out = new ArrayList<>(newestFirst.size());
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    out.add(newestFirst.get(i));
                }
                return requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    /** {@code rows}, unless they are empty because the job does not exist: then JobNotFoundException. */
    private static <T> List<T> requireJobIfEmpty(Connection c, UUID jobId, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            requireJob(c, jobId);
        }
        return rows;
    }

    // ---- row mapping ------------------------------------------------------------------------------

    /** A job row plus its log counter, which the job record does not carry. */
    private record StoredJob(Job job, long logCount) {
    }

    /**
     * The job's row did not take the batch because its {@code last_seq} is not below the batch's: the
     * stored job if this very batch is what it holds (a commit sent again), else the batch is stale.
     */
    private static Job alreadyCommitted(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        Job stored;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM leadjobs_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            stored = single(ps, jobId).job;
        }
        if (batch.isLastCommitOf(stored)) {
            return stored;
        }
        throw LeadJobsException.staleBatch(jobId, stored.lastSeq(), batch.lastSeq());
    }

    private static Optional<StoredJob> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(readJob(rs)) : Optional.empty();
        }
    }

    private static StoredJob single(PreparedStatement ps, UUID jobId) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw LeadJobsException.jobNotFound(jobId);
            }
            return readJob(rs);
        }
    }

    private static StoredJob readJob(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        String status = rs.getString(4);
        Job job = new Job(id, rs.getString(2), rs.getString(3),
                JobStatus.fromWireName(status).orElseThrow(
                        () -> LeadJobsException.storeFailure("read job " + id, new IllegalStateException("unknown status '" + status + "'"))),
                rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                Optional.ofNullable(rs.getString(10)), instant(rs.getLong(11)), optionalInstant(rs, 12), optionalInstant(rs, 13),
                rs.getLong(14));
        return new StoredJob(job, rs.getLong(15));
    }

    private static Lead readLead(ResultSet rs, int first, UUID jobId) throws SQLException {
        try {
            return new Lead(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getString(first + 3),
                    rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6), rs.getString(first + 7),
                    TextCodec.decodeExtra(rs.getString(first + 8)));
        } catch (IllegalArgumentException e) {
            throw LeadJobsException.storeFailure("read a lead of job " + jobId, e);
        }
    }

    private static final String RESULT_COPY = "leadjobs_result (job_id, lead_index, source_row, score, grade, high_score,"
            + " enriched, reasons, enrichment)";

    /** One result as a row of {@link #RESULT_COPY}. */
    private static void copyRow(PgCopy out, UUID jobId, LeadResult r) throws SQLException {
        LeadScore score = r.score();
        out.row(9).uuid(jobId).int4(r.index()).int4(r.row()).int2(score.score()).text(score.grade().name())
                .bool(score.highScore()).bool(r.enriched()).text(score.reasons(), TextCodec::encodeReasons);
        try {
            out.text(r.enrichment(), TextCodec::encodeEnrichment);
        } catch (IllegalArgumentException e) {
            throw unstorableEnrichment(jobId, r, e);
        }
    }

    /**
     * Encodes results ahead of their commit, on the caller's thread: as binary COPY rows once this store
     * writes with COPY, else as the text of their reasons and enrichment. Empty when a result cannot be
     * stored (its commit says why).
     */
    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        List<LeadResult> copied = List.copyOf(results);
        try {
            if (copyWorks) {
                PgCopy rows = PgCopy.rows(copied.size() * 1024);
                for (LeadResult r : copied) {
                    copyRow(rows, jobId, r);
                }
                return Optional.of(new Prepared(jobId, copied, rows.toBytes(), null, null));
            }
            String[] reasons = new String[copied.size()];
            String[] enrichment = new String[copied.size()];
            for (int i = 0; i < reasons.length; i++) {
                reasons[i] = TextCodec.encodeReasons(copied.get(i).score().reasons());
                enrichment[i] = TextCodec.encodeEnrichment(copied.get(i).enrichment());
            }
            return Optional.of(new Prepared(jobId, copied, null, reasons, enrichment));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Results of one job encoded by this store (see {@link #prepareResults}): COPY rows, or the text of
     * each result's reasons and enrichment.
     */
    private record Prepared(UUID jobId, List<LeadResult> results, byte[] copyRows,
                            String[] reasons, String[] enrichment) implements PreparedResults {
        @Override
        public String toString() {
            return "Prepared[job " + jobId + ", " + results.size() + " results as " + (copyRows != null ? "COPY rows" : "text") + "]";
        }
    }

    /**
     * The batch's prepared forms if a JDBC store made them for this job and they hold exactly the batch's
     * results (the same objects, in order); else none, and the results are encoded now.
     */
    private static List<Prepared> prepared(UUID jobId, BatchCommit batch) {
        List<Prepared> out = new ArrayList<>(batch.prepared().size());
        int k = 0;
        List<LeadResult> results = batch.results();
        for (PreparedResults p : batch.prepared()) {
            if (!(p instanceof Prepared mine) || !mine.jobId.equals(jobId)) {
                return List.of();
            }
            for (LeadResult r : mine.results) {
                if (k >= results.size() || results.get(k++) != r) {
                    return List.of();
                }
            }
            out.add(mine);
        }
        return k == results.size() ? out : List.of();
    }

    /** The text of each result's reasons and enrichment, from the prepared forms or encoded now. */
    private static ResultTexts texts(UUID jobId, BatchCommit batch) {
        List<Prepared> prepared = prepared(jobId, batch);
        int n = batch.results().size();
        ResultTexts texts = new ResultTexts(new String[n], new String[n]);
        if (!prepared.isEmpty() && prepared.stream().allMatch(p -> p.reasons != null)) {
            int k = 0;
            for (Prepared p : prepared) {
                System.arraycopy(p.reasons, 0, texts.reasons, k, p.reasons.length);
                System.arraycopy(p.enrichment, 0, texts.enrichment, k, p.enrichment.length);
                k += p.reasons.length;
            }
            return texts;
        }
        for (int i = 0; i < n; i++) {
            LeadResult r = batch.results().get(i);
            texts.reasons[i] = TextCodec.encodeReasons(r.score().reasons());
            texts.enrichment[i] = encodeEnrichment(jobId, r);
        }
        return texts;
    }

    /** The text of each result's reasons and enrichment, by position in the batch. */
    private record ResultTexts(String[] reasons, String[] enrichment) {
    }

    private static String encodeEnrichment(UUID jobId, LeadResult r) {
        try {
            return TextCodec.encodeEnrichment(r.enrichment());
        } catch (IllegalArgumentException e) {
            throw unstorableEnrichment(jobId, r, e);
        }
    }

    private static LeadJobsException unstorableEnrichment(UUID jobId, LeadResult r, IllegalArgumentException e) {
        return LeadJobsException.storeFailure("store the result of lead " + r.index() + " of job " + jobId, e);
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

    private static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, nanos(value.get()));
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private static void setOptionalString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    // ---- validation -------------------------------------------------------------------------------

    private static void requireWorker(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        if (workerId.isBlank()) {
            throw LeadJobsException.invalidSetting("workerId", "a non-blank name", "'" + workerId + "'");
        }
    }

    private static void requireLease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw LeadJobsException.invalidSetting("lease", "positive", lease);
        }
    }

    private static void requireRange(int fromIndex, int count) {
        if (fromIndex < 0) {
            throw LeadJobsException.invalidSetting("fromIndex", "at least 0", fromIndex);
        }
        if (count < 0) {
            throw LeadJobsException.invalidSetting("count", "at least 0", count);
        }
    }

    // ---- connections and transactions -------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure(what, withoutRowData(e));
        }
    }

    /**
     * The failure to report for {@code e}. A driver's batch failure (pgjdbc's BatchUpdateException) quotes
     * the statement with its parameters, that is lead data, in its message; the exception it chains says
     * why the batch failed without that, so that one is reported and the batch exception dropped.
     */
    static SQLException withoutRowData(SQLException e) {
        if (e instanceof BatchUpdateException) {
            SQLException next = e.getNextException();
            return next != null ? next : new SQLException("a batch of statements failed", e.getSQLState(), e.getErrorCode());
        }
        return e;
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                if (autoCommit) {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure(what, withoutRowData(e));
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is broken; closing it (or the pool evicting it) is all that is left to do
        }
    }

    /** Builds a {@link JdbcJobStore}; every setter validates at once. */
    public static final class Builder {
        private DataSource dataSource;
        private Optional<JdbcDialect> dialect = Optional.empty();
        private boolean manageSchema = true;
        private int logsPerJob = DEFAULT_LOGS_PER_JOB;
        private Clock clock = Clock.systemUTC();
        private boolean asynchronousBatchCommits;
        private boolean copy = true;

        private Builder() {
        }

        /** The database; required. The store borrows connections and never closes the data source. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The database's dialect; by default detected from the connection's metadata at {@link #build()}. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Optional.of(Objects.requireNonNull(dialect, "dialect"));
            return this;
        }

        /**
         * Whether {@link #build()} applies the schema migrations the database lacks (default true). Set
         * false when the host runs the scripts under {@link JdbcDialect#migrationLocation()} with its own
         * Flyway or Liquibase, or a DBA does.
         */
        public Builder manageSchema(boolean manageSchema) {
            this.manageSchema = manageSchema;
            return this;
        }

        /** Most log entries kept per job, 1 to 1,000,000 (default 1000); the oldest are trimmed. */
        public Builder logsPerJob(int logsPerJob) {
            if (logsPerJob < 1 || logsPerJob > 1_000_000) {
                throw LeadJobsException.invalidSetting("logsPerJob", "between 1 and 1000000", logsPerJob);
            }
            this.logsPerJob = logsPerJob;
            return this;
        }

        /** The clock that stamps status changes (started and finished times); default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * PostgreSQL only (H2 ignores it): commit batches without waiting for the write-ahead log to reach
         * the disk ({@code synchronous_commit = off} for that transaction alone; default false). Batches
         * stay atomic and the database consistent, and the crash of this server loses nothing; a crash of
         * the PostgreSQL server itself may lose the last fraction of a second of batches, which the job then
         * redoes when it resumes. Job creation and status changes always wait for the disk.
         */
        public Builder asynchronousBatchCommits(boolean asynchronousBatchCommits) {
            this.asynchronousBatchCommits = asynchronousBatchCommits;
            return this;
        }

        /**
         * Test hook: false makes a PostgreSQL store insert from arrays as it does when the PostgreSQL JDBC
         * driver's copy API is not there.
         */
        Builder copy(boolean copy) {
            this.copy = copy;
            return this;
        }

        /**
         * Detects the dialect if none was given, applies the migrations if {@link #manageSchema(boolean)},
         * and returns the store.
         */
        public JdbcJobStore build() {
            if (dataSource == null) {
                throw new LeadJobsException("JdbcJobStore needs a dataSource; call dataSource(...) before build()");
            }
            JdbcDialect d = dialect.orElseGet(() -> JdbcDialect.detect(dataSource));
            if (manageSchema) {
                SchemaMigrator.migrate(dataSource, d);
            }
            return new JdbcJobStore(dataSource, d, logsPerJob, clock, asynchronousBatchCommits, d == JdbcDialect.POSTGRESQL && copy);
        }
    }
}
