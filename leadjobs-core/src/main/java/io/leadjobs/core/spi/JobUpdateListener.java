package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;

/** Receives published job updates. Methods must return quickly and must not throw. */
public interface JobUpdateListener {

    void onUpdate(JobUpdate update);

    /**
     * The publisher may have lost updates (for example its connection to the broker dropped): listeners
     * should give their clients a fresh snapshot rather than let them miss updates silently.
     */
    default void onPossibleGap() {
    }
}
