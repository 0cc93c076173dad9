package io.leadjobs.server.web;

import jakarta.websocket.server.ServerEndpointConfig;

import java.time.Duration;
import java.util.List;

/** What a {@link WebHost.Builder} collected, frozen. */
record HostConfig(
        String host,
        int port,
        Duration idleTimeout,
        int workerThreads,
        boolean webSocketReadsOnSelectors,
        List<ServerEndpointConfig> endpoints,
        List<ServletMapping> servlets,
        List<FilterMapping> filters,
        List<jakarta.servlet.ServletContextListener> listeners,
        List<StaticMapping> statics) {
}
