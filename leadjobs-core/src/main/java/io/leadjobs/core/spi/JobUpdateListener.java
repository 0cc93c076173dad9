package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;
import java.util.List;

/** Receives published job updates. Methods must return quickly and must not throw. */
public interface JobUpdateListener {

    void onUpdate(JobUpdate update);

    /**
     * Updates in the order published, one or more: what was published together
     * ({@link JobEventPublisher#publishAll}) and whatever else waited for this listener when its turn came. The
     * default hands them to {@link #onUpdate} one by one; a listener that sends them on overrides it to send them
     * together.
     */
    default void onUpdates(List<JobUpdate> updates) {
        updates.forEach(this::onUpdate);
    }

    /**
     * The publisher may have lost updates (for example its connection to the broker dropped): listeners
     * should give their clients a fresh snapshot rather than let them miss updates silently.
     */
    default void onPossibleGap() {
    }
}
