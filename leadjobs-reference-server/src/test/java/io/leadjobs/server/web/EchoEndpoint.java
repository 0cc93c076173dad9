package io.leadjobs.server.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Echoes text and binary messages; the text {@code "close"} makes it close the session with 4000, and
 * {@code "origin"} makes it answer with the Origin its configurator saw.
 */
public final class EchoEndpoint extends Endpoint {

    static final List<CloseReason> CLOSES = new CopyOnWriteArrayList<>();
    static final List<Throwable> ERRORS = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                switch (text) {
                    case "close" -> session.close(new CloseReason(() -> 4000, "asked to close"));
                    case "origin" -> session.getBasicRemote().sendText(
                            "origin=" + session.getUserProperties().get("origin"));
                    default -> session.getBasicRemote().sendText(text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
            try {
                session.getBasicRemote().sendBinary(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void onError(Session session, Throwable error) {
        ERRORS.add(error);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        CLOSES.add(closeReason);
    }
}
