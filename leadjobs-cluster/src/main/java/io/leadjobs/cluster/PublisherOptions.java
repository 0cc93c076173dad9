package io.leadjobs.cluster;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;

/**
 * The options that both cluster publishers' builders take, with their defaults and the rules that
 * validate them in one place, so that {@link PostgresEventPublisher.Builder} and
 * {@link RedisEventPublisher.Builder} accept and refuse the same values with the same sentences.
 */
final class PublisherOptions {
    static final int DEFAULT_PUBLISH_QUEUE = 10_000;
    static final Duration DEFAULT_PUBLISH_WAIT = Duration.ofSeconds(5);
    static final int DEFAULT_LISTENER_QUEUE = 10_000;
    static final int DEFAULT_DELIVERY_THREADS = 2;
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_QUEUE = 1_000_000;

    private PublisherOptions() {
    }

    /** A queue's capacity, between 1 and 1,000,000; {@code name} is the option's name in the error. */
    static int queueCapacity(String name, int capacity) {
        if (capacity < 1 || capacity > MAX_QUEUE) {
            throw LeadJobsException.invalidSetting(name, "between 1 and " + MAX_QUEUE, capacity);
        }
        return capacity;
    }

    /** The threads that call a server's listeners: between 1 and 64. */
    static int deliveryThreads(int deliveryThreads) {
        if (deliveryThreads < 1 || deliveryThreads > 64) {
            throw LeadJobsException.invalidSetting("deliveryThreads", "between 1 and 64", deliveryThreads);
        }
        return deliveryThreads;
    }

    /** A duration greater than zero. */
    static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw LeadJobsException.invalidSetting(name, "positive", d);
        }
        return d;
    }

    /** A duration of zero or more. */
    static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw LeadJobsException.invalidSetting(name, "zero or positive", d);
        }
        return d;
    }
}
