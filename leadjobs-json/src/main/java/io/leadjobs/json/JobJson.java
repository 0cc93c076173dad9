package io.leadjobs.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * The wire shapes of the job-events protocol, as {@code websocket-api.md} and {@code additions.md} name them.
 * Stateless and thread-safe; the returned nodes are fresh and owned by the caller.
 *
 * <ul>
 *   <li>{@code job-status}: {@code jobId, status, progress, total_leads, processed_leads, enriched_leads,
 *       high_score_leads, error_message, recentLogs, seq};</li>
 *   <li>{@code job-update}: {@code type} and the seed's fields of that type, then {@code jobId} and
 *       {@code seq};</li>
 *   <li>log entries: {@code level, message, timestamp} with an ISO-8601 UTC timestamp in milliseconds, as
 *       JavaScript's {@code Date.toISOString()} writes it.</li>
 * </ul>
 *
 * The REST API of the reference server uses the same {@code job-status} shape.
 */
public final class JobJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private JobJson() {
    }

    /** The {@code job-status} event: the snapshot's fields, its recent logs and {@code seq}. */
    public static ObjectNode jobStatus(JobSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        ObjectNode node = statusFields(snapshot.jobId().toString(), snapshot.status().wireName(), snapshot.progress(),
                snapshot.totalLeads(), snapshot.processedLeads(), snapshot.enrichedLeads(), snapshot.highScoreLeads(),
                snapshot.errorMessage());
        ArrayNode logs = node.putArray("recentLogs");
        for (LogEntry entry : snapshot.recentLogs()) {
            logs.add(logEntry(entry));
        }
        node.put("seq", snapshot.seq());
        return node;
    }

    /** The {@code job-status} shape of a stored job without {@code recentLogs} (job listings). */
    public static ObjectNode jobStatus(Job job) {
        Objects.requireNonNull(job, "job");
        ObjectNode node = statusFields(job.id().toString(), job.status().wireName(), job.progress(), job.totalLeads(),
                job.processedLeads(), job.enrichedLeads(), job.highScoreLeads(), job.errorMessage());
        node.put("seq", job.lastSeq());
        return node;
    }

    private static ObjectNode statusFields(String jobId, String status, int progress, int total, int processed,
                                           int enriched, int highScore, Optional<String> error) {
        ObjectNode node = NODES.objectNode();
        node.put("jobId", jobId);
        node.put("status", status);
        node.put("progress", progress);
        node.put("total_leads", total);
        node.put("processed_leads", processed);
        node.put("enriched_leads", enriched);
        node.put("high_score_leads", highScore);
        if (error.isPresent()) {
            node.put("error_message", error.get());
        } else {
            node.putNull("error_message");
        }
        return node;
    }

    /** The {@code job-update} event for any of the five update types. */
    public static ObjectNode jobUpdate(JobUpdate update) {
        Objects.requireNonNull(update, "update");
        ObjectNode node = NODES.objectNode();
        node.put("type", update.type());
        if (update instanceof ProgressUpdate p) {
            node.put("progress", p.progress());
            node.put("processedLeads", p.processedLeads());
            node.put("totalLeads", p.totalLeads());
        } else if (update instanceof StatusUpdate s) {
            node.put("status", s.status().wireName());
            node.put("message", s.message());
        } else if (update instanceof LogUpdate l) {
            node.set("log", logEntry(l.log()));
        } else if (update instanceof CompleteUpdate c) {
            node.put("status", c.status().wireName());
            node.set("results", results(c.results()));
        } else if (update instanceof ErrorUpdate e) {
            node.put("status", e.status().wireName());
            node.put("error", e.error());
        }
        node.put("jobId", update.jobId().toString());
        node.put("seq", update.seq());
        return node;
    }

    /**
     * The {@code results} of a {@code complete} update: the job-status counters under the same snake_case keys,
     * {@code rejected_leads}, {@code average_score} (two decimals), {@code grades} with every grade A to F, and
     * {@code progress: 100}, so that a client merging the results into its status sees the job finished.
     */
    public static ObjectNode results(JobSummary summary) {
        Objects.requireNonNull(summary, "summary");
        ObjectNode node = NODES.objectNode();
        node.put("total_leads", summary.totalLeads());
        node.put("processed_leads", summary.processedLeads());
        node.put("enriched_leads", summary.enrichedLeads());
        node.put("high_score_leads", summary.highScoreLeads());
        node.put("rejected_leads", summary.rejectedLeads());
        node.put("average_score", roundedScore(summary.averageScore()));
        ObjectNode grades = node.putObject("grades");
        for (Grade grade : Grade.values()) {
            grades.put(grade.name(), summary.gradeCounts().getOrDefault(grade, 0));
        }
        node.put("progress", 100);
        return node;
    }

    /** {@code { level, message, timestamp }}. */
    public static ObjectNode logEntry(LogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ObjectNode node = NODES.objectNode();
        node.put("level", entry.level().wireName());
        node.put("message", entry.message());
        node.put("timestamp", timestamp(entry.timestamp()));
        return node;
    }

    /** {@code { message }}, the payload of the {@code error} event. */
    public static ObjectNode error(String message) {
        Objects.requireNonNull(message, "message");
        ObjectNode node = NODES.objectNode();
        node.put("message", message);
        return node;
    }

    /** An ISO-8601 UTC timestamp with milliseconds, e.g. {@code 2026-01-15T10:00:00.000Z}. */
    public static String timestamp(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    private static double roundedScore(double score) {
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            return 0.0;
        }
        return BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
