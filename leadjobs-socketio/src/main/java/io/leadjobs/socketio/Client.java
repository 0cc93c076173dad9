package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.engineio.CloseReason;
import io.leadjobs.engineio.EngineIoSocket;
import io.leadjobs.engineio.MessageListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Socket.IO side of one Engine.IO connection: its namespaces, binary reassembly and connect timeout. */
final class Client implements MessageListener {

    private static final Logger LOG = LoggerFactory.getLogger(Client.class);

    private final SocketIoServerImpl server;
    private final EngineIoSocket connection;
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>(2);
    private volatile ScheduledFuture<?> connectTimer;
    // inbound messages arrive one at a time per connection; guarded by this
    private Packet pendingBinary;
    private List<byte[]> pendingAttachments;

    Client(SocketIoServerImpl server, EngineIoSocket connection) {
        this.server = server;
        this.connection = connection;
    }

    EngineIoSocket connection() {
        return connection;
    }

    SocketIoServerImpl server() {
        return server;
    }

    void startConnectTimer(long millis) {
        connectTimer = server.schedule(() -> {
            if (sockets.isEmpty() && connection.isOpen()) {
                LOG.info("Closing a connection that joined no namespace within {} ms", millis);
                connection.close();
            }
        }, millis);
    }

    @Override
    public synchronized void onText(EngineIoSocket socket, String text) {
        if (pendingBinary != null) {
            protocolError("a text packet arrived while " + (pendingBinary.attachments() - pendingAttachments.size())
                    + " binary attachments were still expected");
            return;
        }
        Packet packet;
        try {
            packet = server.codec().decode(text);
        } catch (SocketIoException e) {
            protocolError(e.getMessage());
            return;
        }
        if (packet.attachments() > 0) {
            pendingBinary = packet;
            pendingAttachments = new ArrayList<>(packet.attachments());
            return;
        }
        if (packet.type() == Packet.BINARY_EVENT || packet.type() == Packet.BINARY_ACK) {
            try {
                packet = packet.withData(server.codec().reconstruct(packet.data().orElseThrow(), List.of()));
            } catch (SocketIoException e) {
                protocolError(e.getMessage());
                return;
            }
        }
        dispatch(packet);
    }

    @Override
    public synchronized void onBinary(EngineIoSocket socket, byte[] data) {
        if (pendingBinary == null) {
            protocolError("a binary message arrived that no packet announced");
            return;
        }
        pendingAttachments.add(data);
        if (pendingAttachments.size() < pendingBinary.attachments()) {
            return;
        }
        Packet packet = pendingBinary;
        List<byte[]> attachments = pendingAttachments;
        pendingBinary = null;
        pendingAttachments = null;
        try {
            packet = packet.withData(server.codec().reconstruct(packet.data().orElseThrow(), attachments));
        } catch (SocketIoException e) {
            protocolError(e.getMessage());
            return;
        }
        dispatch(packet);
    }

    private void protocolError(String what) {
        LOG.info("Closing a Socket.IO client that sent a malformed packet: {}", what);
        pendingBinary = null;
        pendingAttachments = null;
        connection.close();
    }

    private void dispatch(Packet packet) {
        switch (packet.type()) {
            case Packet.CONNECT -> connect(packet);
            case Packet.DISCONNECT -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
                }
            }
            case Packet.EVENT, Packet.BINARY_EVENT -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.onEvent(packet);
                } else {
                    LOG.debug("Ignored an event for namespace {} that the client has not joined", packet.namespace());
                }
            }
            case Packet.ACK, Packet.BINARY_ACK -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.onAck(packet);
                }
            }
            default -> protocolError("unexpected packet type " + packet.type());
        }
    }

    private void connect(Packet packet) {
        Optional<NamespaceImpl> namespace = server.existingNamespace(packet.namespace());
        if (namespace.isEmpty()) {
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", "Invalid namespace");
            send(Packet.CONNECT_ERROR, packet.namespace(), error);
            return;
        }
        if (sockets.containsKey(packet.namespace())) {
            LOG.debug("Ignored a second CONNECT for namespace {}", packet.namespace());
            return;
        }
        ObjectNode auth = packet.data().map(d -> (ObjectNode) d).orElseGet(JsonNodeFactory.instance::objectNode);
        namespace.get().connect(this, auth);
    }

    /** Called by the namespace once the middleware accepted the socket. */
    boolean register(SocketImpl socket) {
        if (!connection.isOpen()) {
            return false;
        }
        sockets.put(socket.namespace().name(), socket);
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    void unregister(SocketImpl socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    void send(int type, String namespace, JsonNode data) {
        connection.send(server.codec().encode(type, namespace, Packet.NO_ID, Optional.of(data)));
    }

    void onClose(EngineIoSocket socket, CloseReason reason) {
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        DisconnectReason why = DisconnectReason.of(reason);
        for (SocketImpl s : List.copyOf(sockets.values())) {
            s.onClose(why);
        }
    }
}
