package io.leadjobs.core.memory;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.ListenerDelivery;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.SubscriptionRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * The in-memory implementations of the SPI: for tests, demos and single-process hosts that can lose
 * their jobs on restart.
 */
public final class InMemory {
    /** Log entries kept per job by default; older ones are trimmed. */
    public static final int DEFAULT_LOGS_PER_JOB = 1_000;
    /** Updates that may wait for one slow listener before it is told it has a gap. */
    public static final int DEFAULT_LISTENER_QUEUE = 10_000;

    private InMemory() {
    }

    /** A store on the system clock that keeps the newest 1,000 log entries of each job. */
    public static JobStore jobStore() {
        return new InMemoryJobStore(Clock.systemUTC(), DEFAULT_LOGS_PER_JOB);
    }

    /**
     * A store that stamps status changes with {@code clock} and keeps at most {@code logsPerJob} log
     * entries per job (1-1,000,000).
     */
    public static JobStore jobStore(Clock clock, int logsPerJob) {
        Objects.requireNonNull(clock, "clock");
        if (logsPerJob < 1 || logsPerJob > 1_000_000) {
            throw LeadJobsException.invalidSetting("logsPerJob", "between 1 and 1000000", logsPerJob);
        }
        return new InMemoryJobStore(clock, logsPerJob);
    }

    /** A publisher delivering on one thread ({@code leadjobs-events-1}); close it when done. */
    public static JobEventPublisher eventPublisher() {
        return new InMemoryEventPublisher(1, DEFAULT_LISTENER_QUEUE);
    }

    /**
     * A publisher delivering on {@code threads} threads (1-64), each listener in order on one of them at a time,
     * with at most {@code queuePerListener} updates waiting for one listener (see {@link ListenerDelivery}: once the listener is
     * {@link ListenerDelivery#COALESCE_AFTER} behind, a newer progress update of a job replaces the waiting one; past
     * {@code queuePerListener} the listener misses updates and is told so, {@code onPossibleGap}).
     */
    public static JobEventPublisher eventPublisher(int threads, int queuePerListener) {
        return new InMemoryEventPublisher(threads, queuePerListener); // validated by ListenerDelivery.create
    }

    public static SubscriptionRegistry subscriptionRegistry() {
        return new InMemorySubscriptionRegistry();
    }
}
