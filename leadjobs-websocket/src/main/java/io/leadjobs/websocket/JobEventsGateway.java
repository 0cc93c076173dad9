package io.leadjobs.websocket;

import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.JobService;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.core.spi.SubscriptionRegistry;
import io.leadjobs.engineio.HandshakeDecision;
import io.leadjobs.engineio.HandshakeFilter;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.Namespace;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-events protocol of {@code websocket-api.md} on a Socket.IO namespace: JWT authentication at
 * CONNECT, {@code subscribe-job} / {@code unsubscribe-job} checked against the {@link JobService}'s access
 * policy on every call, {@code job-status} and {@code job-update} delivery with resume by {@code lastSeq}, and
 * the limits that keep one client from hurting the others.
 *
 * <pre>{@code
 * JobEventsGateway gateway = JobEventsGateway.builder()
 *         .jobService(jobs)
 *         .tokenVerifier(TokenVerifier.jwt().hmacSecret(secret).build())
 *         .allowedOrigins("https://app.example.com")
 *         .build();
 * SocketIoServer io = gateway.configure(SocketIoServer.builder()).build();
 * gateway.attach(io.mainNamespace());
 * io.install(servletContext);
 * ...
 * gateway.close();   // before io.close() and jobs.close()
 * }</pre>
 *
 * <p>Job updates reach subscribers through a fan-out ({@link FanOut}): each update's packet is encoded once and
 * delivered by {@code deliveryThreads} threads ({@code leadjobs-delivery-N}) in parallel, each client always by the
 * same one, so the thread that publishes updates never waits for clients.
 *
 * <p>Immutable once built; owns its named threads ({@code leadjobs-jobevents-N} for subscriptions,
 * {@code leadjobs-delivery-N} for updates, {@code leadjobs-jobevents-timer-1} for token expiry and slow-client
 * retries and, when the token verifier {@linkplain TokenVerifier#mayBlock may block}, {@code leadjobs-admission-N}
 * for token checks), stopped by {@link #close()}.
 */
public final class JobEventsGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);

    /** The largest inbound packet {@link #configure} lets the Socket.IO server accept. */
    public static final int MAX_PAYLOAD = 16 * 1024;

    static final String TOKEN_EXPIRED = "Token expired";

    /** How long a job-status snapshot read for one subscriber may serve others of the same user (see {@link SnapshotCache}). */
    static final Duration SNAPSHOT_SHARED_FOR = Duration.ofSeconds(1);

    private final GatewaySettings settings;
    private final ConnectionRateLimiter connectLimiter;
    private final ConnectionAdmission admission;
    private final Map<String, ConnectedClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final UpdateDispatcher dispatcher;
    private final SubscriptionHandler subscriptions;
    private final JobEventPublisher.Registration listener;
    private volatile Namespace namespace;
    private final AtomicBoolean attached = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private JobEventsGateway(GatewaySettings settings) {
        this.settings = settings;
        this.connectLimiter = new ConnectionRateLimiter(settings.connectRate(),
                ClientAddresses.trusting(settings.trustedProxies()), settings.maxTrackedAddresses(), System::nanoTime);
        this.admission = new ConnectionAdmission(settings);
        ReplayBuffer replay = new ReplayBuffer(settings.replayUpdatesPerJob(), settings.replayJobs());
        this.pool = LeadJobsExecutors.fixed("leadjobs-jobevents", settings.threads(), 10_000);
        this.timer = LeadJobsExecutors.scheduler("leadjobs-jobevents-timer");
        SnapshotCache snapshots = new SnapshotCache(settings.replayJobs(), SNAPSHOT_SHARED_FOR, Ticker.systemTicker());
        this.dispatcher = new UpdateDispatcher(settings, replay, snapshots, clients, pool, () -> namespace);
        this.subscriptions = new SubscriptionHandler(settings, replay, snapshots, timer, closed::get);
        long retry = settings.retryInterval().toMillis();
        timer.scheduleWithFixedDelay(dispatcher::retryBacklogged, retry, retry, TimeUnit.MILLISECONDS);
        long sweep = settings.expiryCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::expireTokens, sweep, sweep, TimeUnit.MILLISECONDS);
        this.listener = settings.jobService().events().addListener(dispatcher);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies this gateway's Origin allow-list and per-address connection rate limit to a Socket.IO server
     * that is being configured, and a maximum payload of {@value #MAX_PAYLOAD} bytes: the protocol's inbound
     * packets are small (a token of at most 8192 characters, a job id), so a client cannot make the server
     * assemble more. Returns the builder, for the host's further settings.
     */
    public SocketIoServer.Builder configure(SocketIoServer.Builder server) {
        Objects.requireNonNull(server, "server");
        server.maxPayload(MAX_PAYLOAD);
        server.handshakeFilter(handshakeFilter());
        if (!settings.allowedOrigins().isEmpty()) {
            server.allowedOrigins(settings.allowedOrigins());
        }
        return server;
    }

    /**
     * The per-address connection rate limit as an Engine.IO handshake filter: a refused handshake gets HTTP 429.
     */
    public HandshakeFilter handshakeFilter() {
        return handshake -> {
            String address = connectLimiter.clientAddress(handshake.remoteAddress(), handshake.header("x-forwarded-for"));
            if (connectLimiter.tryAcquire(address)) {
                return HandshakeDecision.accept();
            }
            LOG.debug("Refused a connection attempt over the rate limit of its address");
            settings.observer().handshakeRefused("rate limit");
            return HandshakeDecision.tooManyRequests();
        };
    }

    /**
     * Serves the job-events protocol on {@code namespace}: adds the authentication middleware (after any the
     * host added before) and the event handlers. A gateway serves one namespace.
     */
    public void attach(Namespace namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (!attached.compareAndSet(false, true)) {
            throw new LeadJobsException("This gateway is already attached to a namespace");
        }
        // On the reading thread when the verifier only computes; on the admission threads when it may wait (a JWKS
        // URL): the Socket.IO server keeps a client's packets that arrive before its connection listeners ran.
        this.namespace = namespace;
        admission.attach(namespace);
        namespace.onConnection(this::connected);
    }

    /** Clients connected now. */
    public int connectedClients() {
        return clients.size();
    }

    /**
     * Clients connected now by the transport they use now ({@code polling} or {@code websocket}); for metrics.
     *
     * @return a count per transport, both transports always present
     */
    public Map<String, Integer> connectedClientsByTransport() {
        Map<String, Integer> counts = new TreeMap<>(Map.of("polling", 0, "websocket", 0));
        for (ConnectedClient client : clients.values()) {
            counts.merge(client.socket.connection().transport(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Job subscriptions held now, over all connected clients; for metrics.
     *
     * @return the number of (client, job) pairs
     */
    public int subscriptions() {
        int n = 0;
        for (ConnectedClient client : clients.values()) {
            n += client.session.jobs().size();
        }
        return n;
    }

    /** Stops listening to job updates and stops the gateway's threads; connected clients get nothing more. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close();
        admission.close();
        timer.shutdownNow();
        dispatcher.close();
        LeadJobsExecutors.shutdown(pool, Duration.ofSeconds(5));
        for (ConnectedClient client : clients.values()) {
            client.session.terminate();
        }
        clients.clear();
    }

    // ------------------------------------------------------------------------------------------- connect

    private void connected(SocketIoSocket socket) {
        Optional<VerifiedToken> verified = admission.token(socket);
        if (verified.isEmpty() || closed.get()) {
            socket.disconnect(true);
            return;
        }
        VerifiedToken token = verified.get();
        SocketLink link = new SocketLink(socket);
        ClientSession session = new ClientSession(socket.id(), token.userId(), link, settings.deliveryLimits(),
                settings.clock(), dispatcher::backlogged);
        ConnectedClient client = new ConnectedClient(socket, session, token,
                new SerialRunner(pool, settings.maxQueuedRequests()),
                settings.eventRate().enabled() ? Optional.of(new TokenBucket(settings.eventRate(), System.nanoTime()))
                        : Optional.empty(), dispatcher.nextShard());
        clients.put(socket.id(), client);
        socket.onDisconnect((s, reason) -> disconnected(client));
        subscriptions.listen(client);
    }

    /** Tells every client whose token has expired, then disconnects it; runs every second on the timer thread. */
    private void expireTokens() {
        Instant now = settings.clock().instant();
        for (ConnectedClient client : clients.values()) {
            if (!now.isBefore(client.token.expiresAt()) && client.expired.compareAndSet(false, true)) {
                LOG.debug("Disconnecting a client whose token expired");
                try {
                    client.socket.emit("error", JobJson.error(TOKEN_EXPIRED));
                    client.socket.disconnect();
                } catch (RuntimeException e) {
                    LOG.warn("Disconnecting a client whose token expired failed", e);
                }
            }
        }
    }

    private void disconnected(ConnectedClient client) {
        if (clients.remove(client.socket.id()) == null) {
            return;
        }
        client.session.terminate();
        dispatcher.forget(client.session);
        settings.registry().unsubscribeAll(client.session.id());
        admission.release(client.socket, client.session.userId());
    }

    /**
     * Configures a {@link JobEventsGateway}. Required: {@link #jobService} and {@link #tokenVerifier}. Setters
     * validate at once and fail with a sentence naming the setting.
     */
    public static final class Builder {
        private JobService jobService;
        private TokenVerifier tokenVerifier;
        private SubscriptionRegistry registry;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private RateLimit connectRate = RateLimit.of(5, 20);
        private List<String> trustedProxies = List.of();
        private RateLimit eventRate = RateLimit.of(20, 40);
        private int maxSubscriptionsPerConnection = 100;
        private int maxConnectionsPerUser = 0;
        private boolean queryTokenAllowed;
        private int replayUpdatesPerJob = 500;
        private int replayJobs = 1_000;
        private Duration replayCatchUp = Duration.ofMillis(100);
        private int maxBacklog = 64;
        private int maxPendingLogs = 200;
        private int maxPendingEvents = 500;
        private Duration retryInterval = Duration.ofMillis(25);
        private Duration expiryCheckInterval = Duration.ofSeconds(1);
        private int threads = 2;
        private int deliveryThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Clock clock = Clock.systemUTC();
        private GatewayObserver observer = GatewayObserver.NONE;

        private Builder() {
        }

        /**
         * Hears refused handshakes and the delivery of updates, for metrics; default none.
         *
         * @param observer the observer, e.g. leadjobs-micrometer's {@code LeadJobsMetrics}
         * @return this builder
         */
        public Builder observer(GatewayObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Where snapshots come from (access-checked per user) and whose {@code events()} are delivered. */
        public Builder jobService(JobService jobService) {
            this.jobService = Objects.requireNonNull(jobService, "jobService");
            return this;
        }

        /** Verifies the token of every connecting client; e.g. {@code TokenVerifier.jwt()...build()}. */
        public Builder tokenVerifier(TokenVerifier tokenVerifier) {
            this.tokenVerifier = Objects.requireNonNull(tokenVerifier, "tokenVerifier");
            return this;
        }

        /** Which socket watches which job; default in-memory. */
        public Builder subscriptionRegistry(SubscriptionRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Origins whose browsers may connect besides the server's own, as {@code scheme://host[:port]}; applied by
         * {@link JobEventsGateway#configure}. Non-browser clients (no Origin header) are not affected.
         */
        public Builder allowedOrigins(String... origins) {
            for (String origin : origins) {
                Objects.requireNonNull(origin, "origin");
                if (origin.isBlank()) {
                    throw LeadJobsException.invalidSetting("allowedOrigins", "scheme://host[:port] values", "a blank value");
                }
                allowedOrigins.add(origin);
            }
            return this;
        }

        /** Connection attempts per client address; default 5 per second, bursts of 20. {@link RateLimit#off()} for load tests. */
        public Builder connectRate(RateLimit rate) {
            this.connectRate = Objects.requireNonNull(rate, "rate");
            return this;
        }

        /** Proxies (IP addresses or CIDR blocks) whose {@code X-Forwarded-For} names the client address. */
        public Builder trustedProxies(String... proxies) {
            ClientAddresses.trusting(Arrays.asList(proxies));
            this.trustedProxies = List.of(proxies);
            return this;
        }

        /**
         * Events per connection, all of them counted ({@code subscribe-job}, {@code unsubscribe-job} and any
         * other, which is otherwise ignored); default 20 per second, bursts of 40. An event over the rate is
         * answered with {@code error} {@code Rate limit exceeded} (and its ack, if it asked for one).
         */
        public Builder eventsPerSecond(RateLimit rate) {
            this.eventRate = Objects.requireNonNull(rate, "rate");
            return this;
        }

        /** Jobs one connection may watch at once (1-10,000, default 100). */
        public Builder maxSubscriptionsPerConnection(int max) {
            this.maxSubscriptionsPerConnection = LeadJobsException.requireBetween("maxSubscriptionsPerConnection", max, 1, 10_000);
            return this;
        }

        /** Connections one user may hold at once (0 = no limit, the default). */
        public Builder maxConnectionsPerUser(int max) {
            this.maxConnectionsPerUser = LeadJobsException.requireBetween("maxConnectionsPerUser", max, 0, 1_000_000);
            return this;
        }

        /**
         * Also accept a token in the {@code token} query parameter. Off by default: URLs end up in access logs.
         */
        public Builder allowTokenInQueryString(boolean allowed) {
            this.queryTokenAllowed = allowed;
            return this;
        }

        /** Updates kept per job for resume (0-100,000, default 500) and jobs kept (1-1,000,000, default 1000). */
        public Builder replayBuffer(int updatesPerJob, int jobs) {
            this.replayUpdatesPerJob = LeadJobsException.requireBetween("replay updatesPerJob", updatesPerJob, 0, 100_000);
            this.replayJobs = LeadJobsException.requireBetween("replay jobs", jobs, 1, 1_000_000);
            return this;
        }

        /**
         * How long a subscription with {@code lastSeq} waits for this node to hear updates the job store already
         * has before it answers with a {@code job-status} instead of replaying them (0-10 s, default 100 ms). In
         * a cluster another node's updates reach this one a few milliseconds after they are stored; a client
         * subscribing just then still gets every update.
         */
        public Builder replayCatchUp(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(10)) > 0) {
                throw LeadJobsException.invalidSetting("replayCatchUp", "between 0 and 10 seconds", wait);
            }
            this.replayCatchUp = wait;
            return this;
        }

        /**
         * Slow clients: messages queued in the transport beyond which updates wait (default 64), log updates that
         * may wait before further ones are dropped (default 200), and status/complete/error/job-status events
         * that may wait before the client is disconnected (default 500).
         */
        public Builder slowClientLimits(int maxBacklog, int maxPendingLogs, int maxPendingEvents) {
            this.maxBacklog = LeadJobsException.requireBetween("maxBacklog", maxBacklog, 1, 100_000);
            this.maxPendingLogs = LeadJobsException.requireBetween("maxPendingLogs", maxPendingLogs, 0, 1_000_000);
            this.maxPendingEvents = LeadJobsException.requireBetween("maxPendingEvents", maxPendingEvents, 1, 1_000_000);
            return this;
        }

        /** Threads that serve subscriptions (1-64, default 2). */
        public Builder threads(int threads) {
            this.threads = LeadJobsException.requireBetween("threads", threads, 1, 64);
            return this;
        }

        /**
         * Threads that deliver job updates to subscribers, in parallel (1-256, default the number of cores, at least
         * 2). Each client is served by one of them, so it gets a job's updates in order; each update is encoded
         * once for all.
         */
        public Builder deliveryThreads(int threads) {
            this.deliveryThreads = LeadJobsException.requireBetween("deliveryThreads", threads, 1, 256);
            return this;
        }

        /** How often connected clients' tokens are checked for expiry; 1 second by default (tests use less). */
        Builder expiryCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 10 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw LeadJobsException.invalidSetting("expiryCheckInterval", "between 10 ms and 1 minute", interval);
            }
            this.expiryCheckInterval = interval;
            return this;
        }

        /** The clock deciding token expiry; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JobEventsGateway build() {
            if (jobService == null) {
                throw new LeadJobsException("A job service is required: call jobService(...)");
            }
            if (tokenVerifier == null) {
                throw new LeadJobsException("A token verifier is required: call tokenVerifier(...)");
            }
            return new JobEventsGateway(new GatewaySettings(jobService, tokenVerifier,
                    registry == null ? InMemory.subscriptionRegistry() : registry, List.copyOf(allowedOrigins),
                    connectRate, trustedProxies, 100_000, eventRate, maxSubscriptionsPerConnection,
                    maxConnectionsPerUser, queryTokenAllowed, replayUpdatesPerJob, replayJobs, replayCatchUp,
                    new DeliveryLimits(maxBacklog, maxPendingLogs, maxPendingEvents), retryInterval, expiryCheckInterval,
                    threads, deliveryThreads, 64, clock, GuardedObserver.of(observer)));
        }
    }
}
