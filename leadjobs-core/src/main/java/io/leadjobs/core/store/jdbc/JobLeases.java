package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.LeadJobsException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The leases and cancel requests of {@link JdbcJobStore}, the same for every dialect. A job is claimable
 * while it is queued or processing and nobody's lease on it runs; {@link #claimNext} takes the oldest
 * with {@code SELECT ... FOR UPDATE SKIP LOCKED} and then sets the lease with a conditional update, so
 * two workers, in one process or on two servers, never hold the same job. Arguments are checked by the
 * store.
 */
final class JobLeases {
    private static final String CLAIMABLE = "status IN ('queued', 'processing') AND (lease_expires_at IS NULL OR lease_expires_at <= ?)";

    private final Transactions db;
    private final JdbcDialect dialect;

    JobLeases(Transactions db, JdbcDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    Optional<Job> claimNext(String workerId, Duration lease, Instant now) {
        long nowNs = JobRows.nanos(now);
        long expires = JobRows.nanos(now.plus(lease));
        return db.inTransaction("claim a job for worker " + workerId, c -> {
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
                        "lease_owner = ?, lease_expires_at = ? WHERE id = ? AND " + CLAIMABLE, JobColumn.LIST))) {
                    ps.setString(1, workerId);
                    ps.setLong(2, expires);
                    ps.setObject(3, candidate.get());
                    ps.setLong(4, nowNs);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(JobRows.readJob(rs).job());
                        }
                    }
                }
            }
            return Optional.<Job>empty();
        });
    }

    boolean renewLease(UUID jobId, String workerId, Duration lease, Instant now) {
        return db.inTransaction("renew the lease of worker " + workerId + " on job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leadjobs_job SET lease_expires_at = ?"
                    + " WHERE id = ? AND lease_owner = ? AND status IN ('queued', 'processing')")) {
                ps.setLong(1, JobRows.nanos(now.plus(lease)));
                ps.setObject(2, jobId);
                ps.setString(3, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    boolean requestCancel(UUID jobId) {
        return db.inTransaction("record a cancel request for job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leadjobs_job SET cancel_requested = TRUE"
                    + " WHERE id = ? AND status IN ('queued', 'processing')")) {
                ps.setObject(1, jobId);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            JobRows.requireJob(c, jobId);
            return false;
        });
    }

    boolean cancelRequested(UUID jobId) {
        return db.withConnection("read the cancel request of job " + jobId, c -> {
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
}
