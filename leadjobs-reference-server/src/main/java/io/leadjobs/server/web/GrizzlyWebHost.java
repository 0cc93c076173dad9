package io.leadjobs.server.web;

import jakarta.servlet.DispatcherType;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.StaticHttpHandler;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.servlet.FilterRegistration;
import org.glassfish.grizzly.servlet.ServletRegistration;
import org.glassfish.grizzly.servlet.WebappContext;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link WebHost} on one Grizzly {@link HttpServer}: servlets through a {@link WebappContext}, WebSockets through Tyrus. */
final class GrizzlyWebHost implements WebHost {

    private static final Logger LOG = LoggerFactory.getLogger(GrizzlyWebHost.class);
    private static final String LISTENER = "leadjobs-http";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);
    private static final int MAX_PENDING_WRITE_BYTES = 16 * 1024 * 1024;

    private final HttpServer server;
    private final NetworkListener listener;
    private final HostServerContainer container;
    private final WebSocketUpgradeFilter upgradeFilter;
    /** The servlet context, when there are servlets, filters or listeners. */
    private final WebappContext webapp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GrizzlyWebHost(HttpServer server, NetworkListener listener, HostServerContainer container,
                           WebSocketUpgradeFilter upgradeFilter, WebappContext webapp) {
        this.server = server;
        this.listener = listener;
        this.container = container;
        this.upgradeFilter = upgradeFilter;
        this.webapp = webapp;
    }

    static WebHost start(HostConfig config) {
        HostServerContainer container = new HostServerContainer();
        try {
            for (var endpoint : config.endpoints()) {
                container.addEndpoint(DelegatingEndpoint.accessible(endpoint));
            }
            container.start("", config.port());
            container.doneDeployment();
        } catch (DeploymentException | IOException e) {
            container.stop();
            throw new IllegalStateException("WebSocket endpoints could not be deployed: " + e.getMessage(), e);
        }
        WebSocketUpgradeFilter upgradeFilter = new WebSocketUpgradeFilter(container.getWebSocketEngine());

        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener(LISTENER, config.host(), config.port());
        listener.getKeepAlive().setIdleTimeoutInSeconds((int) config.idleTimeout().toSeconds());
        listener.setTransactionTimeout(-1);
        TCPNIOTransport transport = listener.getTransport();
        // WebSocket callbacks run in the filter chain and may block (a Basic send): on a selector thread only when
        // the host was told that they never do
        transport.setIOStrategy(config.webSocketReadsOnSelectors() ? new UpgradedReadsIOStrategy()
                : WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy()
                .setPoolName("leadjobs-http-worker")
                .setCorePoolSize(config.workerThreads())
                .setMaxPoolSize(config.workerThreads()));
        int selectors = transport.getSelectorRunnersCount();
        transport.setKernelThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy()
                .setPoolName("leadjobs-http-selector")
                .setCorePoolSize(selectors)
                .setMaxPoolSize(selectors));
        // HEAD on static files is a GET whose body the HTTP codec leaves out (HeadAsGetHandler): a zero-copy file
        // transfer would go around the codec and send the file anyway
        listener.setSendFileEnabled(false);
        // Grizzly's file cache answers a repeated GET of a static file below the filters this host adds, so without
        // the security headers, and keeps the connection open when the request asked to close it
        listener.getFileCache().setEnabled(false);
        // a WebSocket message is written whole: let one connection queue up to this many bytes before refusing
        transport.getAsyncQueueIO().getWriter().setMaxPendingBytesPerConnection(MAX_PENDING_WRITE_BYTES);
        listener.registerAddOn(new UpgradeAddOn(upgradeFilter));
        server.addListener(listener);

        for (StaticMapping mapping : config.statics()) {
            server.getServerConfiguration().addHttpHandler(staticHandler(mapping), HttpHandlerRegistration.builder()
                    .contextPath(mapping.urlPrefix().equals("/") ? "" : mapping.urlPrefix())
                    .urlPattern("/")
                    .build());
        }

        WebappContext webapp = new WebappContext("leadjobs", "");
        webapp.setAttribute(ServerContainer.class.getName(), container);
        // first in every servlet's chain: a client that hangs up costs one DEBUG line, not an ERROR stack trace
        FilterRegistration disconnects = webapp.addFilter("client-disconnects", new ClientDisconnectFilter());
        disconnects.setAsyncSupported(true);
        disconnects.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        for (ServletMapping mapping : config.servlets()) {
            ServletRegistration registration = webapp.addServlet(mapping.name(), mapping.servlet());
            registration.setAsyncSupported(true);
            registration.setLoadOnStartup(1);
            registration.addMapping(mapping.urlPatterns().toArray(String[]::new));
        }
        for (FilterMapping mapping : config.filters()) {
            FilterRegistration registration = webapp.addFilter(mapping.name(), mapping.filter());
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true,
                    mapping.urlPatterns().toArray(String[]::new));
        }
        config.listeners().forEach(webapp::addListener);
        boolean servletsDeployed = !config.servlets().isEmpty() || !config.filters().isEmpty()
                || !config.listeners().isEmpty();
        GrizzlyWebHost host = new GrizzlyWebHost(server, listener, container, upgradeFilter,
                servletsDeployed ? webapp : null);
        try {
            server.start();
            if (servletsDeployed) {
                webapp.deploy(server);
            }
        } catch (IOException | RuntimeException e) {
            host.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Could not listen on " + config.host() + ":" + config.port()
                        + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        LOG.info("Listening on http://{}:{} ({} WebSocket endpoint(s), {} servlet(s))",
                config.host(), host.port(), config.endpoints().size(), config.servlets().size());
        return host;
    }

    /** Grizzly's handler for the mapping's files, which serves GET alone, made to answer HEAD as well. */
    private static HttpHandler staticHandler(StaticMapping mapping) {
        return new HeadAsGetHandler(switch (mapping.source()) {
            case CLASSPATH -> new CLStaticHttpHandler(GrizzlyWebHost.class.getClassLoader(), mapping.location());
            case DIRECTORY -> new StaticHttpHandler(mapping.location());
        });
    }

    @Override
    public int port() {
        return listener.getPort();
    }

    @Override
    public String host() {
        return listener.getHost();
    }

    /** The listener's transport, whose connections tests look into. */
    TCPNIOTransport transport() {
        return listener.getTransport();
    }

    /** The number of open WebSocket connections; for tests and health. */
    int openWebSockets() {
        return upgradeFilter.openConnections();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Closing the HTTP host on port {}", port());
        upgradeFilter.closeAll(CLOSE_GRACE);
        if (webapp != null) {
            try {
                webapp.undeploy();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the servlets failed", e);
            }
        }
        server.shutdownNow();
        container.stop();
    }

    /**
     * Puts the upgrade filter right before Grizzly's HTTP server filter, after the HTTP codec, and its filter for
     * upgraded connections' bytes right before the codec; swaps the codec for one that ignores upgrades to anything
     * but WebSocket.
     */
    private static final class UpgradeAddOn implements AddOn {
        private final WebSocketUpgradeFilter filter;

        UpgradeAddOn(WebSocketUpgradeFilter filter) {
            this.filter = filter;
        }

        @Override
        public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
            int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            int server = builder.indexOfType(HttpServerFilter.class);
            if (codec < 0 || server < 0) {
                throw new IllegalStateException("Grizzly's filter chain lacks the HTTP codec or server filter");
            }
            builder.set(codec, new WebSocketOnlyUpgradeCodec(networkListener));
            builder.add(server, filter);
            builder.add(server, new HttpHygieneFilter());
            builder.add(codec, filter.upgradedBytesFilter());
        }
    }
}
