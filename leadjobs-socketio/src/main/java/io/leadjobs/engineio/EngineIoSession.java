package io.leadjobs.engineio;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session as a state machine: OPEN, CLOSING while what is queued drains after {@link #close()}, then
 * CLOSED; over polling, optionally upgraded to WebSocket after a probe. It owns the outbound queue and decides which
 * {@link Transport} delivers it; the {@link Heartbeat} keeps time.
 *
 * <p>The session, its queue and its transports share one lock: an upgrade moves the transport, the held poll and
 * the queue's consumer in one step, so they cannot be guarded apart. The heartbeat has its own. No I/O happens under
 * a lock.
 */
final class EngineIoSession implements EngineIoSocket {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoSession.class);

    private enum State { OPEN, CLOSING, CLOSED }

    private final EngineIoServerImpl server;
    private final String id;
    private final EngineIoHandshake handshake;
    private final Object lock = new Object();
    private final List<BiConsumer<EngineIoSocket, CloseReason>> closeListeners = new CopyOnWriteArrayList<>();
    private final Heartbeat heartbeat;
    private final OutboundQueue queue;
    private final PollingTransport polling;
    private volatile MessageListener listener = new MessageListener() { };

    // guarded by lock
    private State state = State.OPEN;
    private Transport transport;
    private WsChannel probe;
    private boolean upgrading;

    EngineIoSession(EngineIoServerImpl server, String id, EngineIoHandshake handshake, String transportName) {
        this.server = server;
        this.id = id;
        this.handshake = handshake;
        this.queue = new OutboundQueue(server.options().outboundQueueCapacity());
        this.polling = new PollingTransport(this, server, lock, queue);
        this.transport = Transport.WEBSOCKET.equals(transportName) ? new WsTransport(this, lock, queue) : polling;
        this.heartbeat = new Heartbeat(this, server);
    }

    // ---------------------------------------------------------------- public API

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineIoHandshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        synchronized (lock) {
            return transport.name();
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void onClose(BiConsumer<EngineIoSocket, CloseReason> listener) {
        Objects.requireNonNull(listener, "listener");
        boolean closedAlready;
        synchronized (lock) {
            closedAlready = state != State.OPEN;
            if (!closedAlready) {
                closeListeners.add(listener);
            }
        }
        if (closedAlready) {
            listener.accept(this, CloseReason.FORCED_CLOSE);
        }
    }

    @Override
    public boolean send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        return send(List.of(message));
    }

    @Override
    public boolean send(List<OutboundMessage> messages) {
        OutboundQueue.Offer offer;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            offer = queue.offer(messages);
        }
        if (offer == OutboundQueue.Offer.OVERFLOW) {
            LOG.warn("A client did not keep up: its outbound queue of {} messages is full, closing it", queue.capacity());
            terminate(CloseReason.OUTBOUND_OVERFLOW);
            return false;
        }
        flush();
        return offer == OutboundQueue.Offer.ALL;
    }

    @Override
    public void close() {
        boolean closeNow;
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            heartbeat.stop();
            queue.markClose();
            if (transport == polling) {
                polling.closing();
            }
            if (probe != null) {
                probe.close();
                probe = null;
                upgrading = false;
            }
            closeNow = !transport.connected();
        }
        if (closeNow) {
            terminate(CloseReason.FORCED_CLOSE);
        } else {
            flush();
        }
    }

    @Override
    public int queuedMessages() {
        synchronized (lock) {
            return queue.size();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the heartbeat; the open packet is already on its way. */
    void start() {
        heartbeat.start();
    }

    /** Ends the session at once: stops timers, answers a held poll, closes sockets, tells the listeners. */
    void terminate(CloseReason reason) {
        Runnable releasePoll;
        Runnable releaseSocket;
        WsChannel probing;
        boolean linger;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            heartbeat.stop();
            queue.clear();
            releasePoll = polling.detach(reason);
            releaseSocket = transport == polling ? null : transport.detach(reason);
            probing = probe;
            probe = null;
            linger = polling.lingers();
        }
        if (linger) {
            if (server.schedule(polling::endLinger, server.options().pingTimeoutMillis()) == null) {
                polling.endLinger();
            }
        } else {
            server.remove(this);
        }
        releasePoll.run();
        if (releaseSocket != null) {
            releaseSocket.run();
        }
        if (probing != null) {
            probing.close();
        }
        LOG.debug("Session {} closed: {}", id, reason.text());
        for (BiConsumer<EngineIoSocket, CloseReason> l : closeListeners) {
            try {
                l.accept(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("A close listener failed", e);
            }
        }
        closeListeners.clear();
    }

    /** Whether the session has ended; the caller holds the lock. */
    boolean closedLocked() {
        return state == State.CLOSED;
    }

    /** Whether {@code candidate} is the transport in use; the caller holds the lock. */
    boolean usesLocked(Transport candidate) {
        return transport == candidate;
    }

    /** Whether a probed WebSocket waits for the client's upgrade packet; the caller holds the lock. */
    boolean upgradingLocked() {
        return upgrading;
    }

    // ---------------------------------------------------------------- inbound

    /** Handles one decoded Engine.IO text packet; returns false when it was malformed (the session is then closed). */
    boolean onPacket(String packet) {
        if (packet.isEmpty()) {
            return parseError("an empty packet");
        }
        char code = packet.charAt(0);
        Optional<PacketType> type = PacketType.of(code);
        if (type.isEmpty()) {
            return unknownType(code);
        }
        switch (type.get()) {
            case CLOSE -> closedByClient();
            case PING -> onClientPing(packet.substring(1));
            case PONG -> onPong();
            case MESSAGE -> deliverText(packet.substring(1));
            case NOOP -> { }
            // a client sends no open packet, and an upgrade packet only on a probed WebSocket
            case OPEN, UPGRADE -> {
                return unknownType(code);
            }
        }
        return true;
    }

    private boolean unknownType(char code) {
        return parseError("a packet of unknown type '" + printable(code) + "'");
    }

    private void closedByClient() {
        synchronized (lock) {
            polling.clientClosed(state == State.OPEN && transport == polling);
        }
        terminate(CloseReason.TRANSPORT_CLOSE);
    }

    private void onClientPing(String data) {
        switch (heartbeat.onClientPing()) {
            case ANSWER -> sendControl(PacketType.PONG.with(data));
            case FLOOD -> {
                LOG.info("Closing a client that sent {} pings within a second", Heartbeat.CLIENT_PING_FLOOD);
                terminate(CloseReason.PARSE_ERROR);
            }
            case DROP -> { }
        }
    }

    private void onPong() {
        if (heartbeat.onPong()) {
            LOG.info("Closing a client that sent more than {} pongs without a ping", Heartbeat.MAX_UNSOLICITED_PONGS);
            terminate(CloseReason.PARSE_ERROR);
        }
    }

    void deliverBinary(byte[] data) {
        try {
            listener.onBinary(this, data);
        } catch (RuntimeException e) {
            LOG.warn("A message listener failed on a binary message", e);
        }
    }

    private void deliverText(String text) {
        try {
            listener.onText(this, text);
        } catch (RuntimeException e) {
            LOG.warn("A message listener failed on a text message", e);
        }
    }

    /** Closes the session for a malformed packet, described by {@code what}; returns false. */
    boolean parseError(String what) {
        LOG.debug("Session {} sent {}, closing it", id, what);
        LOG.info("Closing an Engine.IO client that sent {}", what);
        terminate(CloseReason.PARSE_ERROR);
        return false;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** Queues a control packet (ping, pong) outside the queue's bound and delivers it. */
    void sendControl(String packet) {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            queue.addControl(packet);
        }
        flush();
    }

    // ---------------------------------------------------------------- polling

    /** The polling transport, which the servlet's GETs and POSTs reach. */
    PollingTransport polling() {
        return polling;
    }

    /** For tests: whether a GET is being held. */
    boolean hasPendingPoll() {
        return polling.hasPendingPoll();
    }

    /** For tests: whether a POST is being read. */
    boolean hasActivePost() {
        return polling.hasActivePost();
    }

    // ---------------------------------------------------------------- websocket and upgrade

    /** Attaches the WebSocket of a session opened over WebSocket and sends the open packet first. */
    void attachWebSocket(WsChannel channel, String openPacket) {
        synchronized (lock) {
            ((WsTransport) transport).attach(channel);
            queue.addControlFirst(openPacket);
        }
        flush();
    }

    /** A second WebSocket asks to take over this polling session; false when that is not allowed now. */
    boolean attachProbe(WsChannel channel) {
        synchronized (lock) {
            if (state != State.OPEN || transport != polling || probe != null) {
                return false;
            }
            probe = channel;
            return true;
        }
    }

    void onWebSocketText(WsChannel channel, String text) {
        boolean isProbe;
        synchronized (lock) {
            isProbe = channel == probe;
            if (!isProbe && !carries(channel)) {
                return;
            }
        }
        if (isProbe) {
            onProbeText(channel, text);
        } else {
            onPacket(text);
        }
    }

    void onWebSocketBinary(WsChannel channel, byte[] data) {
        synchronized (lock) {
            if (!carries(channel)) {
                return;
            }
        }
        deliverBinary(data);
    }

    void onWebSocketClosed(WsChannel channel, CloseReason reason) {
        boolean main;
        boolean isProbe;
        synchronized (lock) {
            isProbe = channel == probe;
            if (isProbe) {
                probe = null;
                upgrading = false;
            }
            main = carries(channel);
        }
        if (isProbe) {
            flush();
            return;
        }
        if (main) {
            terminate(reason);
        }
    }

    private boolean carries(WsChannel channel) {
        return transport instanceof WsTransport ws && ws.carries(channel);
    }

    /** The probe's ping makes the session upgrading; the upgrade packet then moves it to the probed socket. */
    private void onProbeText(WsChannel channel, String text) {
        PendingPoll poll;
        if (PacketType.PING.with(PacketType.PROBE).equals(text)) {
            synchronized (lock) {
                if (probe != channel || state != State.OPEN) {
                    return;
                }
                upgrading = true;
                poll = polling.heldPoll();
            }
            channel.sendQuietly(PacketType.PONG.with(PacketType.PROBE));
            if (poll != null) {
                polling.noopSoon(poll);
            }
        } else if (PacketType.UPGRADE.packet().equals(text)) {
            synchronized (lock) {
                if (probe != channel || !upgrading || state != State.OPEN) {
                    return;
                }
                probe = null;
                upgrading = false;
                WsTransport ws = new WsTransport(this, lock, queue);
                ws.attach(channel);
                transport = ws;
                poll = polling.takeHeldPoll();
            }
            if (poll != null) {
                poll.reject("Bad request: the session uses WebSocket now");
            }
            LOG.debug("Session {} upgraded to WebSocket", id);
            flush();
        } else {
            LOG.debug("Ignored a message on a WebSocket that has not completed its upgrade");
        }
    }

    // ---------------------------------------------------------------- outbound

    /** Delivers queued messages over whichever transport is in use. */
    void flush() {
        Transport current;
        synchronized (lock) {
            current = transport;
        }
        current.flush();
    }
}
