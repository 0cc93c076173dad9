package io.leadjobs.server.web;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.util.Map;
import java.util.Set;

/**
 * The Jakarta {@code ServerContainer} of a {@link WebHost}: Tyrus's container base with our own engine; the
 * network side is the host's Grizzly listener, reached through {@link WebSocketUpgradeFilter}.
 */
final class HostServerContainer extends TyrusServerContainer {

    /** Endpoints are registered at the root: an endpoint's path is the whole request path. */
    private static final String CONTEXT_PATH = "";

    private final TyrusWebSocketEngine engine;

    HostServerContainer() {
        super(Set.<Class<?>>of());
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, CONTEXT_PATH);
    }

    /** No container-wide properties: the engine is configured through its builder (abstract since Tyrus 2.2.2). */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
