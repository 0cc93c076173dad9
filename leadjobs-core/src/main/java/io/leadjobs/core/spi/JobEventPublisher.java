package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;
import java.util.List;

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

    /**
     * Publishes updates that belong together, in {@code seq} order: the report a commit stored (a progress update
     * and its log entries), a job's start or its closing updates. Each is published as by {@link #publish}, and
     * where the publisher can, they reach a listener together, in one {@link JobUpdateListener#onUpdates} call, so
     * that a client gets them in one write rather than one after another. The default publishes them one by one.
     */
    default void publishAll(List<JobUpdate> updates) {
        updates.forEach(this::publish);
    }

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
