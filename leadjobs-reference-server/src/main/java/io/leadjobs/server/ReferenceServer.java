package io.leadjobs.server;

import io.leadjobs.server.web.WebHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference server's wiring, all in one place: what is served on the one port, built from the settings.
 * Start it with {@link #start(ServerSettings)}; {@link #close()} stops accepting and closes everything; it is
 * idempotent.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);

    private final ServerSettings settings;
    private final WebHost host;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ReferenceServer(ServerSettings settings, WebHost host) {
        this.settings = settings;
        this.host = host;
    }

    /**
     * Binds the port and serves.
     *
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static ReferenceServer start(ServerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        WebHost host = WebHost.builder()
                .host(settings.host())
                .port(settings.port())
                .servlet("health", new HealthServlet(), "/health")
                .start();
        LOG.info("leadjobs reference server listening on http://{}:{} (storage: {}, dev mode: {})",
                settings.host(), host.port(), settings.storage(), settings.devMode());
        return new ReferenceServer(settings, host);
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return host.port();
    }

    /** The address the server is bound to. */
    public String host() {
        return host.host();
    }

    public ServerSettings settings() {
        return settings;
    }

    /** Waits until {@link #close()} has finished, at most {@code timeout}; true if it has. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops accepting connections, says goodbye to WebSocket clients and releases the port. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("leadjobs reference server stopping");
        try {
            host.close();
        } finally {
            stopped.countDown();
            LOG.info("leadjobs reference server stopped");
        }
    }
}
