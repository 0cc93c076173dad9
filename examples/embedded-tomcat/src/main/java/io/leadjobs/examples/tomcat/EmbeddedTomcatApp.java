package io.leadjobs.examples.tomcat;

import static io.leadjobs.examples.tomcat.ExistingCustomerEnricher.EXISTING_CUSTOMER;

import io.leadjobs.core.JobService;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.score.ScoringRule;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * What a host writes to embed leadjobs in embedded Tomcat 11: a job service with the default offline
 * enrichers plus its own, the default scoring model plus its own rule, and the Socket.IO server with the
 * job-events gateway mounted in Tomcat, all on one port. {@link #close()} stops everything.
 */
public final class EmbeddedTomcatApp implements AutoCloseable {

    /** The host's own rule: existing-customer accounts are worth more to sales. */
    public static final ScoringRule EXISTING_CUSTOMER_RULE =
            ScoringRule.whenSignal("existing_customer", 15, EXISTING_CUSTOMER, "Account is an existing customer");

    private final JobService jobs;
    private final JobEventsGateway gateway;
    private final SocketIoServer io;
    private final Tomcat tomcat;

    private EmbeddedTomcatApp(JobService jobs, JobEventsGateway gateway, SocketIoServer io, Tomcat tomcat) {
        this.jobs = jobs;
        this.gateway = gateway;
        this.io = io;
        this.tomcat = tomcat;
    }

    /**
     * Starts the job service and Tomcat on {@code port} (0: any free port, see {@link #port()}).
     *
     * @param jwtSecret the HS256 secret that clients' tokens are signed with
     * @param customers the host's existing customers, for its enricher
     */
    public static EmbeddedTomcatApp start(int port, String jwtSecret, CustomerDirectory customers) {
        // 1. the job service: default enrichers + ours, default model + our rule
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(new ExistingCustomerEnricher(customers));
        JobService jobs = JobService.builder()
                .enrichers(enrichers)
                .scorer(RuleBasedScorer.builder().addRule(EXISTING_CUSTOMER_RULE).build())
                .build();
        jobs.start();

        // 2. the job-events gateway on a Socket.IO server, clients authenticated with HS256 tokens
        JobEventsGateway gateway = JobEventsGateway.builder()
                .jobService(jobs)
                .tokenVerifier(TokenVerifier.jwt().hmacSecret(jwtSecret).build())
                .build();
        SocketIoServer io = gateway.configure(SocketIoServer.builder()).build();
        gateway.attach(io.mainNamespace());

        // 3. mounted in embedded Tomcat: WebSocket support plus the one servlet at /socket.io/*
        Tomcat tomcat = new Tomcat();
        String baseDir = tempDir().toString();
        tomcat.setBaseDir(baseDir);
        tomcat.setPort(port);
        Context context = tomcat.addContext("", baseDir);
        context.addServletContainerInitializer(new WsSci(), null);
        Tomcat.addServlet(context, "socketio", io.servlet()).setAsyncSupported(true);
        context.addServletMappingDecoded(io.servletMapping(), "socketio");
        EmbeddedTomcatApp app = new EmbeddedTomcatApp(jobs, gateway, io, tomcat);
        try {
            tomcat.getConnector();      // creates the default HTTP connector on the port
            tomcat.start();
        } catch (LifecycleException e) {
            app.close();
            throw new IllegalStateException("Tomcat could not start on port " + port + ": " + e.getMessage(), e);
        }
        return app;
    }

    /** The port Tomcat listens on (the real one when started on port 0). */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The job service, for the host's own code (a REST endpoint, a file watcher ...) to submit jobs. */
    public JobService jobs() {
        return jobs;
    }

    /** Stops the gateway, the Socket.IO server (disconnecting every client), Tomcat and the job service. */
    @Override
    public void close() {
        gateway.close();
        io.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly: " + e.getMessage(), e);
        } finally {
            jobs.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("leadjobs-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create Tomcat's base directory", e);
        }
    }
}
