package io.leadjobs.socketio;

import io.leadjobs.engineio.CloseReason;

/** Why a socket left its namespace; {@link #text()} is the reason string of the reference implementation. */
public enum DisconnectReason {
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    TRANSPORT_CLOSE("transport close"),
    TRANSPORT_ERROR("transport error"),
    PING_TIMEOUT("ping timeout"),
    PARSE_ERROR("parse error"),
    FORCED_CLOSE("forced close"),
    OUTBOUND_OVERFLOW("outbound queue overflow"),
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String text;

    DisconnectReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

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
