package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.core.spi.SubscriptionRegistry;
import io.leadjobs.engineio.HandshakeDecision;
import io.leadjobs.engineio.HandshakeFilter;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.Admission;
import io.leadjobs.socketio.AttributeKey;
import io.leadjobs.socketio.Event;
import io.leadjobs.socketio.Namespace;
import io.leadjobs.socketio.PreparedEvent;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
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
 * {@code leadjobs-delivery-N} for updates and {@code leadjobs-jobevents-timer-1} for token expiry and slow-client
 * retries), stopped by {@link #close()}.
 */
public final class JobEventsGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);

    /** The largest inbound packet {@link #configure} lets the Socket.IO server accept. */
    public static final int MAX_PAYLOAD = 16 * 1024;

    /** How often a resumed subscription looks again for updates this node has not heard yet. */
    static final Duration REPLAY_CATCH_UP_STEP = Duration.ofMillis(10);

    /**
     * How far behind a fan-out shard may fall before a newer progress update of a job replaces the waiting one, and
     * before progress and log updates are dropped for its clients (who then get one fresh job-status, with the
     * recent log entries), and the deliveries it may hold at most.
     */
    static final Duration DELIVERY_COALESCE_AFTER = Duration.ofMillis(500);
    static final Duration DELIVERY_DROP_AFTER = Duration.ofSeconds(1);
    static final int DELIVERY_MAX_QUEUED = 4_096;

    static final String INVALID_JOB_ID = "Invalid job id";
    /** A {@code lastSeq} that is not a whole number of 0 or more (the job id itself was fine). */
    static final String INVALID_LAST_SEQ = "Invalid lastSeq: it must be a whole number of 0 or more";
    static final String JOB_NOT_FOUND = "Job not found";
    static final String RATE_LIMIT_EXCEEDED = "Rate limit exceeded";
    static final String TOKEN_EXPIRED = "Token expired";
    static final String TOO_MANY_SUBSCRIPTIONS = "Too many subscriptions";
    static final String TOO_MANY_CONNECTIONS = "Too many connections for this user";

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final AttributeKey<VerifiedToken> TOKEN = AttributeKey.of("leadjobs.token", VerifiedToken.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.of("leadjobs.userCounted", Boolean.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Settings settings;
    private final ConnectionRateLimiter connectLimiter;
    private final ReplayBuffer replay;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connectionsPerUser = new ConcurrentHashMap<>();
    private final Set<ClientSession> backlogged = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final FanOut<Client> fanOut;
    private final AtomicInteger nextShard = new AtomicInteger();
    private final JobEventPublisher.Registration listener;
    private volatile Namespace namespace;
    private final AtomicBoolean attached = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private JobEventsGateway(Settings settings) {
        this.settings = settings;
        this.connectLimiter = new ConnectionRateLimiter(settings.connectRate(),
                ClientAddresses.trusting(settings.trustedProxies()), settings.maxTrackedAddresses(), System::nanoTime);
        this.replay = new ReplayBuffer(settings.replayUpdatesPerJob(), settings.replayJobs());
        this.pool = LeadJobsExecutors.fixed("leadjobs-jobevents", settings.threads(), 10_000);
        this.timer = LeadJobsExecutors.scheduler("leadjobs-jobevents-timer");
        this.fanOut = new FanOut<>("leadjobs-delivery", settings.deliveryThreads(), DELIVERY_COALESCE_AFTER,
                DELIVERY_DROP_AFTER, DELIVERY_MAX_QUEUED, new Deliveries());
        long retry = settings.retryInterval().toMillis();
        timer.scheduleWithFixedDelay(this::retryBacklogged, retry, retry, TimeUnit.MILLISECONDS);
        long sweep = settings.expiryCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::expireTokens, sweep, sweep, TimeUnit.MILLISECONDS);
        this.listener = settings.jobService().events().addListener(new Listener());
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
        // Synchronous on purpose: the socket's handlers are then in place before the container reads the
        // client's next packet. Verification is CPU-only except when a JWKS URL must be fetched (cached, with
        // connect and read timeouts).
        this.namespace = namespace;
        namespace.use(this::admit);
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
        for (Client client : clients.values()) {
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
        for (Client client : clients.values()) {
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
        timer.shutdownNow();
        fanOut.close();
        LeadJobsExecutors.shutdown(pool, Duration.ofSeconds(5));
        for (Client client : clients.values()) {
            client.session.terminate();
        }
        clients.clear();
    }

    // ------------------------------------------------------------------------------------------- connect

    private Admission admit(SocketIoSocket socket) {
        VerifiedToken token;
        try {
            token = settings.tokenVerifier().verify(credential(socket));
        } catch (AuthenticationException e) {
            LOG.debug("Refused a connection: {}", e.failure().reason());
            settings.observer().handshakeRefused(e.failure().reason());
            return Admission.refuse(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Token verification failed unexpectedly", e);
            settings.observer().handshakeRefused("internal error");
            return Admission.refuse("Authentication failed: internal error");
        }
        if (!settings.clock().instant().isBefore(token.expiresAt())) {
            settings.observer().handshakeRefused(AuthFailure.TOKEN_EXPIRED.reason());
            return Admission.refuse(new AuthenticationException(AuthFailure.TOKEN_EXPIRED).getMessage());
        }
        if (settings.maxConnectionsPerUser() > 0) {
            AtomicInteger count = connectionsPerUser.computeIfAbsent(token.userId(), u -> new AtomicInteger());
            if (count.incrementAndGet() > settings.maxConnectionsPerUser()) {
                count.decrementAndGet();
                settings.observer().handshakeRefused("too many connections");
                return Admission.refuse(TOO_MANY_CONNECTIONS);
            }
            socket.attributes().put(COUNTED, Boolean.TRUE);
        }
        socket.attributes().put(TOKEN, token);
        return Admission.accept();
    }

    /** The token from the CONNECT auth payload, else an Authorization: Bearer header, else the query if allowed. */
    private String credential(SocketIoSocket socket) {
        ObjectNode auth = socket.handshake().auth();
        JsonNode token = auth.get("token");
        if (token != null && !token.isNull()) {
            if (!token.isTextual()) {
                throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
            }
            return token.textValue();
        }
        Optional<String> header = socket.handshake().header("authorization");
        if (header.isPresent()) {
            String value = header.get().trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return value.substring(7).trim();
            }
        }
        Optional<String> query = socket.handshake().queryParameter("token");
        if (query.isPresent()) {
            if (!settings.queryTokenAllowed()) {
                throw new AuthenticationException(AuthFailure.TOKEN_IN_URL);
            }
            return query.get();
        }
        throw new AuthenticationException(AuthFailure.MISSING_TOKEN);
    }

    private void connected(SocketIoSocket socket) {
        Optional<VerifiedToken> verified = socket.attributes().get(TOKEN);
        if (verified.isEmpty() || closed.get()) {
            socket.disconnect(true);
            return;
        }
        VerifiedToken token = verified.get();
        SocketLink link = new SocketLink(socket);
        ClientSession session = new ClientSession(socket.id(), token.userId(), link, settings.deliveryLimits(),
                settings.clock(), backlogged::add);
        Client client = new Client(socket, session, token, new SerialRunner(pool, settings.maxQueuedRequests()),
                settings.eventRate().enabled() ? Optional.of(new TokenBucket(settings.eventRate(), System.nanoTime()))
                        : Optional.empty(), Math.floorMod(nextShard.getAndIncrement(), fanOut.shards()));
        clients.put(socket.id(), client);
        socket.onDisconnect((s, reason) -> disconnected(client));
        socket.on("subscribe-job", (s, event) -> onSubscribe(client, event));
        socket.on("unsubscribe-job", (s, event) -> onUnsubscribe(client, event));
        // other events mean nothing here, but they count against the same rate: a flood of them is refused
        socket.onUnhandled((s, event) -> admitEvent(client, event));
    }

    /** Tells every client whose token has expired, then disconnects it; runs every second on the timer thread. */
    private void expireTokens() {
        Instant now = settings.clock().instant();
        for (Client client : clients.values()) {
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

    private void disconnected(Client client) {
        if (clients.remove(client.socket.id()) == null) {
            return;
        }
        client.session.terminate();
        backlogged.remove(client.session);
        settings.registry().unsubscribeAll(client.session.id());
        if (client.socket.attributes().remove(COUNTED).isPresent()) {
            AtomicInteger count = connectionsPerUser.get(client.session.userId());
            if (count != null && count.decrementAndGet() <= 0) {
                connectionsPerUser.remove(client.session.userId(), count);
            }
        }
    }

    // -------------------------------------------------------------------------------------------- events

    private void onSubscribe(Client client, Event event) {
        if (!admitEvent(client, event)) {
            return;
        }
        Optional<Request> request = Request.parse(event.arg(0), true);
        if (request.isEmpty()) {
            refuse(client, event, Request.hasValidJobIdButBadLastSeq(event.arg(0)) ? INVALID_LAST_SEQ : INVALID_JOB_ID);
            return;
        }
        if (!client.runner.submit(() -> guarded(client, event, () -> subscribe(client, request.get(), event)))) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
        }
    }

    private void onUnsubscribe(Client client, Event event) {
        if (!admitEvent(client, event)) {
            return;
        }
        Optional<Request> request = Request.parse(event.arg(0), false);
        if (request.isEmpty()) {
            refuse(client, event, INVALID_JOB_ID);
            return;
        }
        if (!client.runner.submit(() -> guarded(client, event, () -> unsubscribe(client, request.get().jobId(), event)))) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
        }
    }

    private boolean admitEvent(Client client, Event event) {
        if (client.eventBucket.isPresent() && !client.eventBucket.get().tryAcquire(System.nanoTime())) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
            return false;
        }
        return true;
    }

    private void guarded(Client client, Event event, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("A job-events request failed", e);
            refuse(client, event, "Request failed");
        }
    }

    private void subscribe(Client client, Request request, Event event) {
        ClientSession session = client.session;
        UUID jobId = request.jobId();
        boolean alreadyWatching = session.isWatching(jobId);
        if (!alreadyWatching && session.watchedJobs() >= settings.maxSubscriptionsPerConnection()) {
            refuse(client, event, TOO_MANY_SUBSCRIPTIONS);
            return;
        }
        if (!alreadyWatching) {
            session.open(jobId);
            settings.registry().subscribe(session.id(), jobId);
        }
        Optional<JobSnapshot> snapshot = settings.jobService().snapshot(session.userId(), jobId);
        if (snapshot.isEmpty()) {
            session.close(jobId);
            settings.registry().unsubscribe(session.id(), jobId);
            LOG.debug("Job {}: refused a subscription to a job the user cannot see or that does not exist", jobId);
            refuse(client, event, JOB_NOT_FOUND);
            return;
        }
        JobSnapshot current = snapshot.get();
        if (alreadyWatching) {
            session.resync(jobId, current);
        } else if (request.lastSeq().isPresent()) {
            resume(client, jobId, request.lastSeq().get(), current, System.nanoTime() + settings.replayCatchUp().toNanos());
        } else {
            session.readyWithStatus(jobId, current);
        }
        ObjectNode ok = NODES.objectNode();
        ok.put("ok", true);
        event.acknowledge(ok);
    }

    /**
     * Readies a resumed subscription with the updates after {@code afterSeq}, or with a {@code job-status} when
     * this node no longer holds them. The database can be a few milliseconds ahead of what this node has heard
     * (another node processes the job and its updates are still on their way here): while this node's updates
     * of the job are only behind {@code current}, it looks again every {@link #REPLAY_CATCH_UP_STEP} until
     * {@code deadline} ({@link Builder#replayCatchUp}). Meanwhile live updates are held for the client, as during any subscription.
     */
    private void resume(Client client, UUID jobId, long afterSeq, JobSnapshot current, long deadline) {
        Optional<List<JobUpdate>> missed = replay.between(jobId, afterSeq, current.seq());
        if (missed.isPresent()) {
            client.session.readyWithReplay(jobId, missed.get(), current.seq());
        } else if (replay.behind(jobId, afterSeq, current.seq()) && System.nanoTime() - deadline < 0 && !closed.get()) {
            try {
                timer.schedule(() -> client.runner.submit(() -> {
                    try {
                        resume(client, jobId, afterSeq, current, deadline);
                    } catch (RuntimeException e) {
                        LOG.warn("Job {}: could not resume a subscription", jobId, e);
                        client.session.readyWithStatus(jobId, current);
                    }
                }), REPLAY_CATCH_UP_STEP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                client.session.readyWithStatus(jobId, current); // the gateway is closing
            }
        } else {
            client.session.readyWithStatus(jobId, current);
        }
    }

    private void unsubscribe(Client client, UUID jobId, Event event) {
        client.session.close(jobId);
        settings.registry().unsubscribe(client.session.id(), jobId);
        ObjectNode ok = NODES.objectNode();
        ok.put("ok", true);
        event.acknowledge(ok);
    }

    private void refuse(Client client, Event event, String message) {
        client.socket.droppable().emit("error", JobJson.error(message));
        ObjectNode error = NODES.objectNode();
        error.put("error", message);
        event.acknowledge(error);
    }

    // ----------------------------------------------------------------------------------------- delivery

    private void retryBacklogged() {
        for (ClientSession session : List.copyOf(backlogged)) {
            backlogged.remove(session);
            try {
                session.drain();
            } catch (RuntimeException e) {
                LOG.warn("Retrying delivery to a slow client failed", e);
            }
        }
    }

    /**
     * Hears every job update once: records it for resume, encodes its {@code job-update} packet once and hands it
     * with the job's subscribers, grouped by shard, to the fan-out, which delivers on its own threads. Returns as
     * soon as that is queued, so the publisher never waits for clients.
     */
    private final class Listener implements JobUpdateListener {
        @Override
        public void onUpdate(JobUpdate update) {
            settings.observer().updatePublished();
            replay.record(update);
            Namespace ns = namespace;
            Set<String> subscribers = settings.registry().subscribers(update.jobId());
            if (ns == null || subscribers.isEmpty()) {
                return;
            }
            PreparedEvent packet = ns.prepare("job-update", JobJson.jobUpdate(update));
            List<List<Client>> byShard = new ArrayList<>(fanOut.shards());
            for (int i = 0; i < fanOut.shards(); i++) {
                byShard.add(new ArrayList<>());
            }
            for (String id : subscribers) {
                Client client = clients.get(id);
                if (client != null) {
                    byShard.get(client.shard).add(client);
                }
            }
            fanOut.publish(update, packet, byShard);
        }

        @Override
        public void onPossibleGap() {
            LOG.warn("The job event publisher may have lost updates; sending every subscriber a fresh job-status");
            for (Client client : List.copyOf(clients.values())) {
                client.runner.submit(() -> client.session.jobs().forEach(jobId -> resync(client, jobId)));
            }
        }
    }

    /** What the fan-out does for one subscriber. */
    private final class Deliveries implements FanOut.Sink<Client> {
        @Override
        public void deliver(Client client, List<PreparedUpdate> updates) {
            client.session.offer(updates);
            settings.observer().updatesDelivered(updates.size());
        }

        @Override
        public void coalesced() {
            settings.observer().updateCoalesced();
        }

        @Override
        public void dropped(int recipients) {
            settings.observer().updateDropped(recipients);
        }

        /**
         * Clients that missed updates of a job because delivery fell behind get one fresh {@code job-status}: one
         * snapshot and one packet for all of them (they all passed the access check when they subscribed, as the
         * live updates they were missing did not need one either).
         */
        @Override
        public void lost(UUID jobId, List<Client> missed) {
            Namespace ns = namespace;
            Client first = missed.get(0);
            try {
                pool.execute(() -> {
                    try {
                        Optional<JobSnapshot> snapshot = settings.jobService().snapshot(first.session.userId(), jobId);
                        if (snapshot.isPresent()) {
                            PreparedEvent status = ns.prepare("job-status", JobJson.jobStatus(snapshot.get()));
                            missed.forEach(c -> c.session.resync(jobId, snapshot.get().seq(), status));
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Job {}: could not resynchronize {} subscribers that fell behind", jobId, missed.size(), e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("Job {}: not resynchronizing subscribers, the gateway is closing", jobId);
            }
        }
    }

    /** Sends the client a fresh {@code job-status} of a job it watches, after it may have missed updates. */
    private void resync(Client client, UUID jobId) {
        try {
            Optional<JobSnapshot> snapshot = settings.jobService().snapshot(client.session.userId(), jobId);
            if (snapshot.isPresent()) {
                client.session.resync(jobId, snapshot.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("Job {}: could not resynchronize a subscriber", jobId, e);
        }
    }

    /** One connected client. */
    private static final class Client {
        final SocketIoSocket socket;
        final ClientSession session;
        final VerifiedToken token;
        final SerialRunner runner;
        final Optional<TokenBucket> eventBucket;
        /** Which of the fan-out's shards delivers to this client. */
        final int shard;
        final AtomicBoolean expired = new AtomicBoolean();

        Client(SocketIoSocket socket, ClientSession session, VerifiedToken token, SerialRunner runner,
               Optional<TokenBucket> eventBucket, int shard) {
            this.socket = socket;
            this.session = session;
            this.token = token;
            this.runner = runner;
            this.eventBucket = eventBucket;
            this.shard = shard;
        }
    }

    /** A parsed {@code subscribe-job} / {@code unsubscribe-job} argument. */
    record Request(UUID jobId, Optional<Long> lastSeq) {

        /** A job id string, or {@code {jobId, lastSeq}} ({@code lastSeq} only where {@code withSeq}). */
        static Optional<Request> parse(Optional<JsonNode> arg, boolean withSeq) {
            if (arg.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = arg.get();
            if (node.isTextual()) {
                return jobId(node.textValue()).map(id -> new Request(id, Optional.empty()));
            }
            if (!node.isObject()) {
                return Optional.empty();
            }
            JsonNode id = node.get("jobId");
            if (id == null || !id.isTextual()) {
                return Optional.empty();
            }
            Optional<UUID> jobId = jobId(id.textValue());
            if (jobId.isEmpty()) {
                return Optional.empty();
            }
            JsonNode seq = node.get("lastSeq");
            if (!withSeq || seq == null || seq.isNull()) {
                return Optional.of(new Request(jobId.get(), Optional.empty()));
            }
            if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
                return Optional.empty();
            }
            return Optional.of(new Request(jobId.get(), Optional.of(seq.longValue())));
        }

        /** Whether the argument names a valid job id and what makes it unusable is its {@code lastSeq}. */
        static boolean hasValidJobIdButBadLastSeq(Optional<JsonNode> arg) {
            if (arg.isEmpty() || !arg.get().isObject()) {
                return false;
            }
            JsonNode id = arg.get().get("jobId");
            return id != null && id.isTextual() && jobId(id.textValue()).isPresent();
        }

        private static Optional<UUID> jobId(String text) {
            if (text.length() != 36 || !UUID_TEXT.matcher(text).matches()) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(text.toLowerCase(Locale.ROOT)));
        }
    }

    record Settings(JobService jobService, TokenVerifier tokenVerifier, SubscriptionRegistry registry,
                    List<String> allowedOrigins, RateLimit connectRate, List<String> trustedProxies,
                    int maxTrackedAddresses, RateLimit eventRate, int maxSubscriptionsPerConnection,
                    int maxConnectionsPerUser, boolean queryTokenAllowed, int replayUpdatesPerJob, int replayJobs,
                    Duration replayCatchUp, DeliveryLimits deliveryLimits, Duration retryInterval, Duration expiryCheckInterval, int threads,
                    int deliveryThreads, int maxQueuedRequests, Clock clock, GatewayObserver observer) {
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
            this.maxSubscriptionsPerConnection = range("maxSubscriptionsPerConnection", max, 1, 10_000);
            return this;
        }

        /** Connections one user may hold at once (0 = no limit, the default). */
        public Builder maxConnectionsPerUser(int max) {
            this.maxConnectionsPerUser = range("maxConnectionsPerUser", max, 0, 1_000_000);
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
            this.replayUpdatesPerJob = range("replay updatesPerJob", updatesPerJob, 0, 100_000);
            this.replayJobs = range("replay jobs", jobs, 1, 1_000_000);
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
            this.maxBacklog = range("maxBacklog", maxBacklog, 1, 100_000);
            this.maxPendingLogs = range("maxPendingLogs", maxPendingLogs, 0, 1_000_000);
            this.maxPendingEvents = range("maxPendingEvents", maxPendingEvents, 1, 1_000_000);
            return this;
        }

        /** Threads that serve subscriptions (1-64, default 2). */
        public Builder threads(int threads) {
            this.threads = range("threads", threads, 1, 64);
            return this;
        }

        /**
         * Threads that deliver job updates to subscribers, in parallel (1-256, default the number of cores, at least
         * 2). Each client is served by one of them, so it gets a job's updates in order; each update is encoded
         * once for all.
         */
        public Builder deliveryThreads(int threads) {
            this.deliveryThreads = range("deliveryThreads", threads, 1, 256);
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
            return new JobEventsGateway(new Settings(jobService, tokenVerifier,
                    registry == null ? InMemory.subscriptionRegistry() : registry, List.copyOf(allowedOrigins),
                    connectRate, trustedProxies, 100_000, eventRate, maxSubscriptionsPerConnection,
                    maxConnectionsPerUser, queryTokenAllowed, replayUpdatesPerJob, replayJobs, replayCatchUp,
                    new DeliveryLimits(maxBacklog, maxPendingLogs, maxPendingEvents), retryInterval, expiryCheckInterval,
                    threads, deliveryThreads, 64, clock, GuardedObserver.of(observer)));
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw LeadJobsException.invalidSetting(name, "between " + min + " and " + max, value);
            }
            return value;
        }
    }
}
