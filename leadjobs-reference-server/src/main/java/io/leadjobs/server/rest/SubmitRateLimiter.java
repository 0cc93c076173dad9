package io.leadjobs.server.rest;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many jobs each user may submit per minute: one token bucket per user, refilled continuously, holding at
 * most a minute's worth. Full buckets are forgotten when many users are tracked. Thread-safe.
 */
final class SubmitRateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int MAX_TRACKED = 100_000;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SubmitRateLimiter(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /** Takes one submission for {@code user}; false when the user is over the rate. Always true when the rate is 0. */
    boolean tryAcquire(String user) {
        if (perMinute == 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() >= MAX_TRACKED) {
            forgetFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(perMinute, now));
        return bucket.tryTake(now, perMinute);
    }

    private void forgetFull(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now, perMinute)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized boolean tryTake(long now, int capacity) {
            refill(now, capacity);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now, int capacity) {
            refill(now, capacity);
            return tokens >= capacity;
        }

        private void refill(long now, int capacity) {
            long elapsed = Math.max(0, now - updated);
            tokens = Math.min(capacity, tokens + (double) elapsed * capacity / MINUTE_NANOS);
            updated = now;
        }
    }
}
