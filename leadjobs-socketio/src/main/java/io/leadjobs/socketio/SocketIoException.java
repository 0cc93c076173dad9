package io.leadjobs.socketio;

/** The one unchecked exception of the Socket.IO layer. */
public class SocketIoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SocketIoException(String message) {
        super(message);
    }

    SocketIoException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A builder setting or argument was given a value it cannot take. */
    public static SocketIoException invalidArgument(String message) {
        return new SocketIoException(message);
    }

    /** The client sent a packet that breaks the Socket.IO protocol; the message says what and where. */
    public static SocketIoException malformedPacket(String message) {
        return new SocketIoException(message);
    }

    /** No acknowledgement arrived in time. */
    public static SocketIoException ackTimeout(String event, long millis) {
        return new SocketIoException("no acknowledgement for event '" + event + "' within " + millis + " ms");
    }

    /** The socket disconnected before the acknowledgement arrived. */
    public static SocketIoException disconnected(String event) {
        return new SocketIoException("the socket disconnected before acknowledging event '" + event + "'");
    }

    /** An argument could not be converted to JSON. */
    public static SocketIoException notSerializable(Throwable cause) {
        return new SocketIoException("an argument could not be converted to JSON: " + cause.getMessage(), cause);
    }
}
