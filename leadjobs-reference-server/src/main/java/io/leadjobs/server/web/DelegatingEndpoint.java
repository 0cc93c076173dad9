package io.leadjobs.server.web;

import io.leadjobs.engineio.RawFrameWriter;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A public endpoint class in front of every programmatic {@link Endpoint} the host deploys (such as the Engine.IO
 * transport). Each instance forwards to the endpoint instance the original configurator made, and gives it the
 * connection's {@link RawFrameWriter}, so that the Engine.IO transport can write frames encoded once for many
 * connections, and the client's address as the session's user property {@value #REMOTE_ADDRESS} (an
 * {@link InetSocketAddress}), the name Tomcat and Jetty give it, so that per-address limits see each client's own
 * address. It also lets Tyrus reach a package-private endpoint class, whose {@code onOpen}, {@code onClose} and
 * {@code onError} it would otherwise call reflectively and fail with {@link IllegalAccessException}.
 */
public final class DelegatingEndpoint extends Endpoint {

    /** The session user property that holds the peer's {@link InetSocketAddress}. */
    static final String REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    /** The peer of the connection whose endpoint is being opened on this thread (set by the upgrade filter). */
    static final ThreadLocal<InetSocketAddress> PEER = new ThreadLocal<>();

    private final Endpoint delegate;

    DelegatingEndpoint(Endpoint delegate) {
        this.delegate = delegate;
    }

    /**
     * A forwarding config for a programmatic endpoint, public or not (the Engine.IO transport is public for Jetty's
     * sake, and still needs the frame writer and the peer's address); the config itself for any other endpoint.
     */
    static ServerEndpointConfig accessible(ServerEndpointConfig config) {
        Class<?> type = config.getEndpointClass();
        if (!Endpoint.class.isAssignableFrom(type)) {
            return config;
        }
        ServerEndpointConfig.Configurator original = config.getConfigurator();
        ServerEndpointConfig forwarding = ServerEndpointConfig.Builder.create(DelegatingEndpoint.class, config.getPath())
                .subprotocols(config.getSubprotocols())
                .extensions(config.getExtensions())
                .encoders(config.getEncoders())
                .decoders(config.getDecoders())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                        return original.getNegotiatedSubprotocol(supported, requested);
                    }

                    @Override
                    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
                        return original.getNegotiatedExtensions(installed, requested);
                    }

                    @Override
                    public boolean checkOrigin(String originHeaderValue) {
                        return original.checkOrigin(originHeaderValue);
                    }

                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                        original.modifyHandshake(sec, request, response);
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
                        Endpoint endpoint = (Endpoint) original.getEndpointInstance(type);
                        return (T) new DelegatingEndpoint(endpoint);
                    }
                })
                .build();
        forwarding.getUserProperties().putAll(config.getUserProperties());
        return forwarding;
    }

    /** Hands the connection's frame writer (when the upgrade filter opened it) to the endpoint, then opens it. */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        GrizzlyFrameWriter writer = GrizzlyFrameWriter.OPENING.get();
        if (writer != null) {
            session.getUserProperties().put(RawFrameWriter.SESSION_PROPERTY, writer);
        }
        InetSocketAddress peer = PEER.get();
        if (peer != null) {
            session.getUserProperties().put(REMOTE_ADDRESS, peer);
        }
        delegate.onOpen(session, config);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        delegate.onClose(session, closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        delegate.onError(session, thr);
    }
}
