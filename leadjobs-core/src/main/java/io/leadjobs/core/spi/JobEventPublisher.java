package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;

/**
 * Carries job updates from the workers that produce them to whoever delivers them to clients. The
 * in-memory publisher delivers within one process; a clustered one (PostgreSQL LISTEN/NOTIFY) delivers
 * what any server publishes to listeners on every server. Publishing never blocks on a slow listener, and
 * no queue hides latency: a listener that falls behind gets the newest progress update of a job instead of
 * every one still waiting ({@link ListenerDelivery} does this for the shipped publishers).
 */
public interface JobEventPublisher extends AutoCloseable {

    /**
     * Publishes one update; updates of one job reach each listener in {@code seq} order, each at most once (a
     * progress update may be skipped for a newer one while the listener is behind).
     */
    void publish(JobUpdate update);

    /** Adds a listener; closing the returned handle removes it. */
    Registration addListener(JobUpdateListener listener);

    @Override
    default void close() {
    }

    /** Handle returned by {@link #addListener}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
