package io.leadjobs.core.osint;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a random time up to base * 2^(n-1), capped at 2 s. */
final class Backoff {
    private static final long CAP_MILLIS = 2_000;

    private final long baseMillis;

    Backoff(Duration base) {
        this.baseMillis = base.toMillis();
    }

    void pause(int attempt) throws InterruptedException {
        if (baseMillis <= 0) {
            return;
        }
        long ceiling = Math.min(CAP_MILLIS, baseMillis << Math.min(attempt - 1, 10));
        Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** The longest all the pauses of {@code retries} retries can take together. */
    long worstCaseMillis(int retries) {
        long total = 0;
        for (int i = 1; i <= retries; i++) {
            total += Math.min(CAP_MILLIS, baseMillis << Math.min(i - 1, 10));
        }
        return total;
    }
}
