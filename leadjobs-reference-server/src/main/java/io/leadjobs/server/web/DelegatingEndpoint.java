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

import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A public endpoint class in front of a library's package-private {@link Endpoint} (such as the Engine.IO
 * transport): Tyrus calls an endpoint's {@code onOpen}, {@code onClose} and {@code onError} reflectively, which
 * fails with {@link IllegalAccessException} on a class outside its reach. Each instance forwards to the endpoint
 * instance the original configurator made. It also gives the endpoint the connection's {@link RawFrameWriter},
 * so that the Engine.IO transport can write frames encoded once for many connections, and the client's address
 * as the session's user property {@value #REMOTE_ADDRESS} (an {@link InetSocketAddress}), the name Tomcat gives it,
 * so that per-address limits see each client's own address.
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

    /** The config itself when its endpoint class is public or not a programmatic endpoint; else a forwarding config. */
    static ServerEndpointConfig accessible(ServerEndpointConfig config) {
        Class<?> type = config.getEndpointClass();
        if (!Endpoint.class.isAssignableFrom(type) || Modifier.isPublic(type.getModifiers())) {
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
