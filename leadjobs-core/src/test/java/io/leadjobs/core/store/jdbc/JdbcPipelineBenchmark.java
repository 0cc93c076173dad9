package io.leadjobs.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.Lead;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * End-to-end leads per second through a {@link JobService} (offline enrichers, default scorer, default
 * batch size of 25): submit a job of {@value #LEADS} leads and wait for its {@code complete} update. The
 * store is in-memory, H2 in file mode (the reference server's default) or the local PostgreSQL (a schema
 * of its own), with batch commits that wait for the disk or ({@code postgresql-async}) do not. The score
 * is leads per second. With JMH's {@code -t 2} two clients submit at once, as the service works on two
 * jobs at once by default.
 *
 * <pre>
 * mvn -B -q -pl leadjobs-core -am -Pbench test -DskipTests -Djmh.args=JdbcPipelineBenchmark
 * mvn -B -q -pl leadjobs-core -am -Pbench test -DskipTests -Djmh.args="JdbcPipelineBenchmark -t 2"
 * </pre>
 *
 * <p>The warm-up is 10 iterations of 5 s (JMH's own default is 5 of 10 s): on two cores busy with the
 * pipeline, the JIT takes 30-50 s to compile H2's code, and with a shorter warm-up H2 was measured
 * before it was compiled (its warm-up iterations show the climb).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(JdbcPipelineBenchmark.LEADS)
@Warmup(iterations = 10, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class JdbcPipelineBenchmark {
    static final int LEADS = 10_000;

    @Param({"memory", "h2", "postgresql", "postgresql-async"})
    public String store;

    /** {@link JobService.Builder#batchesAhead}; 32 is the default. */
    @Param({"32"})
    public int batchesAhead;

    /** {@link JobService.Builder#enrichmentThreads}; 4 is the default on two cores. */
    @Param({"4"})
    public int enrichmentThreads;

    private JobService service;
    private JobStore memoryStore;
    private TimedJobStore timed;
    private HikariDataSource pool;
    private Path h2Dir;
    private String pgSchema;
    private List<Lead> leads;
    /** The terminal update of each job, until its benchmark call has seen it; a job may end before it is waited for. */
    private final Map<UUID, JobUpdate> ended = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        JobService.Builder builder = JobService.builder().keepFinishedJobs().batchesAhead(batchesAhead)
                .enrichmentThreads(enrichmentThreads);
        JobStore jobStore = switch (store) {
            case "memory" -> memoryStore = InMemory.jobStore();
            case "h2" -> {
                h2Dir = Files.createTempDirectory("leadjobs-bench-h2");
                pool = pool(JdbcJobStore.h2FileUrl(h2Dir));
                yield jdbc(pool);
            }
            case "postgresql", "postgresql-async" -> {
                pgSchema = "leadjobs_bench_" + UUID.randomUUID().toString().substring(0, 8);
                TestDatabase.ensureDatabase();
                try (Connection c = DriverManager.getConnection(TestDatabase.pgHostUrl(), TestDatabase.PG_USER, "");
                     Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + pgSchema);
                }
                pool = pool(TestDatabase.pgHostUrl() + "&currentSchema=" + pgSchema + "&reWriteBatchedInserts=true");
                yield RetryingJobStore.wrap(JdbcJobStore.builder().dataSource(pool)
                        .asynchronousBatchCommits(store.endsWith("-async")).build());
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        };
        timed = new TimedJobStore(jobStore);
        service = builder.store(timed).build();
        service.events().addListener(update -> {
            if (update instanceof CompleteUpdate || update instanceof ErrorUpdate) {
                ended.put(update.jobId(), update);
                synchronized (ended) {
                    ended.notifyAll();
                }
            }
        });
        service.start();
        leads = new ArrayList<>(LEADS);
        for (int i = 1; i <= LEADS; i++) {
            leads.add(Lead.builder().email("person" + i + "@company" + (i % 997) + ".com").firstName("First" + i)
                    .lastName("Last" + i).company("Company " + (i % 997)).title(i % 3 == 0 ? "VP of Sales" : "Software Engineer")
                    .website("https://company" + (i % 997) + ".com").phone("+1 415 555 " + String.format("%04d", i % 10_000))
                    .country("US").build());
        }
    }

    private static JobStore jdbc(HikariDataSource pool) {
        return RetryingJobStore.wrap(JdbcJobStore.builder().dataSource(pool).build());
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (url.startsWith("jdbc:postgresql:")) {
            config.setUsername(TestDatabase.PG_USER);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("leadjobs-bench");
        return new HikariDataSource(config);
    }

    @Benchmark
    public JobSummary scoreOneJob() throws InterruptedException {
        long start = System.nanoTime();
        Job job = service.submit("bench", JobRequest.of("bench", leads));
        long submitted = System.nanoTime();
        JobUpdate end;
        synchronized (ended) {
            while ((end = ended.remove(job.id())) == null) {
                ended.wait(50);
            }
        }
        submitNanos.add(submitted - start);
        processNanos.add(System.nanoTime() - submitted);
        jobs.increment();
        if (!(end instanceof CompleteUpdate complete) || complete.results().processedLeads() != LEADS) {
            throw new IllegalStateException("job ended with " + end);
        }
        if (memoryStore != null) {
            // the heap holds every result of a kept job: drop finished ones (microseconds) so the fast store
            // does not run out of memory; the databases keep theirs on disk
            memoryStore.purgeFinishedBefore(Instant.now().plusSeconds(3600));
        }
        return complete.results();
    }

    private final LongAdder submitNanos = new LongAdder();
    private final LongAdder processNanos = new LongAdder();
    private final LongAdder jobs = new LongAdder();

    // CPU time over the measurement iterations: this JVM's, and that of every process named postgres on this
    // machine (Linux /proc; the local server's backends, WAL writer and checkpointer)
    private boolean measuring;
    private long jobsAtStart;
    private long jvmCpuAtStart;
    private long pgTicksAtStart;
    private long measuredJobs;
    private long measuredJvmCpu;
    private long measuredPgTicks;

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        jobsAtStart = jobs.sum();
        jvmCpuAtStart = jvmCpuNanos();
        pgTicksAtStart = postgresTicks();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredJobs += jobs.sum() - jobsAtStart;
            measuredJvmCpu += jvmCpuNanos() - jvmCpuAtStart;
            measuredPgTicks += postgresTicks() - pgTicksAtStart;
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** User and system CPU of the processes named postgres, in clock ticks (1/100 s); 0 where /proc cannot say. */
    private static long postgresTicks() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks;
    }

    /** Where a job's time goes: storing the upload ({@code submit}), then scoring it to {@code complete}. */
    @TearDown(Level.Trial)
    public void stop() throws IOException, SQLException {
        long jobs = this.jobs.sum();
        if (jobs > 0) {
            System.out.printf("%n[%s] %d jobs of %,d leads, on average %.1f ms to submit (validate and store the leads)"
                    + " and %.1f ms from then to complete%n[%s] %s%n", store, jobs, LEADS, submitNanos.sum() / 1e6 / jobs,
                    processNanos.sum() / 1e6 / jobs, store, timed.report(jobs));
        }
        if (measuredJobs > 0) {
            double leadsMeasured = measuredJobs * (double) LEADS;
            System.out.printf("[%s] CPU per lead over the measurement iterations: this JVM %.1f us, PostgreSQL's processes %.1f us"
                    + " (%d jobs)%n", store, measuredJvmCpu / 1e3 / leadsMeasured, measuredPgTicks * 1e4 / leadsMeasured, measuredJobs);
        }
        service.close();
        if (pool != null) {
            pool.close();
        }
        if (pgSchema != null) {
            try (Connection c = DriverManager.getConnection(TestDatabase.pgHostUrl(), TestDatabase.PG_USER, "");
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            }
        }
        if (h2Dir != null) {
            try (Stream<Path> files = Files.walk(h2Dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
