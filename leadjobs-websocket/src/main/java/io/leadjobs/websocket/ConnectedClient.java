package io.leadjobs.websocket;

import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One client connected to the gateway: its socket, its subscriptions and what limits it. */
final class ConnectedClient {
    final SocketIoSocket socket;
    final ClientSession session;
    final VerifiedToken token;
    final SerialRunner runner;
    final Optional<TokenBucket> eventBucket;
    /** Which of the fan-out's shards delivers to this client. */
    final int shard;
    final AtomicBoolean expired = new AtomicBoolean();

    ConnectedClient(SocketIoSocket socket, ClientSession session, VerifiedToken token, SerialRunner runner,
                    Optional<TokenBucket> eventBucket, int shard) {
        this.socket = socket;
        this.session = session;
        this.token = token;
        this.runner = runner;
        this.eventBucket = eventBucket;
        this.shard = shard;
    }
}
