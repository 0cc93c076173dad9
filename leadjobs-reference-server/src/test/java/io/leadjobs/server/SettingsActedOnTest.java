package io.leadjobs.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The settings that shape who may connect and what is served, seen from outside over real HTTP and Socket.IO. */
class SettingsActedOnTest {

    @TempDir
    Path dir;

    @Test
    void requiresTheConfiguredIssuerAndAudienceOverRestAndSocketIo() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_JWT_ISSUER", "https://id.example",
                "LEADJOBS_JWT_AUDIENCE", "leadjobs-api"))) {
            String right = server.token("alice");
            String noAudience = new TokenMinter(new Secret(RunningServer.SECRET), Optional.of("https://id.example"),
                    Optional.empty(), Clock.systemUTC()).mint("alice", Duration.ofMinutes(5));
            String otherIssuer = new TokenMinter(new Secret(RunningServer.SECRET), Optional.of("https://evil.example"),
                    Optional.of("leadjobs-api"), Clock.systemUTC()).mint("alice", Duration.ofMinutes(5));

            assertThat(server.get("/api/jobs", right).statusCode()).isEqualTo(200);
            HttpResponse<String> audience = server.get("/api/jobs", noAudience);
            assertThat(audience.statusCode()).isEqualTo(401);
            assertThat(RunningServer.json(audience).get("error").asText()).isEqualTo("Authentication failed: invalid audience");
            HttpResponse<String> issuer = server.get("/api/jobs", otherIssuer);
            assertThat(RunningServer.json(issuer).get("error").asText()).isEqualTo("Authentication failed: invalid issuer");

            try (SocketClient refused = SocketClient.connect(server.url(), "websocket", noAudience);
                 SocketClient accepted = SocketClient.connect(server.url(), "websocket", right)) {
                assertThat(refused.await("connect_error").string("message")).isEqualTo("Authentication failed: invalid audience");
                accepted.await("connect");
            }
        }
    }

    @Test
    void reportsProgressEveryBatchWithAZeroUpdateIntervalAndOnlyFirstAndLastWithALongOne() throws Exception {
        // a job of 200 leads in batches of 25, watched from before its first lead is scored
        assertThat(progressUpdatesSeen("0")).isEqualTo(8);
        // the job takes far less than 10 s: its first commit and its last lead are reported (one report when the
        // first commit holds them all), nothing in between
        assertThat(progressUpdatesSeen("10s")).isBetween(1, 2);
    }

    /** The progress updates a watcher of a 200-lead job sees with {@code LEADJOBS_UPDATE_INTERVAL} set so. */
    private static int progressUpdatesSeen(String interval) throws Exception {
        GateEnricher gate = new GateEnricher();
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_UPDATE_INTERVAL", interval),
                s -> SocketIoEndToEndTest.withGate(gate))) {
            String jobId = server.submitCsv("alice", SocketIoEndToEndTest.csv(200));
            try (SocketClient alice = SocketClient.connect(server.url(), "websocket", server.token("alice"))) {
                alice.await("connect");
                assertThat(alice.emitWithAck("subscribe-job", jobId).getBoolean("ok")).isTrue();
                assertThat(alice.await("job-status").json().getInt("seq")).isLessThanOrEqualTo(2);
                gate.open();
                alice.await("job-update", u -> u.string("type").equals("complete"));
                List<Long> seqs = new ArrayList<>();
                int progress = 0;
                for (SocketClient.Received update : alice.all("job-update")) {
                    seqs.add(update.json().getLong("seq"));
                    progress += update.string("type").equals("progress") ? 1 : 0;
                }
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
                assertThat(seqs.get(seqs.size() - 1) - seqs.get(0) + 1).as("no gaps").isEqualTo(seqs.size());
                return progress;
            }
        }
    }

    private static HttpResponse<String> pollingHandshake(RunningServer server, Optional<String> origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/socket.io/?EIO=4&transport=polling"));
        origin.ifPresent(o -> request.header("Origin", o));
        return server.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void limitsSocketIoConnectionAttemptsPerAddressPerMinute() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_CONNECT_RATE", "2"))) {
            assertThat(pollingHandshake(server, Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(pollingHandshake(server, Optional.empty()).statusCode()).isEqualTo(200);

            assertThat(pollingHandshake(server, Optional.empty()).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void letsBrowsersConnectToSocketIoFromTheAllowedOriginsOnly() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_ALLOWED_ORIGINS", "https://app.example.com"))) {
            HttpResponse<String> allowed = pollingHandshake(server, Optional.of("https://app.example.com"));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");

            assertThat(pollingHandshake(server, Optional.of("https://evil.example")).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void servesABuiltFrontEndAtTheRootAndAnotherAtVue() throws Exception {
        Path react = Files.createDirectories(dir.resolve("react-dist"));
        Files.writeString(react.resolve("index.html"), "<!doctype html><div id=\"root\">react build</div>");
        Path vue = Files.createDirectories(dir.resolve("vue-dist"));
        Files.writeString(vue.resolve("index.html"), "<!doctype html><div id=\"app\">vue build</div>");

        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_WEB_ROOT", react.toString(),
                "LEADJOBS_VUE_ROOT", vue.toString()))) {
            assertThat(page(server, "/").body()).contains("react build");
            assertThat(page(server, "/vue/").body()).contains("vue build");
            assertThat(page(server, "/vendor/socket.io.min.js").statusCode()).isEqualTo(200);
            HttpResponse<String> demo = page(server, "/demo/");
            assertThat(demo.body()).as("the demo page stays at /demo/").contains("<title>leadjobs demo</title>");
            assertThat(page(server, "/demo/app.js").body()).contains("subscribe-job");
            assertThat(page(server, "/demo/vendor/socket.io.min.js").statusCode()).isEqualTo(200);
            assertThat(server.get("/api/jobs", server.token("alice")).statusCode()).isEqualTo(200);
            assertThat(page(server, "/health").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> page(RunningServer server, String path) throws Exception {
        return server.http.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFinishedJobIsDeletedOnceItIsOlderThanTheRetention() throws Exception {
        // 1 minute, the shortest retention: purge passes every 15 s, so the job goes between 60 and 75 s after it ended
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_RETENTION", "1m"));
             RunningServer keeping = RunningServer.start(Map.of("LEADJOBS_RETENTION", "forever"))) {
            String jobId = server.submitCsv("alice", RestApiTest.CSV);
            String kept = keeping.submitCsv("alice", RestApiTest.CSV);
            String token = server.token("alice");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/api/jobs/" + jobId, token).body()
                    .contains("\"completed\""));
            long finished = System.nanoTime();
            assertThat(server.get("/api/jobs/" + jobId + "/results", token).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> server.get("/api/jobs/" + jobId, token).statusCode() == 404);
            assertThat(Duration.ofNanos(System.nanoTime() - finished)).as("not before it was a minute old")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(55));
            assertThat(server.get("/api/jobs/" + jobId + "/results", token).statusCode()).isEqualTo(404);
            assertThat(keeping.get("/api/jobs/" + kept, keeping.token("alice")).statusCode())
                    .as("kept for ever beside it").isEqualTo(200);
        }
    }
}
