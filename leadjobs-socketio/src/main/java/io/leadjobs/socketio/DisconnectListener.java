package io.leadjobs.socketio;

/** Runs once when a socket leaves its namespace, whatever the cause. */
@FunctionalInterface
public interface DisconnectListener {

    void onDisconnect(SocketIoSocket socket, DisconnectReason reason);
}
