package io.leadjobs.engineio;

/** Why an Engine.IO connection ended; {@link #text()} is the reason string the reference implementation uses. */
public enum CloseReason {
    /** The client closed the transport or sent a close packet. */
    TRANSPORT_CLOSE("transport close"),
    /** The transport failed (write error, bad frame, payload too large, second concurrent poll). */
    TRANSPORT_ERROR("transport error"),
    /** No pong arrived within pingTimeout after a ping. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent a packet that could not be parsed. */
    PARSE_ERROR("parse error"),
    /** The server application closed the connection. */
    FORCED_CLOSE("forced close"),
    /** A non-droppable message did not fit into the bounded outbound queue. */
    OUTBOUND_OVERFLOW("outbound queue overflow"),
    /** The server is shutting down. */
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String text;

    CloseReason(String text) {
        this.text = text;
    }

    /** The reason as the Socket.IO reference implementation spells it, e.g. {@code "ping timeout"}. */
    public String text() {
        return text;
    }
}
