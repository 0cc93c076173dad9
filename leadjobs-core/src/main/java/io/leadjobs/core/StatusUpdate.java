package io.leadjobs.core;

import java.util.Objects;
import java.util.UUID;

/** {@code { type: 'status', status, message }}. */
public record StatusUpdate(UUID jobId, long seq, JobStatus status, String message) implements JobUpdate {
    public StatusUpdate {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String type() {
        return "status";
    }

    @Override
    public StatusUpdate withSeq(long s) {
        return new StatusUpdate(jobId, s, status, message);
    }
}
