package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;
import java.util.List;

/** Receives published job updates. Methods must return quickly and must not throw. */
public interface JobUpdateListener {

    void onUpdate(JobUpdate update);

    /**
     * Updates in the order published, one or more: what was published together
     * ({@link JobEventPublisher#publishAll}) and whatever else waited for this listener when its turn came. The
     * default hands them to {@link #onUpdate} one by one, each even if one before it threw (what was thrown is
     * then rethrown at the end, the rest added as suppressed); a listener that sends them on overrides it to send
     * them together, and keeps one update's failure from costing the others.
     */
    default void onUpdates(List<JobUpdate> updates) {
        RuntimeException failure = null;
        for (JobUpdate update : updates) {
            try {
                onUpdate(update);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The publisher may have lost updates (for example its connection to the broker dropped): listeners
     * should give their clients a fresh snapshot rather than let them miss updates silently.
     */
    default void onPossibleGap() {
    }
}
