package io.leadjobs.server;

import io.leadjobs.core.JobService;
import io.leadjobs.core.ReadinessProbe;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.micrometer.LeadJobsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.leadjobs.server.rest.JobsApi;
import io.leadjobs.engineio.HandshakeDecision;
import io.leadjobs.engineio.HandshakeFilter;
import io.leadjobs.server.web.WebHost;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.RateLimit;
import io.leadjobs.websocket.auth.TokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The reference server's wiring, all in one place: the job store and the job service, the token verifier, the
 * Socket.IO server with the job-events gateway, the REST API, the demo page (or a built front end) and
 * {@code /health}, on one port, built from the settings.
 * Start it with {@link #start(ServerSettings)}; {@link #close()} stops it gracefully and is idempotent.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);

    private final ServerSettings settings;
    private final WebHost host;
    private final JobService jobs;
    private final StorageWiring.OpenedStore store;
    private final JobsApi api;
    private final JobEventsGateway gateway;
    private final SocketIoServer io;
    private final AtomicBoolean accepting;
    private final Optional<JobEventPublisher> clusterEvents;
    private final Optional<ReadinessProbe> readiness;
    private final PrometheusMeterRegistry meters;
    /** How long {@code /health/ready} waits for the job store. */
    static final java.time.Duration READINESS_TIMEOUT = java.time.Duration.ofSeconds(1);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ReferenceServer(ServerSettings settings, WebHost host, JobService jobs, StorageWiring.OpenedStore store,
                            JobsApi api, JobEventsGateway gateway, SocketIoServer io, AtomicBoolean accepting,
                            Optional<JobEventPublisher> clusterEvents, Optional<ReadinessProbe> readiness,
                            PrometheusMeterRegistry meters) {
        this.meters = meters;
        this.clusterEvents = clusterEvents;
        this.readiness = readiness;
        this.settings = settings;
        this.api = api;
        this.gateway = gateway;
        this.io = io;
        this.accepting = accepting;
        this.host = host;
        this.jobs = jobs;
        this.store = store;
    }

    /**
     * Opens the store, starts the job service and binds the port.
     *
     * @throws InvalidSettingException naming the setting when the store, the token keys or the enrichers cannot be
     *                                 set up from it (a database that cannot be reached, say)
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static ReferenceServer start(ServerSettings settings) {
        return start(settings, Wiring::enrichers);
    }

    /** As {@link #start(ServerSettings)}, with the enrichers chosen by the caller (tests without a network). */
    static ReferenceServer start(ServerSettings settings, Function<ServerSettings, List<LeadEnricher>> enrichers) {
        Objects.requireNonNull(settings, "settings");
        TokenVerifier verifier = Wiring.tokenVerifier(settings);
        List<LeadEnricher> enricherList = enrichers.apply(settings);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            StorageWiring.OpenedStore store = StorageWiring.open(settings);
            opened.add(store);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            opened.add(meters::close);
            LeadJobsMetrics metrics = LeadJobsMetrics.create(meters).bindEnrichers(enricherList);
            JobService.Builder jobsBuilder = JobService.builder().enrichers(enricherList).lease(settings.lease())
                    .updateInterval(settings.updateInterval()).enrichmentNiceness(settings.enrichmentNiceness()).maxLeads(settings.maxLeads())
                    .observer(metrics)
                    .scorer(RuleBasedScorer.of(settings.scoringModel()))
                    .highScoreThreshold(settings.scoringModel().highScoreThreshold());
            settings.retention().ifPresentOrElse(jobsBuilder::retention, jobsBuilder::keepFinishedJobs);
            settings.maxStoredLeads().ifPresent(jobsBuilder::maxStoredLeadsPerUser);
            store.store().ifPresent(jobsBuilder::store);
            Optional<JobEventPublisher> clusterEvents = ClusterWiring.publisher(settings, store.pool());
            clusterEvents.ifPresent(events -> opened.add(0, events));
            clusterEvents.ifPresent(jobsBuilder::publisher);
            JobService jobs = jobsBuilder.build();
            opened.add(0, jobs);
            jobs.start();

            JobEventsGateway.Builder gatewayBuilder = JobEventsGateway.builder()
                    .jobService(jobs)
                    .tokenVerifier(verifier)
                    .observer(metrics)
                    .connectRate(connectRate(settings.connectRate()))
                    .trustedProxies(settings.trustedProxies().toArray(String[]::new))
                    .maxConnectionsPerUser(settings.maxConnectionsPerUser());
            if (!settings.allowedOrigins().isEmpty()) {
                gatewayBuilder.allowedOrigins(settings.allowedOrigins().toArray(String[]::new));
            }
            JobEventsGateway gateway = gatewayBuilder.build();
            opened.add(0, gateway);
            AtomicBoolean accepting = new AtomicBoolean(true);
            HandshakeFilter rateLimit = gateway.handshakeFilter();
            SocketIoServer io = gateway.configure(SocketIoServer.builder())
                    .handshakeFilter(handshake -> accepting.get() ? rateLimit.check(handshake)
                            : HandshakeDecision.reject(503, "The server is stopping"))
                    .build();
            opened.add(0, io);
            gateway.attach(io.mainNamespace());
            metrics.bind(gateway);

            Optional<ReadinessProbe> readiness = store.store().map(s -> ReadinessProbe.of(s, READINESS_TIMEOUT));
            readiness.ifPresent(probe -> opened.add(0, probe));

            JobsApi.Builder apiBuilder = JobsApi.builder()
                    .jobService(jobs)
                    .tokenVerifier(verifier)
                    .maxUploadBytes(settings.maxUploadBytes())
                    .maxLeads(settings.maxLeads())
                    .maxConcurrentUploads(settings.maxConcurrentUploads())
                    .submitsPerMinute(settings.submitRate())
                    .allowedOrigins(settings.allowedOrigins());
            settings.maxUploadsHeapBytes().ifPresent(apiBuilder::maxUploadsHeapBytes);
            JobsApi api = apiBuilder.build();
            opened.add(0, api);
            WebHost.Builder web = WebHost.builder()
                    .host(settings.host())
                    .port(settings.port())
                    // the endpoint's callbacks never wait: sends are asynchronous, Socket.IO events go to the gateway's
                    // threads, and a token check that may fetch keys (a JWKS URL) to its admission threads
                    .webSocketReadsOnSelectors(true)
                    .endpoint(io.webSocketEndpointConfig())
                    .servlet("socket.io", io.servlet(), io.servletMapping())
                    .servlet("health", new HealthServlet(accepting::get, readiness), "/health", "/health/*")
                    .servlet("metrics", new MetricsServlet(meters, verifier), "/metrics")
                    .servlet("api", api.servlet(), "/api/*")
                    .filter("api-cors", api.corsFilter(), "/api/*");
            frontEnds(web, settings);
            WebHost host = web.start();
            LOG.info("leadjobs reference server listening on http://{}:{} (storage: {}, dev mode: {})",
                    settings.host(), host.port(), store.description(), settings.devMode());
            return new ReferenceServer(settings, host, jobs, store, api, gateway, io, accepting, clusterEvents, readiness,
                    meters);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Connection attempts per client address per minute as a token bucket holding a minute's worth; 0: no limit. */
    private static RateLimit connectRate(int perMinute) {
        return perMinute == 0 ? RateLimit.off() : RateLimit.of(perMinute / 60.0, perMinute);
    }

    private static void frontEnds(WebHost.Builder web, ServerSettings settings) {
        settings.vueRoot().ifPresent(dir -> web.directory("/vue", dir));
        web.classpathResources("/demo", "web"); // the demo page, also when a built front end takes /
        Optional<java.nio.file.Path> root = settings.webRoot();
        if (root.isPresent()) {
            web.directory("/", root.get());
            web.classpathResources("/vendor", "web/vendor");
        } else {
            web.classpathResources("/", "web");
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed after a failed start", resource.getClass().getSimpleName(), e);
            }
        }
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return host.port();
    }

    /** The address the server is bound to. */
    public String host() {
        return host.host();
    }

    public ServerSettings settings() {
        return settings;
    }

    /** The job service behind the API, for hosts and tests that submit jobs directly. */
    public JobService jobs() {
        return jobs;
    }

    /** Waits until {@link #close()} has finished, at most {@code timeout}; true if it has. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Stops gracefully: new API requests (503) and Socket.IO connections are refused; the job service stops claiming
     * jobs and lets each running job finish and store its current batch, whose updates still reach subscribed
     * clients; then every client is disconnected (Socket.IO {@code io server disconnect}), the port is closed and the
     * database pool is closed. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("leadjobs reference server stopping");
        try {
            api.stopAccepting();
            accepting.set(false);
            closeQuietly("the job service", jobs);
            closeQuietly("the job-events gateway", gateway);
            for (SocketIoSocket socket : io.mainNamespace().sockets()) {
                socket.disconnect(true);
            }
            closeQuietly("the Socket.IO server", io);
            closeQuietly("the HTTP host", host);
            closeQuietly("the download threads", api);
            readiness.ifPresent(probe -> closeQuietly("the readiness probe", probe));
            meters.close();
            clusterEvents.ifPresent(events -> closeQuietly("the cluster event publisher", events));
            closeQuietly("the job store", store);
        } finally {
            stopped.countDown();
            LOG.info("leadjobs reference server stopped");
        }
    }

    private static void closeQuietly(String what, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed", what, e);
        }
    }
}
