package io.leadjobs.core;

import java.util.Objects;
import java.util.UUID;

/** {@code { type: 'error', status: 'failed', error }}. */
public record ErrorUpdate(UUID jobId, long seq, JobStatus status, String error) implements JobUpdate {
    public ErrorUpdate {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
    }

    @Override
    public String type() {
        return "error";
    }

    @Override
    public ErrorUpdate withSeq(long s) {
        return new ErrorUpdate(jobId, s, status, error);
    }
}
