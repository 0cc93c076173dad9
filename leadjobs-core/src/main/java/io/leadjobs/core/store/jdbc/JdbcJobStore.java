package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * so that H2 keeps each table in one B-tree. Each of these write strategies is a package-private
 * writer chosen once at {@link Builder#build()}; reads, leases, status changes and purges are shared.
 * {@link #claimNext} takes the oldest claimable job with {@code SELECT ... FOR UPDATE SKIP LOCKED} and then
 * sets the lease with a conditional update, so two workers, in one process or on two servers, never hold
 * the same job. Failures surface as {@link LeadJobsException.StoreException} naming the operation and the
 * job. Instances are thread-safe; besides their settings they hold only caches (the leads of recently
 * created or read jobs, and whether the driver's copy API has worked).
 */
public final class JdbcJobStore implements JobStore {
    static final int DEFAULT_LOGS_PER_JOB = 1000;
    /** Leads per statement when PostgreSQL inserts them from arrays ({@link PgArrayWriter}). */
    static final int ARRAY_CHUNK = PgArrayWriter.ARRAY_CHUNK;
    /** Leads read at once when a worker asks for a batch; the rest serve its next batches. */
    static final int LEAD_PREFETCH = 1000;
    /** The first leads of a job created here that are kept for its worker, so that it need not read them back. */
    static final int CREATED_LEADS_KEPT = 10_000;

    private static final String FINISHED = " FROM leadjobs_job WHERE status IN ('completed', 'failed', 'cancelled') AND finished_at < ?";

    private final Transactions db;
    private final JdbcDialect dialect;
    private final int logsPerJob;
    private final Clock clock;
    /** How this dialect writes leads and results, and so where a job's rows lie. */
    private final DialectWriter writer;
    private final JobReads reads;
    private final JobLeases leases;
    private final LeadWindows leadWindows = new LeadWindows(16, 4 * CREATED_LEADS_KEPT);

    private JdbcJobStore(DataSource dataSource, JdbcDialect dialect, int logsPerJob, Clock clock, DialectWriter writer) {
        this.db = new Transactions(dataSource);
        this.dialect = dialect;
        this.logsPerJob = logsPerJob;
        this.clock = clock;
        this.writer = writer;
        this.reads = new JobReads(db, writer);
        this.leases = new JobLeases(db, dialect);
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
        JobStore.checkNewJob(job, leads);
        db.inTransaction("create job " + job.id(), c -> {
            JobRows.insertJob(c, job);
            writer.insertLeads(c, job.id(), leads);
            JobRows.insertRejected(c, job.id(), rejected);
            return null;
        });
        // the job is usually claimed by this process next: its worker reads these instead of the database
        int kept = Math.min(leads.size(), CREATED_LEADS_KEPT);
        if (kept > 0) {
            leadWindows.put(job.id(), 0, kept, leads.subList(0, kept));
        }
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(batch, "batch");
        return db.inTransaction("commit a batch of job " + jobId, c -> writer.commitBatch(c, jobId, batch));
    }

    /**
     * Encodes results ahead of their commit, on the caller's thread, in the form this store's writer
     * stores them: binary COPY rows once this store writes with COPY, else the text of their reasons and
     * enrichment. Empty when a result cannot be stored (its commit says why).
     */
    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        return writer.prepareResults(jobId, results);
    }

    @Override
    public Job transition(UUID jobId, JobStatus next, Optional<String> errorMessage, long lastSeq, List<LogEntry> logs) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(logs, "logs");
        return db.inTransaction("move job " + jobId + " to " + next.wireName(), c -> {
            Job current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JobColumn.LIST + " FROM leadjobs_job WHERE id = ? FOR UPDATE")) {
                ps.setObject(1, jobId);
                current = JobRows.single(ps, jobId).job();
            }
            if (lastSeq <= current.lastSeq()) {
                // an update older than what the job already published: another worker moved on
                throw LeadJobsException.illegalTransition(jobId, current.status(), next);
            }
            Job moved = current.withStatus(next, errorMessage, clock.instant()).withLastSeq(lastSeq);
            boolean releaseLease = next.isTerminal() || next == JobStatus.QUEUED;
            JobRows.StoredJob stored;
            try (PreparedStatement ps = c.prepareStatement(dialect.updateReturning(
                    "status = ?, error_message = ?, started_at = ?, finished_at = ?, last_seq = ?, log_count = log_count + ?"
                            + (releaseLease ? ", lease_owner = NULL, lease_expires_at = NULL" : "")
                            + " WHERE id = ?", JobColumn.LIST))) {
                int p = 1;
                ps.setString(p++, moved.status().wireName());
                JobRows.setOptionalString(ps, p++, moved.errorMessage());
                JobRows.setOptionalInstant(ps, p++, moved.startedAt());
                JobRows.setOptionalInstant(ps, p++, moved.finishedAt());
                ps.setLong(p++, moved.lastSeq());
                ps.setInt(p++, logs.size());
                ps.setObject(p, jobId);
                stored = JobRows.single(ps, jobId);
            }
            JobRows.appendLogs(c, jobId, stored.logCount(), logs, logsPerJob);
            return stored.job();
        });
    }

    // ---- leases -----------------------------------------------------------------------------------

    @Override
    public Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        requireWorker(workerId);
        requireLease(lease);
        Objects.requireNonNull(now, "now");
        return leases.claimNext(workerId, lease, now);
    }

    @Override
    public boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        requireWorker(workerId);
        requireLease(lease);
        Objects.requireNonNull(now, "now");
        return leases.renewLease(jobId, workerId, lease, now);
    }

    @Override
    public boolean requestCancel(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return leases.requestCancel(jobId);
    }

    @Override
    public boolean cancelRequested(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return leases.cancelRequested(jobId);
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        leadWindows.clear();
        long before = JobRows.nanos(cutoff);
        return db.inTransaction("purge jobs finished before " + cutoff, c -> {
            writer.purgeLeadsAndResults(c, FINISHED, before);
            for (String table : List.of("leadjobs_log", "leadjobs_rejected")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE job_id IN (SELECT id" + FINISHED + ")")) {
                    ps.setLong(1, before);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leadjobs_job WHERE id IN (SELECT id" + FINISHED + ")")) {
                ps.setLong(1, before);
                return ps.executeUpdate();
            }
        });
    }

    // ---- reads ------------------------------------------------------------------------------------

    @Override
    public Optional<Job> find(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return reads.find(jobId);
    }

    @Override
    public List<Job> listByOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return reads.listByOwner(owner);
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
        List<AcceptedLead> window = reads.leads(jobId, fromIndex, read);
        if (!window.isEmpty()) {
            leadWindows.put(jobId, fromIndex, read, window);
        }
        return List.copyOf(window.subList(0, Math.min(window.size(), count)));
    }

    @Override
    public List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        Objects.requireNonNull(jobId, "jobId");
        requireRange(fromIndex, count);
        return reads.results(jobId, fromIndex, count);
    }

    @Override
    public List<RejectedRow> rejected(UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return reads.rejected(jobId);
    }

    @Override
    public List<LogEntry> recentLogs(UUID jobId, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        if (limit < 0) {
            throw LeadJobsException.invalidSetting("limit", "at least 0", limit);
        }
        return reads.recentLogs(jobId, limit);
    }

    // ---- validation -------------------------------------------------------------------------------

    private static void requireWorker(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        if (workerId.isBlank()) {
            throw LeadJobsException.invalidSetting("workerId", "a non-blank name", "'" + workerId + "'");
        }
    }

    private static void requireLease(Duration lease) {
        LeadJobsException.requirePositive("lease", lease);
    }

    private static void requireRange(int fromIndex, int count) {
        if (fromIndex < 0) {
            throw LeadJobsException.invalidSetting("fromIndex", "at least 0", fromIndex);
        }
        if (count < 0) {
            throw LeadJobsException.invalidSetting("count", "at least 0", count);
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
            return new JdbcJobStore(dataSource, d, logsPerJob, clock, DialectWriter.of(d, logsPerJob, asynchronousBatchCommits, copy));
        }
    }
}
