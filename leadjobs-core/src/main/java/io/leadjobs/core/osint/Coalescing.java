package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Caches per key and coalesces concurrent loads: the first caller of a key loads it on its own thread,
 * later callers wait for that load. A load that found the network unavailable is handed to the waiters
 * but never stays in the cache.
 */
final class Coalescing {

    /** A loaded value, or why it could not be loaded. */
    record Outcome<V>(Optional<V> value, Optional<NetworkUnavailableException> failure) {
    }

    interface Loader<V> {
        V load() throws NetworkUnavailableException, InterruptedException;
    }

    private Coalescing() {
    }

    static <V> V get(AsyncCache<String, Outcome<V>> cache, String key, Loader<V> loader, Duration maxWait)
            throws NetworkUnavailableException, InterruptedException {
        CompletableFuture<Outcome<V>> mine = new CompletableFuture<>();
        CompletableFuture<Outcome<V>> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing == null) {
            try {
                V value = loader.load();
                mine.complete(new Outcome<>(Optional.of(value), Optional.empty()));
                return value;
            } catch (NetworkUnavailableException e) {
                cache.asMap().remove(key, mine);
                mine.complete(new Outcome<>(Optional.empty(), Optional.of(e)));
                throw e;
            } catch (InterruptedException | RuntimeException e) {
                cache.asMap().remove(key, mine);
                mine.complete(new Outcome<>(Optional.empty(), Optional.of(
                        new NetworkUnavailableException("the lookup of " + key + " was abandoned", e))));
                throw e;
            }
        }
        Outcome<V> outcome;
        try {
            outcome = existing.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NetworkUnavailableException("the lookup of " + key + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new NetworkUnavailableException("the lookup of " + key + " did not finish in time", e);
        }
        if (outcome.failure().isPresent()) {
            throw outcome.failure().get();
        }
        return outcome.value().orElseThrow();
    }
}
