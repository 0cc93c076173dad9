package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The settings every network enricher's builder shares: the per-key answer cache and the circuit breaker
 * that skips the network while it does not answer. Each enricher's builder passes its own defaults (named
 * in its Javadoc) and adds what only it needs; setters validate at once and return that builder.
 *
 * @param <B> the enricher's own builder, so that calls chain across its own and these settings
 */
abstract class EnricherBuilder<B extends EnricherBuilder<B>> {

    Duration cacheTtl;
    Duration negativeCacheTtl;
    int maxCacheSize = 100_000;
    int failureThreshold;
    Duration circuitCooldown;
    Ticker ticker = Ticker.systemTicker();

    EnricherBuilder(Duration cacheTtl, Duration negativeCacheTtl, int failureThreshold, Duration circuitCooldown) {
        this.cacheTtl = cacheTtl;
        this.negativeCacheTtl = negativeCacheTtl;
        this.failureThreshold = failureThreshold;
        this.circuitCooldown = circuitCooldown;
    }

    /** This builder, typed as the enricher's own. */
    abstract B self();

    /** How long an answer is kept; zero turns the cache (and the coalescing of concurrent lookups) off. */
    public B cacheTtl(Duration ttl) {
        this.cacheTtl = LeadJobsException.requireNotNegative("cacheTtl", ttl);
        return self();
    }

    /** How long a negative answer (nothing found, an error, no answer at all) is kept, at most {@code cacheTtl}. */
    public B negativeCacheTtl(Duration ttl) {
        this.negativeCacheTtl = LeadJobsException.requireNotNegative("negativeCacheTtl", ttl);
        return self();
    }

    /** How many answers the cache holds at most, 1 to 10,000,000 (default 100,000). */
    public B maxCacheSize(int size) {
        this.maxCacheSize = LeadJobsException.requireBetween("maxCacheSize", size, 1, 10_000_000);
        return self();
    }

    /** Consecutive lookups failing at the network level after which the enricher pauses, 1 to 1,000. */
    public B failureThreshold(int n) {
        this.failureThreshold = LeadJobsException.requireBetween("failureThreshold", n, 1, 1_000);
        return self();
    }

    /** How long the enricher pauses once the breaker opens, before one lookup tries the network again. */
    public B circuitCooldown(Duration cooldown) {
        this.circuitCooldown = LeadJobsException.requirePositive("circuitCooldown", cooldown);
        return self();
    }

    /** A clock for the cache, the breaker and any rate limit; tests move it by hand. */
    B ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return self();
    }

    /** The breaker these settings describe. */
    CircuitBreaker breaker() {
        return new CircuitBreaker(failureThreshold, circuitCooldown, ticker::read);
    }

    /**
     * The cache these settings describe: answers that {@code negative} picks out are kept for
     * {@code negativeCacheTtl} (never longer than {@code cacheTtl}), the others for {@code cacheTtl}, and
     * failed lookups not at all. Empty when {@code cacheTtl} is zero.
     */
    <V> Optional<AsyncCache<String, Coalescing.Outcome<V>>> outcomeCache(Predicate<V> negative) {
        if (cacheTtl.isZero()) {
            return Optional.empty();
        }
        Duration positive = cacheTtl;
        Duration shorter = negativeCacheTtl.compareTo(positive) < 0 ? negativeCacheTtl : positive;
        Expiry<String, Coalescing.Outcome<V>> expiry = Expiry.creating((key, outcome) ->
                outcome.value().map(v -> negative.test(v) ? shorter : positive).orElse(Duration.ZERO));
        return Optional.of(Caffeine.newBuilder()
                .maximumSize(maxCacheSize)
                .expireAfter(expiry)
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync());
    }
}
