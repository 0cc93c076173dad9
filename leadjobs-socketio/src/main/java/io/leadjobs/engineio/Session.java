package io.leadjobs.engineio;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its transport (polling, then maybe WebSocket), its bounded outbound queue,
 * its heartbeat and its close. All mutable state is guarded by {@code lock}; no I/O happens under it.
 */
final class Session implements EngineIoSocket {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    static final String POLLING = "polling";
    static final String WEBSOCKET = "websocket";
    /** Consecutive pongs without a ping that a client may send before it is disconnected. */
    static final int MAX_UNSOLICITED_PONGS = 3;
    /**
     * Client pings (Engine.IO 4 clients send none but the upgrade probe, which is answered apart) answered per
     * second and socket; more are dropped, and a client that sends {@link #CLIENT_PING_FLOOD} in one second is closed.
     */
    static final int CLIENT_PINGS_PER_SECOND = 5;
    static final int CLIENT_PING_FLOOD = 100;
    static final char RECORD_SEPARATOR = '\u001e';
    /** Frames gathered into one write stop growing past this size. */
    static final int MAX_GATHERED_BYTES = 64 * 1024;

    /** Queue marker: after everything before it is delivered, close the transport. */
    private static final Object CLOSE_MARKER = new Object();

    private enum State { OPEN, CLOSING, CLOSED }

    /** The outcome of a polling GET, for the servlet to act on. */
    record PollOutcome(int status, String body) {
        static final PollOutcome HELD = new PollOutcome(0, "");

        boolean held() {
            return status == 0;
        }
    }

    private final EngineIoServerImpl server;
    private final String id;
    private final EngineIoHandshake handshake;
    private final Object lock = new Object();
    private final List<BiConsumer<EngineIoSocket, CloseReason>> closeListeners = new CopyOnWriteArrayList<>();
    private volatile MessageListener listener = new MessageListener() { };

    // guarded by lock
    private State state = State.OPEN;
    private String transport;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private PendingPoll pendingPoll;
    private boolean postActive;
    private WsChannel ws;
    private WsChannel probe;
    private boolean upgrading;
    /** After a client's close packet crossed its next poll on the wire, that one poll gets a noop, not an error. */
    private boolean lingerForCrossedPoll;
    private boolean wsWriting;
    private Object wsCurrent;
    private int wsFrameIndex;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> timeoutTask;
    private boolean awaitingPong;
    private int unsolicitedPongs;
    private long clientPingWindowStart = System.nanoTime();
    private int clientPingsInWindow;

    Session(EngineIoServerImpl server, String id, EngineIoHandshake handshake, String transport) {
        this.server = server;
        this.id = id;
        this.handshake = handshake;
        this.transport = transport;
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
            return transport;
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
        boolean overflow = false;
        boolean all = true;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            for (OutboundMessage message : messages) {
                if (queue.size() >= server.options().outboundQueueCapacity()) {
                    if (message.isDroppable()) {
                        LOG.debug("Outbound queue full: dropped a droppable message");
                        all = false;
                        continue;
                    }
                    if (!evictOneDroppable()) {
                        overflow = true;
                        break;
                    }
                }
                queue.add(message);
            }
        }
        if (overflow) {
            LOG.warn("A client did not keep up: its outbound queue of {} messages is full, closing it",
                    server.options().outboundQueueCapacity());
            terminate(CloseReason.OUTBOUND_OVERFLOW);
            return false;
        }
        flush();
        return all;
    }

    @Override
    public void close() {
        boolean closeNow = false;
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            cancelHeartbeat();
            queue.add(CLOSE_MARKER);
            if (POLLING.equals(transport) && pendingPoll == null) {
                // the client's next poll collects the rest; if it never comes, give up after one heartbeat
                pingTask = server.schedule(() -> terminate(CloseReason.FORCED_CLOSE),
                        server.options().pingIntervalMillis() + server.options().pingTimeoutMillis());
            }
            if (probe != null) {
                probe.close();
                probe = null;
                upgrading = false;
            }
            if (ws == null && !POLLING.equals(transport)) {
                closeNow = true;
            }
        }
        if (closeNow) {
            terminate(CloseReason.FORCED_CLOSE);
        } else {
            flush();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the heartbeat; the open packet is already on its way. */
    void start() {
        synchronized (lock) {
            schedulePing();
        }
    }

    /** Ends the session at once: stops timers, answers a held poll, closes sockets, tells the listeners. */
    void terminate(CloseReason reason) {
        PendingPoll poll;
        WsChannel socket;
        WsChannel probing;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            cancelHeartbeat();
            queue.clear();
            poll = pendingPoll;
            pendingPoll = null;
            socket = ws;
            ws = null;
            probing = probe;
            probe = null;
        }
        boolean linger;
        synchronized (lock) {
            linger = lingerForCrossedPoll;
        }
        if (linger) {
            if (server.schedule(this::endLinger, server.options().pingTimeoutMillis()) == null) {
                endLinger();
            }
        } else {
            server.remove(this);
        }
        if (poll != null) {
            poll.complete(reason == CloseReason.TRANSPORT_CLOSE ? "6" : "1", () -> { });
        }
        if (socket != null) {
            socket.close(reason == CloseReason.PARSE_ERROR ? CloseCodes.PROTOCOL_ERROR : CloseCodes.NORMAL_CLOSURE,
                    reason.text());
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

    private void endLinger() {
        synchronized (lock) {
            lingerForCrossedPoll = false;
        }
        server.remove(this);
    }

    // ---------------------------------------------------------------- heartbeat

    private void schedulePing() {
        pingTask = server.schedule(this::ping, server.options().pingIntervalMillis());
    }

    private void ping() {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            queue.add("2");
            awaitingPong = true;
            unsolicitedPongs = 0;
            timeoutTask = server.schedule(() -> {
                boolean expired;
                synchronized (lock) {
                    expired = awaitingPong && state == State.OPEN;
                }
                if (expired) {
                    terminate(CloseReason.PING_TIMEOUT);
                }
            }, server.options().pingTimeoutMillis());
        }
        flush();
    }

    private void onClientPing(String data) {
        int count;
        synchronized (lock) {
            long now = System.nanoTime();
            if (now - clientPingWindowStart >= 1_000_000_000L) {
                clientPingWindowStart = now;
                clientPingsInWindow = 0;
            }
            count = ++clientPingsInWindow;
        }
        if (count <= CLIENT_PINGS_PER_SECOND) {
            send("3" + data);
        } else if (count == CLIENT_PING_FLOOD) {
            LOG.info("Closing a client that sent {} pings within a second", CLIENT_PING_FLOOD);
            terminate(CloseReason.PARSE_ERROR);
        }
    }

    private void onPong() {
        boolean flood = false;
        synchronized (lock) {
            if (awaitingPong) {
                awaitingPong = false;
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                    timeoutTask = null;
                }
                if (state == State.OPEN) {
                    schedulePing();
                }
            } else if (++unsolicitedPongs > MAX_UNSOLICITED_PONGS) {
                flood = true;
            }
        }
        if (flood) {
            LOG.info("Closing a client that sent more than {} pongs without a ping", MAX_UNSOLICITED_PONGS);
            terminate(CloseReason.PARSE_ERROR);
        }
    }

    private void cancelHeartbeat() {
        if (pingTask != null) {
            pingTask.cancel(false);
            pingTask = null;
        }
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
        awaitingPong = false;
    }

    // ---------------------------------------------------------------- inbound

    /** Handles one decoded Engine.IO text packet; returns false when it was malformed (the session is then closed). */
    boolean onPacket(String packet) {
        if (packet.isEmpty()) {
            return parseError("an empty packet");
        }
        char type = packet.charAt(0);
        switch (type) {
            case '1' -> closedByClient();
            case '2' -> onClientPing(packet.substring(1));
            case '3' -> onPong();
            case '4' -> deliverText(packet.substring(1));
            case '6' -> { }
            default -> {
                return parseError("a packet of unknown type '" + printable(type) + "'");
            }
        }
        return true;
    }

    private void closedByClient() {
        synchronized (lock) {
            lingerForCrossedPoll = state == State.OPEN && POLLING.equals(transport) && pendingPoll == null;
        }
        terminate(CloseReason.TRANSPORT_CLOSE);
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

    private boolean parseError(String what) {
        LOG.debug("Session {} sent {}, closing it", id, what);
        LOG.info("Closing an Engine.IO client that sent {}", what);
        terminate(CloseReason.PARSE_ERROR);
        return false;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** Sends an Engine.IO control packet (pong) through the queue, ahead of nothing. */
    private void send(String controlPacket) {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            queue.add(controlPacket);
        }
        flush();
    }

    // ---------------------------------------------------------------- polling

    PollOutcome onPoll(PendingPoll poll) {
        String payload;
        boolean duplicate = false;
        synchronized (lock) {
            if (state == State.CLOSED) {
                if (lingerForCrossedPoll) {
                    lingerForCrossedPoll = false;
                    server.remove(this);
                    return new PollOutcome(200, "6");
                }
                return new PollOutcome(400, "Session ID unknown");
            }
            if (!POLLING.equals(transport)) {
                return new PollOutcome(400, "Bad request: the session uses WebSocket now");
            }
            if (pendingPoll != null) {
                duplicate = true;
                payload = null;
            } else if (upgrading) {
                // like the reference server: a poll during an upgrade gets a noop shortly, unless the upgrade completes
                pendingPoll = poll;
                server.schedule(() -> noopDuringUpgrade(poll), 100);
                return PollOutcome.HELD;
            } else if (queue.isEmpty()) {
                pendingPoll = poll;
                return PollOutcome.HELD;
            } else {
                payload = drainPayload();
            }
        }
        if (duplicate) {
            LOG.info("Closing a polling client that sent a second concurrent GET");
            terminate(CloseReason.TRANSPORT_ERROR);
            return new PollOutcome(400, "Bad request: a poll is already pending for this session");
        }
        afterDrain(payload);
        return new PollOutcome(200, stripMarker(payload));
    }

    private void noopDuringUpgrade(PendingPoll poll) {
        synchronized (lock) {
            if (pendingPoll != poll || !upgrading) {
                return;
            }
            pendingPoll = null;
        }
        poll.complete("6", () -> { });
    }

    /** The held poll ended without an answer from us (container timeout or client gone). */
    void pollAbandoned(PendingPoll poll) {
        synchronized (lock) {
            if (pendingPoll == poll) {
                pendingPoll = null;
            }
        }
    }

    /** Marks a POST as in progress; false (and the session closed) when one already is. */
    boolean beginPost() {
        synchronized (lock) {
            if (state == State.CLOSED || !POLLING.equals(transport) && !upgrading) {
                return false;
            }
            if (!postActive) {
                postActive = true;
                return true;
            }
        }
        LOG.info("Closing a polling client that sent a second concurrent POST");
        terminate(CloseReason.TRANSPORT_ERROR);
        return false;
    }

    boolean acceptsPost() {
        synchronized (lock) {
            return state != State.CLOSED && (POLLING.equals(transport) || upgrading);
        }
    }

    void endPost() {
        synchronized (lock) {
            postActive = false;
        }
    }

    /** Decodes a POST body (packets separated by 0x1e, binary ones as {@code b<base64>}); false when malformed. */
    boolean onPayload(String body) {
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(RECORD_SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            String packet = body.substring(start, end);
            boolean ok;
            if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    return parseError("a binary packet that is not valid base64");
                }
                deliverBinary(data);
                ok = true;
            } else {
                ok = onPacket(packet);
            }
            if (!ok) {
                return false;
            }
            if (!isOpen()) {
                return true;
            }
            start = end + 1;
        }
        return true;
    }

    // ---------------------------------------------------------------- websocket

    /** Attaches the WebSocket of a session opened over WebSocket. */
    void attachWebSocket(WsChannel channel, String openPacket) {
        synchronized (lock) {
            ws = channel;
            queue.addFirst(openPacket);
        }
        flush();
    }

    /** A second WebSocket asks to take over this polling session; false when that is not allowed now. */
    boolean attachProbe(WsChannel channel) {
        synchronized (lock) {
            if (state != State.OPEN || !POLLING.equals(transport) || probe != null) {
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
            if (!isProbe && channel != ws) {
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
            if (channel != ws) {
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
            main = channel == ws;
        }
        if (isProbe) {
            flush();
            return;
        }
        if (main) {
            terminate(reason);
        }
    }

    private void onProbeText(WsChannel channel, String text) {
        PendingPoll poll = null;
        if ("2probe".equals(text)) {
            synchronized (lock) {
                if (probe != channel || state != State.OPEN) {
                    return;
                }
                upgrading = true;
                poll = pendingPoll;
            }
            channel.sendQuietly("3probe");
            if (poll != null) {
                // the held poll ends with a noop shortly (the client pauses polling), unless the upgrade completes first
                PendingPoll held = poll;
                server.schedule(() -> noopDuringUpgrade(held), 100);
            }
        } else if ("5".equals(text)) {
            synchronized (lock) {
                if (probe != channel || !upgrading || state != State.OPEN) {
                    return;
                }
                probe = null;
                upgrading = false;
                ws = channel;
                transport = WEBSOCKET;
                poll = pendingPoll;
                pendingPoll = null;
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

    /** Delivers queued messages over whichever transport is active. */
    void flush() {
        PendingPoll poll = null;
        String payload = null;
        boolean useWs;
        synchronized (lock) {
            useWs = WEBSOCKET.equals(transport);
            if (!useWs && pendingPoll != null && !queue.isEmpty() && !upgrading) {
                poll = pendingPoll;
                pendingPoll = null;
                payload = drainPayload();
            }
        }
        if (useWs) {
            pumpWebSocket();
        } else if (poll != null) {
            String toSend = payload;
            poll.complete(stripMarker(toSend), () -> afterDrain(toSend));
        }
    }

    /** Encodes everything queued as one polling payload; a trailing close marker becomes the close packet. */
    private String drainPayload() {
        StringBuilder out = new StringBuilder();
        boolean closing = false;
        Object item;
        while ((item = queue.poll()) != null) {
            if (item == CLOSE_MARKER) {
                closing = true;
                queue.clear();
                break;
            }
            if (out.length() > 0) {
                out.append(RECORD_SEPARATOR);
            }
            if (item instanceof String control) {
                out.append(control);
            } else {
                OutboundMessage message = (OutboundMessage) item;
                boolean first = true;
                if (message.hasText()) {
                    out.append(message.textFrame());
                    first = false;
                }
                for (int i = 0; i < message.binaryCount(); i++) {
                    if (!first) {
                        out.append(RECORD_SEPARATOR);
                    }
                    out.append('b').append(message.base64Frame(i));
                    first = false;
                }
            }
        }
        if (closing) {
            if (out.length() > 0) {
                out.append(RECORD_SEPARATOR);
            }
            out.append('1');
            out.append(CLOSE_MARKER_SUFFIX);
        }
        return out.toString();
    }

    /** Internal suffix that marks a payload ending the session; stripped before writing. */
    private static final char CLOSE_MARKER_SUFFIX = '\u0000';

    private static String stripMarker(String payload) {
        return !payload.isEmpty() && payload.charAt(payload.length() - 1) == CLOSE_MARKER_SUFFIX
                ? payload.substring(0, payload.length() - 1) : payload;
    }

    private void afterDrain(String payload) {
        if (!payload.isEmpty() && payload.charAt(payload.length() - 1) == CLOSE_MARKER_SUFFIX) {
            terminate(CloseReason.FORCED_CLOSE);
        }
    }

    private boolean evictOneDroppable() {
        Iterator<Object> it = queue.iterator();
        while (it.hasNext()) {
            Object item = it.next();
            if (item instanceof OutboundMessage m && m.isDroppable()) {
                it.remove();
                LOG.debug("Outbound queue full: dropped an older droppable message");
                return true;
            }
        }
        return false;
    }

    /**
     * Sends what is queued, one write at a time (a container allows one outstanding asynchronous send per socket):
     * with a {@link RawFrameWriter}, everything queued goes out in one write of frames encoded once per message;
     * otherwise one frame per send.
     */
    private void pumpWebSocket() {
        while (true) {
            WsChannel channel;
            Object frame;
            synchronized (lock) {
                if (wsWriting || ws == null || !WEBSOCKET.equals(transport)) {
                    return;
                }
                channel = ws;
                if (channel.writesFrames() && wsCurrent == null && queue.peek() != CLOSE_MARKER) {
                    frame = gatherFrames();
                } else {
                    frame = nextFrame();
                }
                if (frame == null) {
                    return;
                }
                if (frame == CLOSE_MARKER) {
                    ws = null;
                    queue.clear();
                } else {
                    wsWriting = true;
                }
            }
            if (frame == CLOSE_MARKER) {
                channel.close();
                terminate(CloseReason.FORCED_CLOSE);
                return;
            }
            AtomicInteger handoff = new AtomicInteger();
            Consumer<Throwable> done = error -> {
                synchronized (lock) {
                    wsWriting = false;
                }
                if (error != null) {
                    LOG.debug("A WebSocket send failed", error);
                    terminate(CloseReason.TRANSPORT_ERROR);
                    return;
                }
                if (!handoff.compareAndSet(0, 1)) {
                    pumpWebSocket();
                }
            };
            if (frame instanceof ByteBuffer frames) {
                channel.writeFrames(frames, done);
            } else {
                channel.send(frame, done);
            }
            if (handoff.compareAndSet(0, 2)) {
                return;
            }
        }
    }

    /**
     * Everything queued up to the close marker (or about {@value #MAX_GATHERED_BYTES} bytes) as WebSocket frames in
     * one buffer; null when nothing is queued. A lone message's frames are its own shared bytes, not a copy.
     */
    private ByteBuffer gatherFrames() {
        byte[] first = null;
        List<byte[]> more = null;
        int size = 0;
        while (!queue.isEmpty() && queue.peek() != CLOSE_MARKER && size < MAX_GATHERED_BYTES) {
            Object item = queue.poll();
            byte[] frames = item instanceof String control ? WsFrames.text(control)
                    : ((OutboundMessage) item).webSocketFrames();
            if (first == null) {
                first = frames;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                }
                more.add(frames);
            }
            size += frames.length;
        }
        if (first == null) {
            return null;
        }
        if (more == null) {
            return ByteBuffer.wrap(first);
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        all.put(first);
        more.forEach(all::put);
        return all.flip();
    }

    /** The next WebSocket frame: a String (text) or byte[] (binary), CLOSE_MARKER, or null when idle. */
    private Object nextFrame() {
        if (wsCurrent == null) {
            Object item = queue.poll();
            if (item == null || item == CLOSE_MARKER || item instanceof String) {
                return item;
            }
            wsCurrent = item;
            wsFrameIndex = 0;
        }
        OutboundMessage message = (OutboundMessage) wsCurrent;
        int index = wsFrameIndex++;
        if (wsFrameIndex >= message.frameCount()) {
            wsCurrent = null;
        }
        if (message.hasText()) {
            return index == 0 ? message.textFrame() : message.binaryFrame(index - 1);
        }
        return message.binaryFrame(index);
    }

    /** For tests: whether a GET is being held. */
    boolean hasPendingPoll() {
        synchronized (lock) {
            return pendingPoll != null;
        }
    }

    /** For tests: whether a POST is being read. */
    boolean hasActivePost() {
        synchronized (lock) {
            return postActive;
        }
    }

    @Override
    public int queuedMessages() {
        synchronized (lock) {
            return queue.size();
        }
    }
}
