package io.leadjobs.socketio;

/** Something events can be emitted to: a socket, a room, a namespace. Never blocks. */
public interface Emitter {

    /**
     * Emits an event. Arguments are converted to JSON with the server's ObjectMapper (records, maps, lists,
     * strings, numbers, Jackson nodes); {@code byte[]} become binary attachments.
     */
    void emit(String event, Object... args);
}
