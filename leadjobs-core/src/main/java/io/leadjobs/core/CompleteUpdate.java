package io.leadjobs.core;

import java.util.Objects;
import java.util.UUID;

/** {@code { type: 'complete', status: 'completed', results }}. */
public record CompleteUpdate(UUID jobId, long seq, JobStatus status, JobSummary results) implements JobUpdate {
    public CompleteUpdate {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(results, "results");
    }

    @Override
    public String type() {
        return "complete";
    }

    @Override
    public CompleteUpdate withSeq(long s) {
        return new CompleteUpdate(jobId, s, status, results);
    }
}
