package io.leadjobs.socketio;

/**
 * Decides whether a socket may join a namespace, before {@code onConnection} runs: authentication,
 * authorization. It sees {@link SocketIoSocket#handshake()} (headers, remote address, query, auth payload)
 * and may store what it learned in {@link SocketIoSocket#attributes()}. It runs on the thread that
 * received the CONNECT packet and should be quick; use {@link AsyncConnectionMiddleware} for I/O.
 *
 * <p>A refusal is sent as CONNECT_ERROR {@code {"message": ...}}. An exception counts as a refusal
 * with the message {@code "Internal server error"} (the exception is logged, never sent).
 */
@FunctionalInterface
public interface ConnectionMiddleware {

    Admission admit(SocketIoSocket socket);
}
