package io.leadjobs.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Exactly what a {@code job-status} event carries: {@code jobId, status, progress, total_leads,
 * processed_leads, enriched_leads, high_score_leads, error_message, recentLogs}, plus {@code seq}, the
 * number of the last update this snapshot already includes.
 */
public record JobSnapshot(
        UUID jobId,
        JobStatus status,
        int progress,
        int totalLeads,
        int processedLeads,
        int enrichedLeads,
        int highScoreLeads,
        Optional<String> errorMessage,
        List<LogEntry> recentLogs,
        long seq) {

    public JobSnapshot {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorMessage, "errorMessage");
        recentLogs = List.copyOf(recentLogs);
    }

    public static JobSnapshot of(Job job, List<LogEntry> recentLogs) {
        return new JobSnapshot(job.id(), job.status(), job.progress(), job.totalLeads(), job.processedLeads(),
                job.enrichedLeads(), job.highScoreLeads(), job.errorMessage(), recentLogs, job.lastSeq());
    }
}
