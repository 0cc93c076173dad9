package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The reads of {@link JdbcJobStore}, the same for every dialect: jobs, leads, results, rejected rows and
 * logs, each on a connection of its own. The dialect's writer says where a job's leads and results lie.
 * A read that finds no rows checks that the job exists, and throws {@code JobNotFoundException} if not.
 */
final class JobReads {
    /** A result's own columns, read by name. */
    private static final List<String> RESULT_OWN = List.of("lead_index", "source_row", "score", "grade", "high_score", "enriched",
            "reasons", "enrichment");
    /** The result's own columns, then its lead's fields from position {@link #RESULT_LEAD}. */
    private static final String RESULT_COLUMNS = RESULT_OWN.stream().map(c -> "r." + c).collect(Collectors.joining(", "))
            + ", " + LeadColumn.fields("l");
    private static final int RESULT_LEAD = RESULT_OWN.size() + 1;

    private final Transactions db;
    private final DialectWriter writer;

    JobReads(Transactions db, DialectWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    Optional<Job> find(UUID jobId) {
        return db.withConnection("read job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JobColumn.LIST + " FROM leadjobs_job WHERE id = ?")) {
                ps.setObject(1, jobId);
                return JobRows.first(ps).map(JobRows.StoredJob::job);
            }
        });
    }

    List<Job> listByOwner(String owner) {
        return db.withConnection("list the jobs of an owner", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JobColumn.LIST
                    + " FROM leadjobs_job WHERE owner = ? ORDER BY created_at DESC, job_seq DESC")) {
                ps.setString(1, owner);
                List<Job> jobs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(JobRows.readJob(rs).job());
                    }
                }
                return jobs;
            }
        });
    }

    /** Up to {@code count} leads of the job from {@code fromIndex} on. */
    List<AcceptedLead> leads(UUID jobId, int fromIndex, int count) {
        return db.withConnection("read the leads of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LeadColumn.LIST + writer.jobRows("leadjobs_lead", "l", ""))) {
                DialectWriter.bindJobRows(ps, jobId, fromIndex, (long) fromIndex + count);
                List<AcceptedLead> out = new ArrayList<>(Math.min(count, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AcceptedLead(rs.getInt(LeadColumn.LEAD_INDEX.at()), rs.getInt(LeadColumn.SOURCE_ROW.at()),
                                JobRows.readLead(rs, LeadColumn.EMAIL.at(), jobId)));
                    }
                }
                return JobRows.requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    List<LeadResult> results(UUID jobId, int fromIndex, int count) {
        return db.withConnection("read the results of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RESULT_COLUMNS
                    + writer.jobRows("leadjobs_result", "r", " JOIN leadjobs_lead l ON " + writer.resultToLead()))) {
                DialectWriter.bindJobRows(ps, jobId, fromIndex, (long) fromIndex + count);
                List<LeadResult> out = new ArrayList<>(Math.min(count, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readResult(rs, jobId));
                    }
                }
                return JobRows.requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    /** A row of {@link #RESULT_COLUMNS}. */
    private static LeadResult readResult(ResultSet rs, UUID jobId) throws SQLException {
        int index = rs.getInt("lead_index");
        try {
            LeadScore score = new LeadScore(rs.getInt("score"), Grade.valueOf(rs.getString("grade")), rs.getBoolean("high_score"),
                    TextCodec.decodeReasons(rs.getString("reasons")));
            return new LeadResult(index, rs.getInt("source_row"), JobRows.readLead(rs, RESULT_LEAD, jobId),
                    TextCodec.decodeEnrichment(rs.getString("enrichment")), score, rs.getBoolean("enriched"));
        } catch (IllegalArgumentException e) {
            throw LeadJobsException.storeFailure("read the result of lead " + index + " of job " + jobId, e);
        }
    }

    List<RejectedRow> rejected(UUID jobId) {
        return db.withConnection("read the rejected rows of job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source_row, reason, input FROM leadjobs_rejected WHERE job_id = ? ORDER BY rejected_index")) {
                ps.setObject(1, jobId);
                List<RejectedRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String input = rs.getString("input");
                        int row = rs.getInt("source_row");
                        String reason = rs.getString("reason");
                        out.add(input == null ? new RejectedRow(row, reason) : new RejectedRow(row, reason, TextCodec.decodeLead(input)));
                    }
                }
                return JobRows.requireJobIfEmpty(c, jobId, out);
            }
        });
    }

    /** The newest {@code limit} log entries, oldest first. */
    List<LogEntry> recentLogs(UUID jobId, int limit) {
        return db.withConnection("read the logs of job " + jobId, c -> {
            if (limit == 0) {
                return JobRows.requireJobIfEmpty(c, jobId, List.<LogEntry>of());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT log_level, message, logged_at FROM leadjobs_log"
                    + " WHERE job_id = ? ORDER BY log_no DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setObject(1, jobId);
                ps.setInt(2, limit);
                List<LogEntry> newestFirst = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        newestFirst.add(LogEntry.of(LogLevel.valueOf(rs.getString("log_level")), rs.getString("message"),
                                JobRows.instant(rs.getLong("logged_at"))));
                    }
                }
                List<LogEntry> out = new ArrayList<>(newestFirst.size());
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    out.add(newestFirst.get(i));
                }
                return JobRows.requireJobIfEmpty(c, jobId, out);
            }
        });
    }
}
