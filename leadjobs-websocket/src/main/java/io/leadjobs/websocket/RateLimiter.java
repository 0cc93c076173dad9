package io.leadjobs.websocket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client address, a user) at a {@link RateLimit}. A bucket that nobody used for as
 * long as it takes to refill completely is full, so forgetting it changes nothing: such buckets are forgotten,
 * and memory follows the keys active lately. Past {@code maxKeys} buckets, new keys share one overflow bucket,
 * so a flood of fresh keys cannot buy fresh bursts. Thread-safe; starts no threads.
 *
 * <pre>{@code
 * RateLimiter submissions = RateLimiter.perKey(RateLimit.of(0.5, 30), 100_000);   // 30 per user per minute
 * if (!submissions.tryAcquire(userId)) { ... answer 429 ... }
 * }</pre>
 */
public final class RateLimiter {
    private static final String OVERFLOW = "\u0000overflow";

    private final RateLimit limit;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final Cache<String, TokenBucket> buckets;

    private RateLimiter(RateLimit limit, int maxKeys, LongSupplier nanoClock) {
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
        Duration refill = limit.enabled()
                ? Duration.ofNanos((long) Math.ceil(limit.burst() / limit.permitsPerSecond() * 1e9))
                : Duration.ZERO;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(refill)
                .ticker(nanoClock::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    /**
     * A limiter of {@code limit} for each key, tracking at most {@code maxKeys} keys at once.
     *
     * @param limit the rate each key gets; {@link RateLimit#off()} lets everything through
     * @param maxKeys keys tracked at once (1-10,000,000) before new ones share an overflow bucket
     * @return the limiter
     */
    public static RateLimiter perKey(RateLimit limit, int maxKeys) {
        return perKey(limit, maxKeys, System::nanoTime);
    }

    static RateLimiter perKey(RateLimit limit, int maxKeys, LongSupplier nanoClock) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(nanoClock, "nanoClock");
        return new RateLimiter(limit, LeadJobsException.requireBetween("maxKeys", maxKeys, 1, 10_000_000),
                nanoClock);
    }

    /**
     * Takes one permit for {@code key}.
     *
     * @return false when the key is over its rate and the action must be refused; always true when the limit is off
     */
    public boolean tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        if (!limit.enabled()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            if (buckets.estimatedSize() >= maxKeys) {
                buckets.cleanUp();
            }
            String tracked = buckets.estimatedSize() >= maxKeys ? OVERFLOW : key;
            bucket = buckets.get(tracked, k -> new TokenBucket(limit, now));
        }
        return bucket.tryAcquire(now);
    }

    /** Keys tracked now; for tests. */
    int trackedKeys() {
        buckets.cleanUp();
        return (int) buckets.estimatedSize();
    }
}
