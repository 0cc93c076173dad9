package io.leadjobs.core.bench;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.enrich.MapContext;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the batch scoring pipeline in leads per second: a {@link JobService} on the in-memory
 * store with the offline enrichers and the default scorer runs a job of {@link #JOB_LEADS} varied leads
 * to {@code complete} ({@link #job}); {@link #enrichAndScore} measures the per-lead work alone on one
 * thread, so the difference is the pipeline's own cost (batches, commits, updates, thread hand-offs).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PipelineBenchmark {
    static final int JOB_LEADS = 20_000;

    @Param({"25"})
    public int batchSize;

    @Param({"4"})
    public int enrichmentThreads;

    /** {@code defaults}: {@link Enrichers#defaults()}; {@code without-phone}: the same less the phone enricher. */
    @Param({"defaults", "without-phone"})
    public String enrichers;

    private List<Lead> leads;
    private JobRequest request;
    private JobStore store;
    private JobService service;
    private final Map<UUID, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private List<LeadEnricher> chain;
    private RuleBasedScorer scorer;
    private int next;

    @Setup(Level.Trial)
    public void createLeads() {
        leads = sampleLeads(JOB_LEADS);
        request = JobRequest.of("benchmark", leads);
        chain = enrichers.equals("defaults") ? Enrichers.defaults()
                : Enrichers.defaults().stream().filter(e -> !e.name().equals("phone")).toList();
        scorer = RuleBasedScorer.defaults();
    }

    @Setup(Level.Iteration)
    public void startService() {
        store = InMemory.jobStore();
        service = JobService.builder().store(store).batchSize(batchSize).enrichmentThreads(enrichmentThreads)
                .enrichers(chain).build();
        service.events().addListener(new JobUpdateListener() {
            @Override
            public void onUpdate(JobUpdate update) {
                if (update instanceof CompleteUpdate || update instanceof ErrorUpdate) {
                    CountDownLatch l = waiting.get(update.jobId());
                    if (l != null) {
                        l.countDown();
                    }
                }
            }
        });
        service.start();
    }

    @TearDown(Level.Iteration)
    public void stopService() {
        service.close();
        store.close();
    }

    private long cpuNanos;
    private long cpuLeads;

    /**
     * Prints leads scored per second of process CPU time across the trial's {@link #job} runs: unlike the
     * wall-clock score, it does not fall when other processes compete for the cores. Times the number of
     * cores, it is what the machine can do when the pipeline has it to itself.
     */
    @TearDown(Level.Trial)
    public void reportCpuCost() {
        if (cpuLeads > 0) {
            System.out.printf("%n[pipeline] %,d leads in %,.1f s of process CPU time: %,.0f leads per CPU-second%n",
                    cpuLeads, cpuNanos / 1e9, cpuLeads / (cpuNanos / 1e9));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One whole job: submit, validate, enrich, score, commit, publish, complete; then drop it from the store. */
    @Benchmark
    @OperationsPerInvocation(JOB_LEADS)
    public Job job() throws InterruptedException {
        long cpuBefore = processCpuNanos();
        CountDownLatch done = new CountDownLatch(1);
        Job job = service.submit("bench", request);
        waiting.put(job.id(), done);
        if (service.find("bench", job.id()).orElseThrow().status().isTerminal()) {
            done.countDown();
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new LeadJobsException("Benchmark job " + job.id() + " did not finish in 5 minutes.");
        }
        waiting.remove(job.id());
        store.purgeFinishedBefore(Instant.now().plusSeconds(3600));
        cpuNanos += processCpuNanos() - cpuBefore;
        cpuLeads += JOB_LEADS;
        return job;
    }

    /** The per-lead work alone, on the benchmark thread: the enrichers, then the scorer. */
    @Benchmark
    public LeadScore enrichAndScore() throws Exception {
        return enrichAndScore(chain);
    }

    private LeadScore enrichAndScore(List<LeadEnricher> enrichers) throws Exception {
        Lead lead = leads.get(next++ % leads.size());
        return scorer.score(lead, new Enrichment(MapContext.enrich(lead, enrichers)));
    }

    /** Leads of every kind the enrichers tell apart: business, free-mail, disposable, role, website-only; phones in several countries. */
    static List<Lead> sampleLeads(int n) {
        String[] titles = {"Chief Executive Officer", "VP Sales", "Director of Engineering", "Marketing Manager",
                "Senior Software Engineer", "Account Executive", "Intern", "Head of People", "", "CFO"};
        // every lead its own number (as in real uploads), in several countries and formats; some invalid
        String[] phoneFormats = {"+1 650-253-%04d", "020 7946 %04d", "030 9018%04d", "", "(415) 555-%04d",
                "+33 1 42 68 %04d", "12%d"};
        String[] countries = {"US", "United Kingdom", "Germany", "", "US", "France", "US"};
        List<Lead> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String company = "company" + (i % 997);
            String email = switch (i % 6) {
                case 0, 1, 2 -> "person" + i + "@" + company + ".com";
                case 3 -> "person" + i + "@gmail.com";
                case 4 -> (i % 12 == 4 ? "info" : "sales") + "@" + company + ".co.uk";
                default -> i % 12 == 5 ? "temp" + i + "@mailinator.com" : "";
            };
            out.add(Lead.builder().email(email).firstName("First" + i).lastName("Last" + i).company("Company " + (i % 997))
                    .title(titles[i % titles.length]).website(i % 3 == 0 ? "https://www." + company + ".com" : "")
                    .phone(String.format(phoneFormats[i % phoneFormats.length], i % 10_000)).country(countries[i % countries.length]).build());
        }
        return out;
    }
}
