package io.leadjobs.socketio;

import io.leadjobs.engineio.EngineIoServer;
import io.leadjobs.engineio.EngineIoSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SocketIoServerImpl implements SocketIoServer {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServerImpl.class);

    private final PacketCodec codec;
    private final long connectTimeoutMillis;
    private final Map<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final EngineIoServer engine;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean closed = new AtomicBoolean();

    SocketIoServerImpl(SocketIoServer.Builder builder) {
        this.codec = new PacketCodec(builder.mapper, builder.maxAttachments);
        this.connectTimeoutMillis = builder.connectTimeout.toMillis();
        this.timer = new ScheduledThreadPoolExecutor(1, named("leadjobs-socketio-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        namespaces.put("/", new NamespaceImpl(this, "/"));
        this.engine = builder.engine.onConnection(this::onEngineConnection).build();
    }

    private void onEngineConnection(EngineIoSocket connection) {
        Client client = new Client(this, connection);
        connection.setMessageListener(client);
        connection.onClose(client::onClose);
        client.startConnectTimer(connectTimeoutMillis);
    }

    PacketCodec codec() {
        return codec;
    }

    Optional<NamespaceImpl> existingNamespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    String newSocketId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return timer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("A Socket.IO timer task failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    @Override
    public Namespace namespace(String name) {
        if (name == null || !name.startsWith("/") || name.length() > 256 || name.contains(",")) {
            throw SocketIoException.invalidArgument(
                    "a namespace name must start with '/', contain no ',' and be at most 256 characters, was '" + name + "'");
        }
        return namespaces.computeIfAbsent(name, n -> new NamespaceImpl(this, n));
    }

    @Override
    public EngineIoServer engine() {
        return engine;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.close();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            int n = counter.incrementAndGet();
            Thread thread = new Thread(runnable, n == 1 ? name : name + "-" + n);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught exception on {}", t.getName(), e));
            return thread;
        };
    }
}
