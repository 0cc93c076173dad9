package io.leadjobs.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A job as stored: who owns it, where it stands, its counters and the sequence number of the last
 * update published for it ({@code lastSeq}, 0 before the first).
 */
public record Job(
        UUID id,
        String owner,
        String name,
        JobStatus status,
        int totalLeads,
        int processedLeads,
        int enrichedLeads,
        int highScoreLeads,
        int rejectedLeads,
        Optional<String> errorMessage,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        long lastSeq) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A new queued job with no progress. */
    public static Job queued(UUID id, String owner, String name, int totalLeads, int rejectedLeads, Instant now) {
        return new Job(id, owner, name, JobStatus.QUEUED, totalLeads, 0, 0, 0, rejectedLeads,
                Optional.empty(), now, Optional.empty(), Optional.empty(), 0);
    }

    /** Integer percentage 0-100 of accepted leads processed; 100 for an empty or completed job. */
    public int progress() {
        if (status == JobStatus.COMPLETED || totalLeads == 0) {
            return status == JobStatus.COMPLETED ? 100 : 0;
        }
        return (int) Math.min(100, (processedLeads * 100L) / totalLeads);
    }

    public Job withStatus(JobStatus next, Optional<String> error, Instant now) {
        if (!status.canMoveTo(next)) {
            throw LeadJobsException.illegalTransition(id, status, next);
        }
        Optional<Instant> started = next == JobStatus.PROCESSING && startedAt.isEmpty() ? Optional.of(now) : startedAt;
        Optional<Instant> finished = next.isTerminal() ? Optional.of(now) : finishedAt;
        return new Job(id, owner, name, next, totalLeads, processedLeads, enrichedLeads, highScoreLeads,
                rejectedLeads, error, createdAt, started, finished, lastSeq);
    }

    public Job withCounters(int processed, int enriched, int highScore) {
        return new Job(id, owner, name, status, totalLeads, processed, enriched, highScore, rejectedLeads,
                errorMessage, createdAt, startedAt, finishedAt, lastSeq);
    }

    public Job withLastSeq(long seq) {
        return new Job(id, owner, name, status, totalLeads, processedLeads, enrichedLeads, highScoreLeads,
                rejectedLeads, errorMessage, createdAt, startedAt, finishedAt, seq);
    }
}
