package io.leadjobs.engineio;

/**
 * The one unchecked exception of the Engine.IO layer: bad configuration, or a protocol violation by a peer.
 */
public class EngineIoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EngineIoException(String message) {
        super(message);
    }

    EngineIoException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A builder setting was given a value it cannot take. */
    public static EngineIoException invalidSetting(String message) {
        return new EngineIoException(message);
    }

    /** A peer sent something the protocol does not allow; the message says what and where. */
    public static EngineIoException protocolViolation(String message) {
        return new EngineIoException(message);
    }

    /** The server was used after {@code close()}. */
    public static EngineIoException closed() {
        return new EngineIoException("the Engine.IO server is closed");
    }
}
