package io.leadjobs.loadtool;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Latencies in microseconds, 100 µs buckets up to 60 s; thread-safe and allocation-free when recording. */
final class LatencyHistogram {
    private static final int BUCKET_MICROS = 100;
    private static final int BUCKETS = 600_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final LongAdder total = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long micros) {
        long value = Math.max(0, micros);
        int bucket = (int) Math.min(BUCKETS, value / BUCKET_MICROS);
        counts.incrementAndGet(bucket);
        total.increment();
        max.accumulate(value);
    }

    long count() {
        return total.sum();
    }

    long maxMicros() {
        return max.get();
    }

    /** The upper edge of the bucket holding the {@code p}-th percentile, in microseconds. */
    long percentileMicros(double p) {
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min((long) (i + 1) * BUCKET_MICROS, maxMicros());
            }
        }
        return maxMicros();
    }
}
