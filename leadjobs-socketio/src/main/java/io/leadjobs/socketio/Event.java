package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event received from a client.
 *
 * @param name the event name
 * @param args its arguments as JSON; binary attachments appear as binary nodes ({@code node.binaryValue()})
 * @param ack  present when the client asked for an acknowledgement
 */
public record Event(String name, List<JsonNode> args, Optional<Acknowledgement> ack) {

    public Event {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(ack, "ack");
    }

    /** The argument at {@code index}, if there is one. */
    public Optional<JsonNode> arg(int index) {
        return index >= 0 && index < args.size() ? Optional.of(args.get(index)) : Optional.empty();
    }

    /** Answers the client's callback if it passed one; does nothing otherwise. */
    public void acknowledge(Object... values) {
        ack.ifPresent(a -> a.send(values));
    }
}
