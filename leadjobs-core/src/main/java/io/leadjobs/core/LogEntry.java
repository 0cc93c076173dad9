package io.leadjobs.core;

import java.time.Instant;
import java.util.Objects;

/** One line of a job's log, as the {@code log} update and {@code recentLogs} carry it. */
public record LogEntry(LogLevel level, String message, Instant timestamp) {
    public LogEntry {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static LogEntry of(LogLevel level, String message, Instant timestamp) {
        return new LogEntry(level, message, timestamp);
    }
}
