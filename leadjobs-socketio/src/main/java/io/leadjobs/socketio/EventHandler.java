package io.leadjobs.socketio;

/** Handles one named event from a client, on the thread that received it. */
@FunctionalInterface
public interface EventHandler {

    void handle(SocketIoSocket socket, Event event);
}
