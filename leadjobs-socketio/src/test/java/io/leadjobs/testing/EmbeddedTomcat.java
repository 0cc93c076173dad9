package io.leadjobs.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 on an ephemeral localhost port, hosting a servlet (and optionally a WebSocket endpoint). */
public final class EmbeddedTomcat implements AutoCloseable {

    /** Tomcat logs through java.util.logging; keep its startup chatter out of the test output. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final Tomcat tomcat;
    private final Path base;
    private final int port;

    private EmbeddedTomcat(Tomcat tomcat, Path base, int port) {
        this.tomcat = tomcat;
        this.base = base;
        this.port = port;
    }

    /** Hosts the servlet (async supported) at the mapping; WebSocket upgrades go through the servlet. */
    public static EmbeddedTomcat start(HttpServlet servlet, String mapping) {
        return start(servlet, mapping, Optional.empty());
    }

    /** As {@link #start(HttpServlet, String)}, with an endpoint also registered directly in the ServerContainer. */
    public static EmbeddedTomcat start(HttpServlet servlet, String mapping, Optional<ServerEndpointConfig> endpoint) {
        return start(servlet, mapping, endpoint, 0);
    }

    /** Hosts the servlet on a given port (0 for an ephemeral one), e.g. to restart a server where it was. */
    public static EmbeddedTomcat start(HttpServlet servlet, String mapping, Optional<ServerEndpointConfig> endpoint,
            int port) {
        try {
            Path base = Files.createTempDirectory("leadjobs-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setHostname("localhost");
            tomcat.setPort(port);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", base.toString());
            context.addServletContainerInitializer(new WsSci(), null);
            Tomcat.addServlet(context, "leadjobs", servlet).setAsyncSupported(true);
            context.addServletMappingDecoded(mapping, "leadjobs");
            endpoint.ifPresent(config -> context.addApplicationListener(RegisterEndpoint.class.getName()));
            RegisterEndpoint.pending = endpoint.orElse(null);
            tomcat.start();
            return new EmbeddedTomcat(tomcat, base, tomcat.getConnector().getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    /** Lets an initializer register everything in the starting context (as a host's own initializer would). */
    public static EmbeddedTomcat startWith(java.util.function.Consumer<jakarta.servlet.ServletContext> initializer) {
        try {
            Path base = Files.createTempDirectory("leadjobs-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setHostname("localhost");
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", base.toString());
            context.addServletContainerInitializer(new WsSci(), null);
            context.addServletContainerInitializer((classes, servletContext) -> initializer.accept(servletContext), null);
            tomcat.start();
            return new EmbeddedTomcat(tomcat, base, tomcat.getConnector().getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public String httpUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the temp folder is only a scratch area
        }
    }

    /** Registers the pending endpoint when the context starts (the container accepts endpoints then). */
    public static final class RegisterEndpoint implements jakarta.servlet.ServletContextListener {
        static volatile ServerEndpointConfig pending;

        @Override
        public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(pending);
            } catch (jakarta.websocket.DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
