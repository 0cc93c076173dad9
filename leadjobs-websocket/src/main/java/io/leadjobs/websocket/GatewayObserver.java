package io.leadjobs.websocket;

/**
 * Hears what a {@link JobEventsGateway} does, for metrics ({@code leadjobs-micrometer} implements it). Every
 * method has a no-op default. Methods are called on I/O and delivery threads and must return at once without
 * blocking; what an observer throws is logged and ignored. Connection and subscription counts are not events
 * here: read them from {@link JobEventsGateway#connectedClientsByTransport()} and
 * {@link JobEventsGateway#subscriptions()}.
 */
public interface GatewayObserver {

    /** The observer that hears nothing; the default. */
    GatewayObserver NONE = new GatewayObserver() {
    };

    /**
     * A connection was refused before it joined: {@code rate limit} (HTTP 429 at the Engine.IO handshake), an
     * authentication reason class ({@code missing token}, {@code invalid signature}, {@code token expired}, ...)
     * or {@code too many connections}.
     *
     * @param reason the reason class, never token text
     */
    default void handshakeRefused(String reason) {
    }

    /** The gateway heard a job update from the job service (whether or not anyone watches the job). */
    default void updatePublished() {
    }

    /**
     * Updates were handed to one client's connection.
     *
     * @param count how many
     */
    default void updatesDelivered(int count) {
    }

    /** A waiting progress update was replaced by a newer one of its job because delivery fell behind. */
    default void updateCoalesced() {
    }

    /**
     * An update was not delivered because delivery fell too far behind (its recipients get a fresh
     * {@code job-status} instead).
     *
     * @param recipients the clients that missed it
     */
    default void updateDropped(int recipients) {
    }
}
