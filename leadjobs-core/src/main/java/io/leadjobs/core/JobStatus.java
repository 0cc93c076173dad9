package io.leadjobs.core;

import java.util.Locale;
import java.util.Optional;

/** A job's lifecycle: {@code queued -> processing -> completed | failed | cancelled}. */
public enum JobStatus {
    QUEUED,
    PROCESSING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The lower-case name that clients see ({@code "processing"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> fromWireName(String name) {
        for (JobStatus s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * Whether the lifecycle allows moving from this status to {@code next}. A queued job may also be
     * cancelled or failed before it starts; a processing job may go back to queued only when its worker
     * lost its lease (crash recovery), which is the store's business, not a client's.
     */
    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            case QUEUED -> next == PROCESSING || next == CANCELLED || next == FAILED;
            case PROCESSING -> next == COMPLETED || next == FAILED || next == CANCELLED || next == QUEUED;
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
