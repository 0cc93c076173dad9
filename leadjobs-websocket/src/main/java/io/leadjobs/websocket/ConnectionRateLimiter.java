package io.leadjobs.websocket;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Limits how often each client address may open a connection: a {@link RateLimiter} keyed by the client address,
 * which X-Forwarded-For names only when a trusted proxy sent it.
 */
final class ConnectionRateLimiter {
    private final ClientAddresses addresses;
    private final RateLimiter perAddress;

    ConnectionRateLimiter(RateLimit limit, ClientAddresses addresses, int maxAddresses, LongSupplier nanoClock) {
        this.addresses = addresses;
        this.perAddress = RateLimiter.perKey(limit, maxAddresses, nanoClock);
    }

    /** The client's address, as X-Forwarded-For from a trusted proxy or the peer address says. */
    String clientAddress(String remoteAddress, Optional<String> forwardedFor) {
        return addresses.resolve(remoteAddress, forwardedFor);
    }

    /** Takes one permit for a connection from this client address; false if it must be refused. */
    boolean tryAcquire(String clientAddress) {
        return perAddress.tryAcquire(clientAddress);
    }

    int trackedAddresses() {
        return perAddress.trackedKeys();
    }
}
