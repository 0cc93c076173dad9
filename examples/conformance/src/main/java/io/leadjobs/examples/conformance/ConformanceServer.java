package io.leadjobs.examples.conformance;

import io.leadjobs.engineio.EngineIoServer;
import io.leadjobs.engineio.EngineIoSocket;
import io.leadjobs.engineio.MessageListener;
import io.leadjobs.engineio.OutboundMessage;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.socketio.SocketIoSocket;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Starts, on embedded Tomcat, the server that an official protocol test suite expects:
 * {@code socketio} for socketio/socket.io-protocol's test-suite, {@code engineio} for
 * socketio/engine.io-protocol's. Port 3000 unless a second argument names another.
 */
public final class ConformanceServer {

    private ConformanceServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("socketio", "engineio").contains(args[0])) {
            System.err.println("usage: run.sh socketio|engineio [port]");
            System.exit(2);
        }
        int port = args.length > 1 ? port(args[1]) : 3000;
        Running running = start(args[0], port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("shutdown failed: " + e);
            }
        }, "leadjobs-conformance-shutdown"));
        System.out.println(running.banner());
        running.tomcat().getServer().await();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        System.err.println("The port after the mode must be a number between 0 and 65535, was '" + text + "'");
        System.exit(2);
        return -1;
    }

    /** A started app: its mode, Tomcat, and the Engine.IO or Socket.IO server mounted there. */
    record Running(String mode, Tomcat tomcat, AutoCloseable app, String mapping) implements AutoCloseable {

        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        /** The one line the app prints once it listens (the README shows it). */
        String banner() {
            return mode + " conformance server listening on http://localhost:" + port() + mapping.replace("*", "");
        }

        @Override
        public void close() throws Exception {
            try {
                app.close();    // first, so that its threads are gone when Tomcat looks for leaks
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }

    /** Starts the {@code socketio} or {@code engineio} app on {@code port} (0: any free port). */
    static Running start(String mode, int port) throws IOException, LifecycleException {
        if (mode.equals("socketio")) {
            SocketIoServer io = socketIoApp();
            return new Running(mode, start(port, io.servlet(), io.servletMapping()), io, io.servletMapping());
        }
        EngineIoServer engine = engineIoApp();
        return new Running(mode, start(port, engine.servlet(), engine.servletMapping()), engine, engine.servletMapping());
    }

    /** The app of socket.io-protocol's README. */
    static SocketIoServer socketIoApp() {
        SocketIoServer io = SocketIoServer.builder()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .maxPayload(1_000_000)
                .connectTimeout(Duration.ofMillis(1000))
                .allowedOrigins("*")
                .build();
        io.mainNamespace().onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (s, event) -> s.emit("message-back", event.args().toArray()));
            socket.on("message-with-ack", (s, event) -> event.acknowledge(event.args().toArray()));
        });
        io.namespace("/custom").onConnection((SocketIoSocket socket) -> socket.emit("auth", socket.handshake().auth()));
        return io;
    }

    /** The echo app of engine.io-protocol's README. */
    static EngineIoServer engineIoApp() {
        return EngineIoServer.builder()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .maxPayload(1_000_000)
                .allowedOrigins("*")
                .onConnection(socket -> socket.setMessageListener(new MessageListener() {
                    @Override
                    public void onText(EngineIoSocket s, String text) {
                        s.send(OutboundMessage.text(text));
                    }

                    @Override
                    public void onBinary(EngineIoSocket s, byte[] data) {
                        s.send(OutboundMessage.binary(data));
                    }
                }))
                .build();
    }

    static Tomcat start(int port, HttpServlet servlet, String mapping) throws IOException, LifecycleException {
        Path base = Files.createTempDirectory("leadjobs-conformance");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(port);
        tomcat.getConnector();
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        Tomcat.addServlet(context, "leadjobs", servlet).setAsyncSupported(true);
        context.addServletMappingDecoded(mapping, "leadjobs");
        tomcat.start();
        return tomcat;
    }
}
