package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.socketio.PreparedEvent;
import io.leadjobs.socketio.SocketIoSocket;
import java.util.List;

/** {@link ClientLink} over a Socket.IO socket. */
final class SocketLink implements ClientLink {
    private final SocketIoSocket socket;

    SocketLink(SocketIoSocket socket) {
        this.socket = socket;
    }

    @Override
    public PreparedEvent prepare(String event, ObjectNode payload) {
        return socket.namespace().prepare(event, payload);
    }

    @Override
    public boolean send(List<PreparedEvent> events) {
        return socket.send(events);
    }

    @Override
    public int backlog() {
        return socket.connection().queuedMessages();
    }

    @Override
    public boolean isOpen() {
        return socket.isConnected();
    }

    /** Closes the connection itself (not only the namespace), so the client reconnects on its own. */
    @Override
    public void disconnect() {
        socket.connection().close();
    }
}
