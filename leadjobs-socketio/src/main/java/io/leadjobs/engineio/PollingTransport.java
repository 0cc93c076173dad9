package io.leadjobs.engineio;

import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-polling transport of a session: holds at most one GET until something is queued, reads one POST at a
 * time, and encodes and decodes polling payloads (packets separated by 0x1e, binary ones as {@code b<base64>}).
 * Its state is guarded by the session's lock.
 */
final class PollingTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(PollingTransport.class);

    static final char RECORD_SEPARATOR = '\u001e';
    /** How long a poll that arrives during an upgrade is held before it gets a noop, unless the upgrade completes. */
    private static final long UPGRADE_NOOP_DELAY_MILLIS = 100;
    /** Internal suffix that marks a payload ending the session; stripped before writing. */
    private static final char CLOSE_MARKER_SUFFIX = '\u0000';
    private static final Runnable NOTHING = () -> { };

    /** The outcome of a polling GET, for the servlet to act on. */
    record PollOutcome(int status, String body) {
        static final PollOutcome HELD = new PollOutcome(0, "");

        boolean held() {
            return status == 0;
        }
    }

    private final EngineIoSession session;
    private final EngineIoServerImpl server;
    private final Object lock;
    private final OutboundQueue queue;

    // guarded by lock
    private PendingPoll pendingPoll;
    private boolean postActive;
    /** After a client's close packet crossed its next poll on the wire, that one poll gets a noop, not an error. */
    private boolean lingerForCrossedPoll;
    private ScheduledFuture<?> closeDeadline;

    PollingTransport(EngineIoSession session, EngineIoServerImpl server, Object lock, OutboundQueue queue) {
        this.session = session;
        this.server = server;
        this.lock = lock;
        this.queue = queue;
    }

    @Override
    public String name() {
        return POLLING;
    }

    @Override
    public boolean connected() {
        return true;
    }

    // ---------------------------------------------------------------- GET

    PollOutcome onPoll(PendingPoll poll) {
        String payload;
        boolean duplicate = false;
        synchronized (lock) {
            if (session.closedLocked()) {
                if (lingerForCrossedPoll) {
                    lingerForCrossedPoll = false;
                    server.remove(session);
                    return new PollOutcome(200, PacketType.NOOP.packet());
                }
                return new PollOutcome(400, "Session ID unknown");
            }
            if (!session.usesLocked(this)) {
                return new PollOutcome(400, "Bad request: the session uses WebSocket now");
            }
            if (pendingPoll != null) {
                duplicate = true;
                payload = null;
            } else if (session.upgradingLocked()) {
                // like the reference server: a poll during an upgrade gets a noop shortly, unless the upgrade completes
                pendingPoll = poll;
                noopSoon(poll);
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
            session.terminate(CloseReason.TRANSPORT_ERROR);
            return new PollOutcome(400, "Bad request: a poll is already pending for this session");
        }
        afterDrain(payload);
        return new PollOutcome(200, stripMarker(payload));
    }

    /** The poll held now, if any; the caller holds the lock. */
    PendingPoll heldPoll() {
        return pendingPoll;
    }

    /** Ends {@code poll} with a noop shortly (the client pauses polling during an upgrade), unless the upgrade completes. */
    void noopSoon(PendingPoll poll) {
        server.schedule(() -> noopDuringUpgrade(poll), UPGRADE_NOOP_DELAY_MILLIS);
    }

    private void noopDuringUpgrade(PendingPoll poll) {
        synchronized (lock) {
            if (pendingPoll != poll || !session.upgradingLocked()) {
                return;
            }
            pendingPoll = null;
        }
        poll.complete(PacketType.NOOP.packet(), NOTHING);
    }

    /** The held poll ended without an answer from us (container timeout or client gone). */
    void pollAbandoned(PendingPoll poll) {
        synchronized (lock) {
            if (pendingPoll == poll) {
                pendingPoll = null;
            }
        }
    }

    /** Takes the held poll away (the session moved to WebSocket); the caller holds the lock. */
    PendingPoll takeHeldPoll() {
        PendingPoll poll = pendingPoll;
        pendingPoll = null;
        return poll;
    }

    @Override
    public void flush() {
        PendingPoll poll;
        String payload;
        synchronized (lock) {
            if (pendingPoll == null || queue.isEmpty() || session.upgradingLocked()) {
                return;
            }
            poll = pendingPoll;
            pendingPoll = null;
            payload = drainPayload();
        }
        poll.complete(stripMarker(payload), () -> afterDrain(payload));
    }

    // ---------------------------------------------------------------- POST

    /** Marks a POST as in progress; false (and the session closed) when one already is. */
    boolean beginPost() {
        synchronized (lock) {
            if (!acceptsPost()) {
                return false;
            }
            if (!postActive) {
                postActive = true;
                return true;
            }
        }
        LOG.info("Closing a polling client that sent a second concurrent POST");
        session.terminate(CloseReason.TRANSPORT_ERROR);
        return false;
    }

    boolean acceptsPost() {
        synchronized (lock) {
            return !session.closedLocked() && (session.usesLocked(this) || session.upgradingLocked());
        }
    }

    void endPost() {
        synchronized (lock) {
            postActive = false;
        }
    }

    /** Decodes a POST body and hands each packet to the session; false when it was malformed (the session is closed). */
    boolean onPayload(String body) {
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(RECORD_SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            String packet = body.substring(start, end);
            if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    return session.parseError("a binary packet that is not valid base64");
                }
                session.deliverBinary(data);
            } else if (!session.onPacket(packet)) {
                return false;
            }
            if (!session.isOpen()) {
                return true;
            }
            start = end + 1;
        }
        return true;
    }

    // ---------------------------------------------------------------- close

    /** The client sent a close packet; the caller holds the lock. Its crossing poll, if none is held, gets a noop. */
    void clientClosed(boolean pollingOpen) {
        lingerForCrossedPoll = pollingOpen && pendingPoll == null;
    }

    /** The session is closing: if no poll is held, give the client's next one a heartbeat to collect the rest. */
    void closing() {
        if (pendingPoll == null) {
            closeDeadline = server.schedule(() -> session.terminate(CloseReason.FORCED_CLOSE),
                    server.options().pingIntervalMillis() + server.options().pingTimeoutMillis());
        }
    }

    /** Whether the session, now closed, stays findable for the poll that crossed the client's close packet. */
    boolean lingers() {
        return lingerForCrossedPoll;
    }

    void endLinger() {
        synchronized (lock) {
            lingerForCrossedPoll = false;
        }
        server.remove(session);
    }

    @Override
    public Runnable detach(CloseReason reason) {
        if (closeDeadline != null) {
            closeDeadline.cancel(false);
            closeDeadline = null;
        }
        PendingPoll poll = takeHeldPoll();
        if (poll == null) {
            return NOTHING;
        }
        String packet = (reason == CloseReason.TRANSPORT_CLOSE ? PacketType.NOOP : PacketType.CLOSE).packet();
        return () -> poll.complete(packet, NOTHING);
    }

    // ---------------------------------------------------------------- payload

    /** Encodes everything queued as one payload; a trailing close marker becomes the close packet. */
    private String drainPayload() {
        StringBuilder out = new StringBuilder();
        boolean closing = false;
        Object item;
        while ((item = queue.poll()) != null) {
            if (item == OutboundQueue.CLOSE) {
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
                appendMessage(out, (OutboundMessage) item);
            }
        }
        if (closing) {
            if (out.length() > 0) {
                out.append(RECORD_SEPARATOR);
            }
            out.append(PacketType.CLOSE.code());
            out.append(CLOSE_MARKER_SUFFIX);
        }
        return out.toString();
    }

    private static void appendMessage(StringBuilder out, OutboundMessage message) {
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

    private static String stripMarker(String payload) {
        return endsSession(payload) ? payload.substring(0, payload.length() - 1) : payload;
    }

    private static boolean endsSession(String payload) {
        return !payload.isEmpty() && payload.charAt(payload.length() - 1) == CLOSE_MARKER_SUFFIX;
    }

    private void afterDrain(String payload) {
        if (endsSession(payload)) {
            session.terminate(CloseReason.FORCED_CLOSE);
        }
    }

    /** Whether a GET is being held. */
    boolean hasPendingPoll() {
        synchronized (lock) {
            return pendingPoll != null;
        }
    }

    /** Whether a POST is being read. */
    boolean hasActivePost() {
        synchronized (lock) {
            return postActive;
        }
    }
}
