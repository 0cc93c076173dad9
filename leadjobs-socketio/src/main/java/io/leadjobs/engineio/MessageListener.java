package io.leadjobs.engineio;

/** Receives the application messages of one Engine.IO connection, in order, on a container thread. */
public interface MessageListener {

    default void onText(EngineIoSocket socket, String text) {
    }

    default void onBinary(EngineIoSocket socket, byte[] data) {
    }
}
