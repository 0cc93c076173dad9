package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.websocket.auth.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Abuse limits over the wire: subscription cap, event flood, connection flood, foreign Origin, per-user cap. */
class JobEventsLimitsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int openPolling(GatewayHarness server, String forwardedFor) throws Exception {
        return openPolling(server, "X-Forwarded-For", forwardedFor);
    }

    private static int openPolling(GatewayHarness server, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/socket.io/?EIO=4&transport=polling"))
                .header(header, value).timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A gateway allowing 1 event per second (bursts of 5), a job of alice's, and two of her connections. */
    private record Flood(GatewayHarness server, Job job, TestClient flooder, TestClient neighbour) implements AutoCloseable {
        static Flood start() throws Exception {
            GatewayHarness server = GatewayHarness.start(g -> g.eventsPerSecond(RateLimit.of(1, 5)));
            try {
                return new Flood(server, server.submit("alice", 1), alice(server), alice(server));
            } catch (Exception | Error e) {
                server.close();
                throw e;
            }
        }

        private static TestClient alice(GatewayHarness server) throws Exception {
            return server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    @Test
    void refusesSubscriptionsBeyondTheCapPerConnection() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.maxSubscriptionsPerConnection(3))) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(server.submit("alice", 1));
            }
            TestClient client = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();

            for (int i = 0; i < 3; i++) {
                assertThat(client.emitWithAck("subscribe-job", jobs.get(i).id().toString()).toString()).isEqualTo("{\"ok\":true}");
            }
            assertThat(client.emitWithAck("subscribe-job", jobs.get(3).id().toString()).toString())
                    .isEqualTo("{\"error\":\"Too many subscriptions\"}");
            assertThat(client.awaitEvent("error").json().toString()).isEqualTo("{\"message\":\"Too many subscriptions\"}");
            assertThat(client.emitWithAck("subscribe-job", jobs.get(0).id().toString()).toString())
                    .as("subscribing again to a watched job is not a new subscription").isEqualTo("{\"ok\":true}");
            client.emitWithAck("unsubscribe-job", jobs.get(0).id().toString());
            assertThat(client.emitWithAck("subscribe-job", jobs.get(3).id().toString()).toString()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void refusesASubscribeFloodWithRateLimitExceededAndKeepsServingOthers() throws Exception {
        try (Flood flood = Flood.start()) {
            List<String> acks = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                acks.add(flood.flooder().emitWithAck("subscribe-job", flood.job().id().toString()).toString());
            }

            assertThat(acks).containsOnly("{\"ok\":true}", "{\"error\":\"Rate limit exceeded\"}");
            assertThat(acks.stream().filter(a -> a.contains("Rate limit exceeded")).count()).isGreaterThanOrEqualTo(20);
            assertThat(acks.subList(0, 5)).containsOnly("{\"ok\":true}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !flood.flooder().received("error").isEmpty());
            assertThat(flood.flooder().received("error").get(0).json().toString()).isEqualTo("{\"message\":\"Rate limit exceeded\"}");
            assertThat(flood.neighbour().emitWithAck("subscribe-job", flood.job().id().toString()).toString()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void eventsTheServerDoesNotKnowCountAgainstTheSameRate() throws Exception {
        try (Flood flood = Flood.start()) {
            for (int i = 0; i < 30; i++) {
                flood.flooder().emit("no-such-event", "x" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> flood.flooder().received("error").size() >= 20);
            assertThat(flood.flooder().received("error")).allSatisfy(e -> assertThat(e.json().toString())
                    .isEqualTo("{\"message\":\"Rate limit exceeded\"}"));
            // the flood used up the connection's events: a subscribe right after it is refused too
            assertThat(flood.flooder().emitWithAck("subscribe-job", flood.job().id().toString()).toString()).isEqualTo("{\"error\":\"Rate limit exceeded\"}");
            assertThat(flood.flooder().isConnected()).isTrue();
            assertThat(flood.neighbour().emitWithAck("subscribe-job", flood.job().id().toString()).toString()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void answers429ToAFloodingAddressOnlyWhileOtherAddressesStillConnect() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.connectRate(RateLimit.of(0.5, 3)).trustedProxies("127.0.0.1"))) {
            List<Integer> flood = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                flood.add(openPolling(server, "203.0.113.7"));
            }

            assertThat(flood.subList(0, 3)).containsOnly(200);
            assertThat(flood.subList(3, 10)).containsOnly(429);
            assertThat(openPolling(server, "198.51.100.1")).isEqualTo(200);
            TestClient other = server.client(o -> {
                o.auth = Map.of("token", TestTokens.hs256("bob", Duration.ofMinutes(5)));
                o.extraHeaders = Map.of("X-Forwarded-For", List.of("198.51.100.2"));
            }).awaitConnected();
            assertThat(other.isConnected()).isTrue();
            TestClient flooder = server.client(o -> {
                o.auth = Map.of("token", TestTokens.hs256("mallory", Duration.ofMinutes(5)));
                o.extraHeaders = Map.of("X-Forwarded-For", List.of("203.0.113.7"));
            });
            assertThat(flooder.awaitConnectError().path("transport").asBoolean()).as("refused at the HTTP level").isTrue();
        }
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.connectRate(RateLimit.of(0.5, 2)))) {
            assertThat(openPolling(server, "203.0.113.1")).isEqualTo(200);
            assertThat(openPolling(server, "203.0.113.2")).isEqualTo(200);

            assertThat(openPolling(server, "203.0.113.3")).as("all from 127.0.0.1, whatever the header says").isEqualTo(429);
        }
    }

    @Test
    void refusesAForeignOriginOnBothTransports() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.connectRate(RateLimit.off()).allowedOrigins("https://app.example"))) {
            assertThat(openPolling(server, "Origin", "https://evil.example")).isEqualTo(403);
            assertThat(openPolling(server, "Origin", "https://app.example")).isEqualTo(200);

            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));
            TestClient evilWebSocket = server.client(o -> {
                o.auth = Map.of("token", token);
                o.extraHeaders = Map.of("Origin", List.of("https://evil.example"));
            });
            TestClient evilPolling = server.client(o -> {
                o.auth = Map.of("token", token);
                o.transports = new String[] {"polling"};
                o.extraHeaders = Map.of("Origin", List.of("https://evil.example"));
            });
            TestClient allowed = server.client(o -> {
                o.auth = Map.of("token", token);
                o.extraHeaders = Map.of("Origin", List.of("https://app.example"));
            });

            assertThat(evilWebSocket.awaitConnectError().path("transport").asBoolean()).isTrue();
            assertThat(evilPolling.awaitConnectError().path("transport").asBoolean()).isTrue();
            allowed.awaitConnected();
        }
    }

    @Test
    void capsConnectionsPerUserWhenConfigured() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.connectRate(RateLimit.off()).maxConnectionsPerUser(2))) {
            TestClient first = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();
            server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();

            JsonNode refused = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnectError();
            server.client(TestTokens.hs256("bob", Duration.ofMinutes(5))).awaitConnected();

            assertThat(refused.get("message").asText()).isEqualTo("Too many connections for this user");
            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected());
        }
    }
}
