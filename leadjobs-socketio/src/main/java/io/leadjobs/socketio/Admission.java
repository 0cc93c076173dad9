package io.leadjobs.socketio;

import java.util.Objects;
import java.util.Optional;

/** A connection middleware's answer: accept the socket, or refuse it with a CONNECT_ERROR {@code {message, data}}. */
public final class Admission {

    private static final Admission ACCEPTED = new Admission(null, null);

    private final String message;
    private final Object data;

    private Admission(String message, Object data) {
        this.message = message;
        this.data = data;
    }

    public static Admission accept() {
        return ACCEPTED;
    }

    /** Refuses with CONNECT_ERROR {@code {"message": message}}. */
    public static Admission refuse(String message) {
        return new Admission(requireMessage(message), null);
    }

    /** Refuses with CONNECT_ERROR {@code {"message": message, "data": data}}; data is converted to JSON. */
    public static Admission refuse(String message, Object data) {
        return new Admission(requireMessage(message), Objects.requireNonNull(data, "data"));
    }

    public boolean accepted() {
        return message == null;
    }

    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    public Optional<Object> data() {
        return Optional.ofNullable(data);
    }

    private static String requireMessage(String message) {
        if (message == null || message.isBlank()) {
            throw SocketIoException.invalidArgument("a refusal needs a message for the client");
        }
        return message;
    }
}
