package io.leadjobs.websocket;

import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.socketio.Admission;
import io.leadjobs.socketio.AttributeKey;
import io.leadjobs.socketio.Namespace;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at CONNECT whether a socket may join: its token must verify and not have expired, and its user must
 * hold fewer connections than the per-user limit. Counts each user's connections until {@link #release}.
 *
 * <p>A verifier that {@linkplain TokenVerifier#mayBlock may block} is called on this class's own threads
 * ({@code leadjobs-admission-N}, {@value #THREADS} of them, with at most {@value #QUEUED} connections waiting;
 * beyond that a connection is refused as {@value #BUSY}); any other on the thread that read the CONNECT packet.
 */
final class ConnectionAdmission implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);

    static final String TOO_MANY_CONNECTIONS = "Too many connections for this user";
    static final String BUSY = "Authentication failed: server busy";
    static final int THREADS = 4;
    static final int QUEUED = 10_000;

    private static final AttributeKey<VerifiedToken> TOKEN = AttributeKey.of("leadjobs.token", VerifiedToken.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.of("leadjobs.userCounted", Boolean.class);

    private final GatewaySettings settings;
    private final Map<String, AtomicInteger> connectionsPerUser = new ConcurrentHashMap<>();
    private final Optional<ThreadPoolExecutor> verifiers;

    ConnectionAdmission(GatewaySettings settings) {
        this.settings = settings;
        // not LeadJobsExecutors.fixed: when its queue is full the caller runs the task, and here that would put a
        // check that waits back on the thread that reads clients' packets; a full queue refuses the connection instead
        this.verifiers = settings.tokenVerifier().mayBlock()
                ? Optional.of(new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(QUEUED), LeadJobsExecutors.threadFactory("leadjobs-admission"),
                        new ThreadPoolExecutor.AbortPolicy()))
                : Optional.empty();
    }

    /** Adds the admission to {@code namespace}'s middleware chain, asynchronous when the verifier may block. */
    void attach(Namespace namespace) {
        if (verifiers.isPresent()) {
            namespace.useAsync(this::admitLater);
        } else {
            namespace.use(this::admit);
        }
    }

    private CompletionStage<Admission> admitLater(SocketIoSocket socket) {
        try {
            return CompletableFuture.supplyAsync(() -> admit(socket), verifiers.orElseThrow());
        } catch (RejectedExecutionException e) {
            if (verifiers.orElseThrow().isShutdown()) {
                return CompletableFuture.completedFuture(Admission.refuse("Server shutting down"));
            }
            LOG.warn("Refused a connection: {} connections already wait for their token to be verified", QUEUED);
            settings.observer().handshakeRefused("server busy");
            return CompletableFuture.completedFuture(Admission.refuse(BUSY));
        }
    }

    /** The Socket.IO middleware: admits the socket and keeps its verified token on it, or refuses it. */
    Admission admit(SocketIoSocket socket) {
        VerifiedToken token;
        try {
            token = settings.tokenVerifier().verify(Credentials.of(socket, settings.queryTokenAllowed()));
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
        if (!socket.connection().isOpen()) {
            // gone while its token was verified: counting it now would hold one of its user's connections for ever
            return Admission.refuse("Connection closed");
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

    /** The token {@link #admit} verified for this socket; empty if it was not admitted here. */
    Optional<VerifiedToken> token(SocketIoSocket socket) {
        return socket.attributes().get(TOKEN);
    }

    /** Stops the verifying threads, if any; connections still waiting for them are never admitted. */
    @Override
    public void close() {
        verifiers.ifPresent(pool -> LeadJobsExecutors.shutdown(pool, Duration.ofSeconds(5)));
    }

    /** Counts the connection of a socket that has gone no longer against its user. */
    void release(SocketIoSocket socket, String userId) {
        if (socket.attributes().remove(COUNTED).isPresent()) {
            AtomicInteger count = connectionsPerUser.get(userId);
            if (count != null && count.decrementAndGet() <= 0) {
                connectionsPerUser.remove(userId, count);
            }
        }
    }
}
