package io.leadjobs.websocket;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits how often each client address may open a connection: one token bucket per address. Buckets that
 * have refilled are forgotten when the table grows past {@code maxAddresses}, so a scan of many addresses
 * cannot grow memory without bound; addresses beyond that share one overflow bucket.
 */
final class ConnectionRateLimiter {
    private static final String OVERFLOW = "\u0000overflow";

    private final RateLimit limit;
    private final ClientAddresses addresses;
    private final int maxAddresses;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    ConnectionRateLimiter(RateLimit limit, ClientAddresses addresses, int maxAddresses, LongSupplier nanoClock) {
        this.limit = limit;
        this.addresses = addresses;
        this.maxAddresses = maxAddresses;
        this.nanoClock = nanoClock;
    }

    /** The client's address, as X-Forwarded-For from a trusted proxy or the peer address says. */
    String clientAddress(String remoteAddress, Optional<String> forwardedFor) {
        return addresses.resolve(remoteAddress, forwardedFor);
    }

    /** Takes one permit for a connection from this client address; false if it must be refused. */
    boolean tryAcquire(String clientAddress) {
        if (!limit.enabled()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.get(clientAddress);
        if (bucket == null) {
            if (buckets.size() >= maxAddresses) {
                forgetIdle(now);
            }
            String key = buckets.size() >= maxAddresses ? OVERFLOW : clientAddress;
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now));
        }
        return bucket.tryAcquire(now);
    }

    int trackedAddresses() {
        return buckets.size();
    }

    private void forgetIdle(long now) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }
}
