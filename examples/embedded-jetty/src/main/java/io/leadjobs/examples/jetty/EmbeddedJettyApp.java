package io.leadjobs.examples.jetty;

import io.leadjobs.core.JobService;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What a host writes to serve leadjobs from embedded Jetty 12: a job service with the host's enrichers and the
 * default scoring model, and the Socket.IO server with the job-events gateway as one servlet in a Jetty EE 10 servlet
 * context that has Jakarta WebSocket support, all on one port. Both Engine.IO transports go through that servlet:
 * polling as plain requests, WebSocket as an upgrade that the servlet hands to Jetty's {@code ServerContainer}, so
 * the gateway sees each client's own address on both. {@link #close()} stops everything.
 */
public final class EmbeddedJettyApp implements AutoCloseable {

    /** Longer than a held poll lasts (the Engine.IO ping interval, 25 s), so Jetty never cuts one short. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final JobService jobs;
    private final JobEventsGateway gateway;
    private final SocketIoServer io;
    private final Server jetty;
    private final ServerConnector connector;

    private EmbeddedJettyApp(JobService jobs, JobEventsGateway gateway, SocketIoServer io, Server jetty,
                             ServerConnector connector) {
        this.jobs = jobs;
        this.gateway = gateway;
        this.io = io;
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Starts the job service and Jetty on {@code port} (0: any free port, see {@link #port()}).
     *
     * @param jwtSecret the HS256 secret that clients' tokens are signed with
     * @param enrichers what the jobs find out about each lead, in order ({@code Enrichers.defaults()}: the offline ones)
     * @throws io.leadjobs.core.LeadJobsException when the secret is shorter than 32 bytes (nothing is started)
     * @throws IllegalStateException when Jetty cannot start, for one because the port is taken (everything that
     *                               was started is stopped again)
     */
    public static EmbeddedJettyApp start(int port, String jwtSecret, List<? extends LeadEnricher> enrichers) {
        TokenVerifier tokens = TokenVerifier.jwt().hmacSecret(jwtSecret).build();   // refuses a short secret

        // 1. the job service: the host's enrichers, the default scoring model
        JobService jobs = JobService.builder().enrichers(enrichers).build();
        jobs.start();

        // 2. the job-events gateway on a Socket.IO server, clients authenticated with HS256 tokens
        JobEventsGateway gateway = JobEventsGateway.builder().jobService(jobs).tokenVerifier(tokens).build();
        SocketIoServer io = gateway.configure(SocketIoServer.builder()).build();
        gateway.attach(io.mainNamespace());

        // 3. Jetty: one connector, a servlet context with Jakarta WebSocket support, the servlet at /socket.io/*
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("leadjobs-jetty");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder socketIo = new ServletHolder("socketio", io.servlet());
        socketIo.setAsyncSupported(true);
        context.addServlet(socketIo, io.servletMapping());
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        jetty.setHandler(context);

        EmbeddedJettyApp started = new EmbeddedJettyApp(jobs, gateway, io, jetty, connector);
        try {
            jetty.start();
            return started;
        } catch (Exception e) {
            started.close();
            throw new IllegalStateException("Jetty could not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The port the connector is bound to: the one Jetty chose when {@link #start} was given 0. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Where the host's own code (an upload endpoint, a scheduled import ...) submits jobs and reads results. */
    public JobService jobs() {
        return jobs;
    }

    /** Stops the gateway, the Socket.IO server (disconnecting every client), Jetty and the job service. */
    @Override
    public void close() {
        gateway.close();
        io.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly: " + e.getMessage(), e);
        } finally {
            jobs.close();
        }
    }
}
