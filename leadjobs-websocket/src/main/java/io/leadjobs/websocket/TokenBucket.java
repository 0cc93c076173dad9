package io.leadjobs.websocket;

/** A classic token bucket on a monotonic nanosecond clock. Thread-safe. */
final class TokenBucket {
    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastRefill;

    TokenBucket(RateLimit limit, long nowNanos) {
        this.capacity = limit.burst();
        this.tokensPerNano = limit.permitsPerSecond() / 1_000_000_000.0;
        this.tokens = capacity;
        this.lastRefill = nowNanos;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastRefill = nowNanos;
        }
    }
}
