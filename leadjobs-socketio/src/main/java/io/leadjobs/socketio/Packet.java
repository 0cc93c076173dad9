package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A decoded Socket.IO packet.
 *
 * @param type        one of the type constants
 * @param namespace   {@code "/"} or the namespace named in the packet
 * @param id          the acknowledgement id, or {@link #NO_ID}
 * @param data        the JSON payload, if any (placeholders still in place while attachments are pending)
 * @param attachments binary attachments that follow (binary packet types only)
 */
record Packet(int type, String namespace, long id, Optional<JsonNode> data, int attachments) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;
    static final long NO_ID = -1;

    boolean hasId() {
        return id != NO_ID;
    }

    Packet withData(JsonNode newData) {
        return new Packet(type, namespace, id, Optional.of(newData), 0);
    }
}
