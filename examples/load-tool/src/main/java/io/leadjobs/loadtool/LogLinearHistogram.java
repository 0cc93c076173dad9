package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Latencies in microseconds in the layout {@code clients.mjs} records: exact below 128 µs, then 64 buckets per
 * power of two (relative error under 1/64), up to 2^32 µs. The Node processes send their buckets sparse as
 * {@code [[index, count], ...]}; this class adds them up and reads percentiles. Not thread-safe.
 */
final class LogLinearHistogram {
    private static final int SUB = 64;
    private static final int BUCKETS = 27 * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    /** Adds one process's histogram: {@code buckets} as {@code [[index, count], ...]}. */
    void add(JsonNode buckets, long processMaxMicros) {
        for (JsonNode bucket : buckets) {
            int index = bucket.get(0).asInt();
            long count = bucket.get(1).asLong();
            if (index < 0 || index >= BUCKETS) {
                throw new IllegalArgumentException("Latency bucket " + index + " is outside 0.." + (BUCKETS - 1));
            }
            counts[index] += count;
            total += count;
        }
        maxMicros = Math.max(maxMicros, processMaxMicros);
    }

    /** The bucket holding the {@code p}-th percentile; -1 when empty. */
    int percentileBucket(double p) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return BUCKETS - 1;
    }

    /** Latencies in buckets above {@code bucket}: certainly longer than any in it. */
    long countAbove(int bucket) {
        long n = 0;
        for (int i = Math.max(0, bucket + 1); i < BUCKETS; i++) {
            n += counts[i];
        }
        return n;
    }

    long count() {
        return total;
    }

    double maxMillis() {
        return maxMicros / 1000.0;
    }

    /** The middle of the bucket holding the {@code p}-th percentile, in milliseconds (never above the maximum). */
    double percentileMillis(double p) {
        int bucket = percentileBucket(p);
        return bucket < 0 ? 0 : Math.min(middleMicros(bucket), maxMicros) / 1000.0;
    }

    private static double middleMicros(int index) {
        if (index < 2 * SUB) {
            return index + 0.5;
        }
        int shift = index / SUB - 1;
        long lower = (long) (index - shift * SUB) << shift;
        return lower + (1L << shift) / 2.0;
    }
}
