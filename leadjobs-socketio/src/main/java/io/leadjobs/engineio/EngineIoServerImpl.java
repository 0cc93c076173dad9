package io.leadjobs.engineio;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class EngineIoServerImpl implements EngineIoServer {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServerImpl.class);

    private final EngineIoOptions options;
    private final Consumer<EngineIoSocket> connectionListener;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final SessionIds ids = new SessionIds();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor closer;
    private final EngineIoServlet servlet;
    private final AtomicBoolean closed = new AtomicBoolean();

    EngineIoServerImpl(EngineIoOptions options, Consumer<EngineIoSocket> connectionListener) {
        this.options = options;
        this.connectionListener = connectionListener;
        this.scheduler = new ScheduledThreadPoolExecutor(1, Threads.named("leadjobs-heartbeat"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.closer = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Threads.named("leadjobs-engineio-closer"));
        this.closer.allowCoreThreadTimeOut(true);
        this.servlet = new EngineIoServlet(this);
    }

    EngineIoOptions options() {
        return options;
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("A heartbeat task failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    void runCloser(Runnable task) {
        try {
            closer.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public String path() {
        return options.path();
    }

    @Override
    public String servletMapping() {
        return options.path() + "*";
    }

    @Override
    public HttpServlet servlet() {
        return servlet;
    }

    @Override
    public ServerEndpointConfig webSocketEndpointConfig() {
        return WebSocketTransport.directConfig(this);
    }

    @Override
    public void install(ServletContext context) {
        ServletRegistration.Dynamic registration = context.addServlet("leadjobs-engineio" + options.path(), servlet);
        if (registration == null) {
            throw EngineIoException.invalidSetting(
                    "a servlet named 'leadjobs-engineio" + options.path() + "' is already registered in this context");
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(servletMapping());
    }

    @Override
    public int connectionCount() {
        return sessions.size();
    }

    /** Opens a session: registers it, attaches a WebSocket if it opened over one, tells the application. */
    EngineIoSession open(EngineIoHandshake handshake, String transport, WsChannel webSocket) {
        if (closed.get()) {
            throw EngineIoException.closed();
        }
        String sid = ids.next();
        EngineIoSession session = new EngineIoSession(this, sid, handshake, transport);
        sessions.put(sid, session);
        if (webSocket != null) {
            session.attachWebSocket(webSocket, openPacket(sid, List.of()));
        }
        try {
            connectionListener.accept(session);
        } catch (RuntimeException e) {
            LOG.warn("The connection listener failed; closing the new connection", e);
            session.terminate(CloseReason.FORCED_CLOSE);
            return session;
        }
        session.start();
        LOG.debug("Session {} opened over {}", sid, transport);
        return session;
    }

    String openPacket(String sid, List<String> upgrades) {
        StringBuilder json = new StringBuilder().append(PacketType.OPEN.code()).append("{\"sid\":\"").append(sid).append("\",\"upgrades\":[");
        for (int i = 0; i < upgrades.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(upgrades.get(i)).append('"');
        }
        return json.append("],\"pingInterval\":").append(options.pingIntervalMillis())
                .append(",\"pingTimeout\":").append(options.pingTimeoutMillis())
                .append(",\"maxPayload\":").append(options.maxPayload())
                .append('}').toString();
    }

    EngineIoSession find(String sid) {
        return SessionIds.plausible(sid) ? sessions.get(sid) : null;
    }

    void remove(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (EngineIoSession session : List.copyOf(sessions.values())) {
            session.terminate(CloseReason.SERVER_SHUTTING_DOWN);
        }
        scheduler.shutdownNow();
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                closer.shutdownNow();
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closer.shutdownNow();
        }
    }
}
