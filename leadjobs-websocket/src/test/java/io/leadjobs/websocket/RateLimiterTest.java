package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(42);

    private static int acquired(RateLimiter limiter, String key, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(key)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void givesEachKeyAMinutesWorthThenRefillsContinuously() {
        RateLimiter perUser = RateLimiter.perKey(RateLimit.of(30 / 60.0, 30), 1000, nanos::get);

        assertThat(acquired(perUser, "alice", 100)).isEqualTo(30);
        assertThat(acquired(perUser, "bob", 100)).isEqualTo(30);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertThat(acquired(perUser, "alice", 100)).isEqualTo(2);
    }

    @Test
    void forgetsAKeyOnlyOnceItsBucketHasRefilled() {
        RateLimiter perUser = RateLimiter.perKey(RateLimit.of(30 / 60.0, 30), 1000, nanos::get);
        acquired(perUser, "alice", 30);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(perUser.trackedKeys()).isEqualTo(1);
        assertThat(acquired(perUser, "alice", 100)).as("refilled 29.5 tokens, not a fresh bucket").isEqualTo(29);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertThat(perUser.trackedKeys()).isZero();
        assertThat(acquired(perUser, "alice", 100)).isEqualTo(30);
    }

    @Test
    void letsEverythingThroughWhenOffAndTracksNothing() {
        RateLimiter off = RateLimiter.perKey(RateLimit.off(), 10, nanos::get);

        assertThat(acquired(off, "alice", 10_000)).isEqualTo(10_000);
        assertThat(off.trackedKeys()).isZero();
    }

    @Test
    void refusesATableSizeOutOfRange() {
        assertThatThrownBy(() -> RateLimiter.perKey(RateLimit.of(1, 1), 0))
                .hasMessage("maxKeys must be between 1 and 10000000, was 0");
    }
}
