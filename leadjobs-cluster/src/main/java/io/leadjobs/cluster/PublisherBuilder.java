package io.leadjobs.cluster;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;

/**
 * The options that both cluster publishers take, declared once: {@link PostgresEventPublisher.Builder} and
 * {@link RedisEventPublisher.Builder} extend it, so they accept and refuse the same values with the same
 * sentences. Setters validate at once. Not thread-safe.
 *
 * @param <B> the builder's own type, which each setter returns
 */
public abstract sealed class PublisherBuilder<B extends PublisherBuilder<B>>
        permits PostgresEventPublisher.Builder, RedisEventPublisher.Builder {
    private static final int MAX_QUEUE = 1_000_000;

    int publishQueue = 10_000;
    Duration publishWait = Duration.ofSeconds(5);
    int listenerQueue = 10_000;
    int deliveryThreads = 2;
    Duration startTimeout = Duration.ofSeconds(30);

    PublisherBuilder() {
    }

    abstract B self();

    /**
     * How many published updates may wait to be sent (default 10000), and how long {@code publish} waits
     * for room when the database or Redis is slow or unreachable before it drops the update and tells this
     * server's listeners of a gap (default 5 s).
     */
    public B publishQueue(int capacity, Duration wait) {
        this.publishQueue = queueCapacity("publishQueue capacity", capacity);
        this.publishWait = LeadJobsException.requireNotNegative("publishQueue wait", wait);
        return self();
    }

    /** How many updates may wait for one slow listener before it misses some and is told of a gap (default 10000). */
    public B listenerQueue(int listenerQueue) {
        this.listenerQueue = queueCapacity("listenerQueue", listenerQueue);
        return self();
    }

    /** Threads that call this server's listeners (default 2). */
    public B deliveryThreads(int deliveryThreads) {
        if (deliveryThreads < 1 || deliveryThreads > 64) {
            throw LeadJobsException.invalidSetting("deliveryThreads", "between 1 and 64", deliveryThreads);
        }
        this.deliveryThreads = deliveryThreads;
        return self();
    }

    /**
     * How long {@code build()} waits for the publisher to hear the channel (default 30 s): the first
     * {@code LISTEN} on PostgreSQL, the connections and the subscription on Redis.
     */
    public B startTimeout(Duration startTimeout) {
        this.startTimeout = LeadJobsException.requirePositive("startTimeout", startTimeout);
        return self();
    }

    /** A queue's capacity, between 1 and 1,000,000; {@code name} is the option's name in the error. */
    static int queueCapacity(String name, int capacity) {
        if (capacity < 1 || capacity > MAX_QUEUE) {
            throw LeadJobsException.invalidSetting(name, "between 1 and " + MAX_QUEUE, capacity);
        }
        return capacity;
    }
}
