package io.leadjobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The Redis server of the tests: the one that {@value #URL_VARIABLE} names ({@code redis://host:port}), or else
 * a Redis started once per test JVM on a free port of 127.0.0.1 from the binary that
 * {@code com.github.codemonstur:embedded-redis} ships (Redis 6.2), stopped when the JVM exits. The tests need
 * nothing pre-installed.
 */
final class TestRedis {
    static final String URL_VARIABLE = "LEADJOBS_TEST_REDIS_URL";
    private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);
    private static String url;

    private TestRedis() {
    }

    /** {@code redis://host:port} of the tests' Redis; append {@code ?clientName=...} and the like. */
    static synchronized String url() {
        if (url == null) {
            String named = System.getenv(URL_VARIABLE);
            if (named != null && !named.isBlank()) {
                url = external(named.strip());
                LOG.info("Redis tests use {} named by {}", url, URL_VARIABLE);
            } else {
                url = startEmbedded();
            }
        }
        return url;
    }

    static String external(String named) {
        String s = named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
        if (!s.matches("redis://[^/?#@]+")) {
            throw new IllegalStateException(URL_VARIABLE + " must name a server only, as redis://host:port, was '" + named + "'");
        }
        return s;
    }

    private static String startEmbedded() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    LOG.warn("Could not stop the embedded Redis: {}", e.getMessage());
                }
            }, "leadjobs-test-redis-stop"));
            String started = "redis://127.0.0.1:" + port;
            LOG.info("Redis tests use an embedded Redis at {} ({} not set)", started, URL_VARIABLE);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis for the tests: " + e.getMessage(), e);
        }
    }
}
