package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Cross-node delivery latency through PostgreSQL LISTEN/NOTIFY: node B publishes progress updates of 100
 * jobs at a fixed offered rate, node A (another publisher with its own connection pool, in the same JVM so
 * both read one clock) records when each arrives. Each step runs 4 s after a 1 s warm-up at the same rate;
 * the rates double until delivery falls behind. Run against the local PostgreSQL with
 * <pre>
 * mvn -B -q -pl leadjobs-cluster -am test -DskipTests -Pcluster-benchmark
 * </pre>
 * and over Redis pub/sub (the tests' Redis, TestRedis) with {@code -Dexec.args=redis}.
 * Not a unit test: the figures depend on the machine and go into leadjobs-cluster's README.
 */
public final class ClusterLatencyBenchmark {
    private static final int JOBS = 100;
    private static final int[] RATES = {100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000};
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration MEASURE = Duration.ofSeconds(4);

    private ClusterLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean redis = args.length > 0 && args[0].equals("redis");
        System.out.println("Cross-node delivery through " + (redis ? "Redis pub/sub at " + TestRedis.url() : "PostgreSQL LISTEN/NOTIFY at " + PgTestDatabase.pgUrl()));
        System.out.printf(Locale.ROOT, "%-10s %-10s %-10s %-10s %-10s %-10s%n", "offered/s", "sent/s", "received/s", "p50 ms", "p99 ms", "max ms");
        for (int rate : RATES) {
            Result r = step(rate, redis);
            System.out.printf(Locale.ROOT, "%-10d %-10.0f %-10.0f %-10.2f %-10.2f %-10.2f%n", rate, r.sentPerSecond, r.receivedPerSecond,
                    r.p50Millis, r.p99Millis, r.maxMillis);
            if (r.lost > 0 || r.p99Millis > 1_000) {
                System.out.printf(Locale.ROOT, "stopping: %d updates did not arrive within 10 s or p99 over 1 s%n", r.lost);
                break;
            }
        }
    }

    private record Result(double sentPerSecond, double receivedPerSecond, double p50Millis, double p99Millis, double maxMillis, int lost) {
    }

    private static Result step(int rate, boolean redis) throws InterruptedException {
        int warm = (int) (rate * WARM_UP.toMillis() / 1000);
        int total = warm + (int) (rate * MEASURE.toMillis() / 1000);
        AtomicLongArray sentAt = new AtomicLongArray(total);
        AtomicLongArray receivedAt = new AtomicLongArray(total);
        AtomicInteger received = new AtomicInteger();
        UUID[] jobs = new UUID[JOBS];
        for (int j = 0; j < JOBS; j++) {
            jobs[j] = new UUID(rate, j);
        }
        try (PgTestDatabase db = new PgTestDatabase()) {
            String redisChannel = "leadjobs:bench:" + db.channel();
            JobEventPublisher a = redis
                    ? RedisEventPublisher.builder().uri(TestRedis.url()).channel(redisChannel).listenerQueue(1_000_000).build()
                    : PostgresEventPublisher.builder().dataSource(db.newPool(4)).channel(db.channel()).listenerQueue(1_000_000).build();
            JobEventPublisher b = redis
                    ? RedisEventPublisher.builder().uri(TestRedis.url()).channel(redisChannel).publishQueue(1_000_000).build()
                    : PostgresEventPublisher.builder().dataSource(db.newPool(4)).channel(db.channel()).publishQueue(1_000_000, Duration.ofSeconds(5)).build();
            try {
                a.addListener(new JobUpdateListener() {
                    @Override
                    public void onUpdate(JobUpdate update) {
                        long now = System.nanoTime();
                        int i = (int) ((update.seq() - 1) * JOBS + update.jobId().getLeastSignificantBits());
                        receivedAt.set(i, now);
                        received.incrementAndGet();
                    }
                });
                long start = System.nanoTime();
                long interval = 1_000_000_000L / rate;
                for (int i = 0; i < total; i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 50_000) {
                        LockSupport.parkNanos(wait);
                    }
                    long seq = i / JOBS + 1;
                    sentAt.set(i, System.nanoTime());
                    b.publish(new ProgressUpdate(jobs[i % JOBS], seq, (int) (seq % 101), (int) seq, total / JOBS + 1));
                }
                long sendEnd = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (received.get() < total && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
                long[] latencies = new long[total - warm];
                int n = 0;
                long firstMeasured = sentAt.get(warm);
                long lastReceived = firstMeasured;
                for (int i = warm; i < total; i++) {
                    long r = receivedAt.get(i);
                    if (r != 0) {
                        latencies[n++] = r - sentAt.get(i);
                        lastReceived = Math.max(lastReceived, r);
                    }
                }
                long[] got = Arrays.copyOf(latencies, n);
                Arrays.sort(got);
                double seconds = (sendEnd - firstMeasured) / 1e9;
                return new Result((total - warm) / seconds, n / ((lastReceived - firstMeasured) / 1e9), millis(got, 0.50), millis(got, 0.99),
                        got.length == 0 ? Double.NaN : got[got.length - 1] / 1e6, total - received.get());
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)));
        return sorted[i] / 1e6;
    }
}
