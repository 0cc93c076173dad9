package io.leadjobs.socketio;

import io.leadjobs.engineio.CloseReason;

/**
 * Why a socket left its namespace; {@link #text()} is the reason string of the reference implementation.
 * Besides the two namespace reasons, a socket leaves because its Engine.IO connection ended: those reasons
 * are the connection's {@link CloseReason}s, with the same text.
 */
public enum DisconnectReason {
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    TRANSPORT_CLOSE(CloseReason.TRANSPORT_CLOSE),
    TRANSPORT_ERROR(CloseReason.TRANSPORT_ERROR),
    PING_TIMEOUT(CloseReason.PING_TIMEOUT),
    PARSE_ERROR(CloseReason.PARSE_ERROR),
    FORCED_CLOSE(CloseReason.FORCED_CLOSE),
    OUTBOUND_OVERFLOW(CloseReason.OUTBOUND_OVERFLOW),
    SERVER_SHUTTING_DOWN(CloseReason.SERVER_SHUTTING_DOWN);

    private final String text;

    DisconnectReason(String text) {
        this.text = text;
    }

    DisconnectReason(CloseReason connectionEnded) {
        this(connectionEnded.text());
    }

    /** The reason as the Socket.IO reference implementation spells it, e.g. {@code "client namespace disconnect"}. */
    public String text() {
        return text;
    }

    /** The reason a socket leaves when its connection ended for {@code reason}. */
    static DisconnectReason of(CloseReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> TRANSPORT_ERROR;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case PARSE_ERROR -> PARSE_ERROR;
            case FORCED_CLOSE -> FORCED_CLOSE;
            case OUTBOUND_OVERFLOW -> OUTBOUND_OVERFLOW;
            case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
        };
    }
}
