package io.leadjobs.core;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code results} of a {@code complete} update: the job-status counters (same snake_case keys on the
 * wire) plus a score summary.
 */
public record JobSummary(
        int totalLeads,
        int processedLeads,
        int enrichedLeads,
        int highScoreLeads,
        int rejectedLeads,
        double averageScore,
        Map<Grade, Integer> gradeCounts) {
    public JobSummary {
        Objects.requireNonNull(gradeCounts, "gradeCounts");
        gradeCounts = Map.copyOf(gradeCounts);
    }
}
