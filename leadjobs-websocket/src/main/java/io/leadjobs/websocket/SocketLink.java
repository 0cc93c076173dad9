package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.socketio.SocketIoSocket;

/** {@link ClientLink} over a Socket.IO socket. */
final class SocketLink implements ClientLink {
    private final SocketIoSocket socket;

    SocketLink(SocketIoSocket socket) {
        this.socket = socket;
    }

    @Override
    public boolean emit(String event, ObjectNode payload, boolean droppable) {
        if (!socket.isConnected()) {
            return false;
        }
        if (droppable) {
            socket.droppable().emit(event, payload);
        } else {
            socket.emit(event, payload);
        }
        return true;
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
