package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.LeadJobsException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    private ConnectionRateLimiter limiter(RateLimit limit, List<String> proxies, int maxAddresses) {
        return new ConnectionRateLimiter(limit, ClientAddresses.trusting(proxies), maxAddresses, nanos::get);
    }

    private static int acquired(ConnectionRateLimiter limiter, String address, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(address)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void allowsABurstThenRefusesUntilTokensRefill() {
        ConnectionRateLimiter limiter = limiter(RateLimit.of(2, 5), List.of(), 1000);

        assertThat(acquired(limiter, "203.0.113.7", 20)).isEqualTo(5);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
        assertThat(acquired(limiter, "203.0.113.7", 20)).isEqualTo(3);
    }

    @Test
    void limitsEachAddressOnItsOwn() {
        ConnectionRateLimiter limiter = limiter(RateLimit.of(1, 3), List.of(), 1000);

        assertThat(acquired(limiter, "203.0.113.7", 10)).isEqualTo(3);
        assertThat(acquired(limiter, "198.51.100.1", 10)).isEqualTo(3);
    }

    @Test
    void letsEverythingThroughWhenOff() {
        ConnectionRateLimiter limiter = limiter(RateLimit.off(), List.of(), 1000);

        assertThat(acquired(limiter, "203.0.113.7", 10_000)).isEqualTo(10_000);
        assertThat(limiter.trackedAddresses()).isZero();
    }

    @Test
    void forgetsRefilledAddressesAndSharesAnOverflowBucketWhenTheTableIsFull() {
        ConnectionRateLimiter limiter = limiter(RateLimit.of(1, 1), List.of(), 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0." + i)).isTrue();
        }

        assertThat(limiter.tryAcquire("10.0.1.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.1.2")).as("shares the overflow bucket").isFalse();
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(4);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(limiter.tryAcquire("10.0.2.1")).isTrue();
        assertThat(limiter.trackedAddresses()).isEqualTo(1);
    }

    @Test
    void readsForwardedForOnlyFromTrustedProxies() {
        ConnectionRateLimiter limiter = limiter(RateLimit.of(1, 1), List.of("10.0.0.0/8", "::1"), 1000);

        assertThat(limiter.clientAddress("10.1.2.3", Optional.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(limiter.clientAddress("0:0:0:0:0:0:0:1", Optional.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(limiter.clientAddress("198.51.100.9", Optional.of("203.0.113.7"))).isEqualTo("198.51.100.9");
        assertThat(limiter.clientAddress("10.1.2.3", Optional.empty())).isEqualTo("10.1.2.3");
    }

    @Test
    void takesTheRightMostUntrustedHopSoAClientCannotForgeItsAddress() {
        ConnectionRateLimiter limiter = limiter(RateLimit.of(1, 1), List.of("10.0.0.0/8"), 1000);

        assertThat(limiter.clientAddress("10.0.0.1", Optional.of("1.2.3.4, 203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
        assertThat(limiter.clientAddress("10.0.0.1", Optional.of("not-an-ip, 203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(limiter.clientAddress("10.0.0.1", Optional.of("203.0.113.7, evil.example"))).isEqualTo("10.0.0.1");
    }

    @Test
    void refusesProxiesThatAreNotAddressesOrBlocks() {
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("proxy.example.com")))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("trustedProxies must be IP addresses or CIDR blocks, was 'proxy.example.com'");
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("10.0.0.0/33")))
                .hasMessage("trustedProxies must be IP addresses or CIDR blocks, was '10.0.0.0/33'");
    }

    @Test
    void refusesHalfConfiguredLimits() {
        assertThatThrownBy(() -> RateLimit.of(5, 0))
                .hasMessage("A rate limit is either off (0 per second, burst 0) or has both a rate and a burst, was 5.0 per second with burst 0");
        assertThatThrownBy(() -> RateLimit.of(-1, 3)).hasMessage("permitsPerSecond must be between 0 and 1000000, was -1.0");
    }
}
