package io.leadjobs.core.spi;

import java.util.Set;
import java.util.UUID;

/**
 * Which subscribers (a connection, a socket: any stable string id) watch which jobs. Thread-safe.
 */
public interface SubscriptionRegistry {

    /** Adds the subscription; returns false if it already existed. */
    boolean subscribe(String subscriberId, UUID jobId);

    /** Removes the subscription; returns false if there was none. Idempotent. */
    boolean unsubscribe(String subscriberId, UUID jobId);

    /** Removes every subscription of the subscriber (it disconnected). */
    void unsubscribeAll(String subscriberId);

    Set<String> subscribers(UUID jobId);

    Set<UUID> subscriptions(String subscriberId);
}
