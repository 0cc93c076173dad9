package io.leadjobs.websocket;

import io.leadjobs.socketio.Admission;
import io.leadjobs.socketio.AttributeKey;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at CONNECT whether a socket may join: its token must verify and not have expired, and its user must
 * hold fewer connections than the per-user limit. Counts each user's connections until {@link #release}.
 */
final class ConnectionAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);

    static final String TOO_MANY_CONNECTIONS = "Too many connections for this user";

    private static final AttributeKey<VerifiedToken> TOKEN = AttributeKey.of("leadjobs.token", VerifiedToken.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.of("leadjobs.userCounted", Boolean.class);

    private final GatewaySettings settings;
    private final Map<String, AtomicInteger> connectionsPerUser = new ConcurrentHashMap<>();

    ConnectionAdmission(GatewaySettings settings) {
        this.settings = settings;
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
