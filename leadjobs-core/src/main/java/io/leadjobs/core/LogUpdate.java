package io.leadjobs.core;

import java.util.Objects;
import java.util.UUID;

/** {@code { type: 'log', log: { level, message, timestamp } }}. */
public record LogUpdate(UUID jobId, long seq, LogEntry log) implements JobUpdate {
    public LogUpdate {
        Objects.requireNonNull(log, "log");
    }

    @Override
    public String type() {
        return "log";
    }

    @Override
    public LogUpdate withSeq(long s) {
        return new LogUpdate(jobId, s, log);
    }

    @Override
    public boolean droppable() {
        return true;
    }
}
