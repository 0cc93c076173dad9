package io.leadjobs.micrometer;

import io.leadjobs.core.JobStatus;
import io.leadjobs.core.osint.NetworkEnricher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.websocket.GatewayObserver;
import io.leadjobs.websocket.JobEventsGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * leadjobs' meters in a Micrometer {@link MeterRegistry}. Pass it to {@code JobService.builder().observer(...)}
 * and {@code JobEventsGateway.builder().observer(...)}, then {@link #bind(JobEventsGateway)} the gateway for the
 * connection gauges:
 *
 * <pre>{@code
 * LeadJobsMetrics metrics = LeadJobsMetrics.create(registry);
 * JobService jobs = JobService.builder().observer(metrics).build();
 * JobEventsGateway gateway = JobEventsGateway.builder().jobService(jobs).tokenVerifier(tokens).observer(metrics).build();
 * metrics.bind(gateway);
 * }</pre>
 *
 * <p>Meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code leadjobs.jobs} counter, tag {@code status}: jobs that reached each status
 *       ({@code leadjobs_jobs_total})</li>
 *   <li>{@code leadjobs.leads.scored} counter: leads scored and stored ({@code leadjobs_leads_scored_total})</li>
 *   <li>{@code leadjobs.batch.scoring} and {@code leadjobs.batch.commit} timers: enriching and scoring a batch,
 *       storing a commit ({@code leadjobs_batch_scoring_seconds}, {@code leadjobs_batch_commit_seconds})</li>
 *   <li>{@code leadjobs.enricher} timer, tags {@code enricher} and {@code outcome} ({@code success},
 *       {@code failure}): one run of an enricher for one lead ({@code leadjobs_enricher_seconds})</li>
 *   <li>{@code leadjobs.sockets} gauge, tag {@code transport} ({@code polling}, {@code websocket}): connected
 *       Socket.IO clients; {@code leadjobs.subscriptions} gauge: job subscriptions held</li>
 *   <li>{@code leadjobs.updates.published}, {@code .delivered}, {@code .coalesced}, {@code .dropped} counters:
 *       job updates heard by the gateway, handed to clients, replaced by newer progress, not delivered</li>
 *   <li>{@code leadjobs.handshakes.refused} counter, tag {@code reason}: connections refused
 *       ({@code rate limit}, {@code invalid signature}, {@code token expired}, ...)</li>
 *   <li>{@code leadjobs.enricher.circuit.open} gauge, tag {@code enricher}: 1 while a network enricher's circuit
 *       breaker is open (it fails fast and leads are scored on what is known), else 0; for the enrichers given to
 *       {@link #bindEnrichers(List)} ({@code leadjobs_enricher_circuit_open})</li>
 * </ul>
 * Thread-safe.
 */
public final class LeadJobsMetrics implements JobObserver, GatewayObserver {

    private final MeterRegistry registry;
    private final Map<JobStatus, Counter> jobs = new EnumMap<>(JobStatus.class);
    private final Counter leadsScored;
    private final Timer batchScoring;
    private final Timer batchCommit;
    private final Counter published;
    private final Counter delivered;
    private final Counter coalesced;
    private final Counter dropped;
    private final Map<String, Timer> enricherSuccesses = new ConcurrentHashMap<>();
    private final Map<String, Timer> enricherFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    private LeadJobsMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            jobs.put(status, Counter.builder("leadjobs.jobs").description("Jobs that reached a status")
                    .tag("status", status.wireName()).register(registry));
        }
        leadsScored = Counter.builder("leadjobs.leads.scored").description("Leads scored and stored").register(registry);
        batchScoring = Timer.builder("leadjobs.batch.scoring").description("Enriching and scoring one batch of leads")
                .register(registry);
        batchCommit = Timer.builder("leadjobs.batch.commit").description("Storing one commit of scored batches")
                .register(registry);
        published = Counter.builder("leadjobs.updates.published").description("Job updates heard by the gateway")
                .register(registry);
        delivered = Counter.builder("leadjobs.updates.delivered").description("Job updates handed to clients")
                .register(registry);
        coalesced = Counter.builder("leadjobs.updates.coalesced")
                .description("Progress updates replaced by a newer one while delivery was behind").register(registry);
        dropped = Counter.builder("leadjobs.updates.dropped")
                .description("Job updates not delivered to clients because delivery was too far behind").register(registry);
    }

    /**
     * Registers the job and delivery meters in {@code registry}.
     *
     * @param registry where the meters live
     * @return the observer to hand to the job service and the gateway
     */
    public static LeadJobsMetrics create(MeterRegistry registry) {
        return new LeadJobsMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Registers the connection gauges of {@code gateway}: {@code leadjobs.sockets} by transport and
     * {@code leadjobs.subscriptions}, read when the registry is scraped.
     *
     * @param gateway the gateway whose connections are counted
     * @return this
     */
    /**
     * Registers a circuit gauge for each network enricher among {@code enrichers} (the others have no circuit).
     *
     * @param enrichers the enrichers the job service runs
     * @return this
     */
    public LeadJobsMetrics bindEnrichers(List<? extends LeadEnricher> enrichers) {
        for (LeadEnricher enricher : enrichers) {
            if (enricher instanceof NetworkEnricher network) {
                Gauge.builder("leadjobs.enricher.circuit.open", network, e -> e.circuitOpen() ? 1 : 0)
                        .description("1 while the enricher's circuit breaker is open").tag("enricher", network.name())
                        .register(registry);
            }
        }
        return this;
    }

    public LeadJobsMetrics bind(JobEventsGateway gateway) {
        Objects.requireNonNull(gateway, "gateway");
        for (String transport : gateway.connectedClientsByTransport().keySet()) {
            Gauge.builder("leadjobs.sockets", gateway, g -> g.connectedClientsByTransport().getOrDefault(transport, 0))
                    .description("Connected Socket.IO clients").tag("transport", transport).register(registry);
        }
        Gauge.builder("leadjobs.subscriptions", gateway, JobEventsGateway::subscriptions)
                .description("Job subscriptions held by connected clients").register(registry);
        return this;
    }

    @Override
    public void jobStatusChanged(UUID jobId, JobStatus status) {
        jobs.get(status).increment();
    }

    @Override
    public void batchScored(UUID jobId, int leads, Duration took) {
        batchScoring.record(took);
    }

    @Override
    public void batchCommitted(UUID jobId, int leads, Duration took) {
        batchCommit.record(took);
        leadsScored.increment(leads);
    }

    @Override
    public void enricherRan(String enricher, Duration took, boolean failed) {
        // called for every lead and enricher: the timer is looked up in a map of our own, not built each time
        Map<String, Timer> byEnricher = failed ? enricherFailures : enricherSuccesses;
        Timer timer = byEnricher.get(enricher);
        if (timer == null) {
            timer = byEnricher.computeIfAbsent(enricher, name -> Timer.builder("leadjobs.enricher")
                    .description("One run of an enricher for one lead")
                    .tag("enricher", name).tag("outcome", failed ? "failure" : "success").register(registry));
        }
        timer.record(took);
    }

    @Override
    public void handshakeRefused(String reason) {
        refusals.computeIfAbsent(reason, r -> Counter.builder("leadjobs.handshakes.refused")
                .description("Socket.IO connections refused").tag("reason", r).register(registry)).increment();
    }

    @Override
    public void updatePublished() {
        published.increment();
    }

    @Override
    public void updatesDelivered(int count) {
        delivered.increment(count);
    }

    @Override
    public void updateCoalesced() {
        coalesced.increment();
    }

    @Override
    public void updateDropped(int recipients) {
        dropped.increment();
    }
}
