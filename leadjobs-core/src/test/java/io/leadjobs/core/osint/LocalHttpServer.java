package io.leadjobs.core.osint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server for probe tests (JDK HttpServer on 127.0.0.1, port 0). Each path answers with a
 * programmed response, optionally after a delay (scheduled, not slept); it counts requests per path,
 * records Host and User-Agent headers, and tracks the most requests in flight at once, overall and per Host.
 */
public final class LocalHttpServer implements AutoCloseable {

    /** What a path answers; {@code chunked} sends the body with chunked transfer coding. */
    public record Reply(int status, Map<String, String> headers, byte[] body, boolean chunked) {
        public static Reply html(String html) {
            return new Reply(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                    html.getBytes(StandardCharsets.UTF_8), false);
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, Map.of("Location", location), new byte[0], false);
        }

    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delayer;
    private final Map<String, Reply> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlightByHost = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    public LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(16, r -> named(r, "test-http-" + n.incrementAndGet()));
        delayer = Executors.newScheduledThreadPool(4, r -> named(r, "test-http-delay-" + n.incrementAndGet()));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress endpoint() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public LocalHttpServer route(String path, Reply reply) {
        routes.put(path, reply);
        return this;
    }

    LocalHttpServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    public int hits(String path) {
        AtomicInteger c = hits.get(path);
        return c == null ? 0 : c.get();
    }

    public int requests() {
        return total.get();
    }

    List<String> hostHeaders() {
        return List.copyOf(hosts);
    }

    List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int maxInFlightForOneHost() {
        return maxInFlightByHost.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        String host = String.valueOf(ex.getRequestHeaders().getFirst("Host"));
        total.incrementAndGet();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        hosts.add(host);
        userAgents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        maxInFlightByHost.merge(host, inFlightByHost.computeIfAbsent(host, k -> new AtomicInteger()).incrementAndGet(), Math::max);
        Runnable reply = () -> {
            inFlight.decrementAndGet();
            inFlightByHost.get(host).decrementAndGet();
            respond(ex, routes.getOrDefault(path, new Reply(404, Map.of(), "not found".getBytes(StandardCharsets.UTF_8), false)));
        };
        if (delay.isZero()) {
            reply.run();
        } else {
            delayer.schedule(reply, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void respond(HttpExchange ex, Reply r) {
        try (ex) {
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            long length = r.body().length == 0 ? -1 : r.chunked() ? 0 : r.body().length;
            ex.sendResponseHeaders(r.status(), length);
            if (r.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    for (int off = 0; off < r.body().length; off += 16 * 1024) {
                        out.write(r.body(), off, Math.min(16 * 1024, r.body().length - off));
                    }
                }
            }
        } catch (IOException clientWentAway) {
            // the probe stops reading at its body cap and closes the connection: expected
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        delayer.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        delayer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
