package io.leadjobs.core;

import java.util.UUID;

/**
 * One {@code job-update} event. Every update carries its job id and a per-job sequence number that
 * starts at 1 and rises by exactly one with each update of that job. {@link #type()} is the wire
 * {@code type}.
 */
public sealed interface JobUpdate
        permits ProgressUpdate, StatusUpdate, LogUpdate, CompleteUpdate, ErrorUpdate {

    UUID jobId();

    long seq();

    /** {@code progress}, {@code status}, {@code log}, {@code complete} or {@code error}. */
    String type();

    /** A copy of this update with another sequence number. */
    JobUpdate withSeq(long seq);

    /**
     * Whether a slow client may lose this update: progress (a newer one supersedes it) and log entries.
     * Status, complete and error are never dropped.
     */
    default boolean droppable() {
        return false;
    }
}
