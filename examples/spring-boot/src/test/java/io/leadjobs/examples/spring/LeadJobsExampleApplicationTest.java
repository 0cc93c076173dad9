package io.leadjobs.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The example application as it ships, on Tomcat at a random port: a job submitted through the starter's REST
 * API is watched live by the npm {@code socket.io-client} (the seed's client flow, driven by
 * src/test/node/watch-job.mjs) and by the Java client, both authenticated with real HS256 tokens. Needs
 * Node.js and npm on the PATH; runs {@code npm ci} when node_modules is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"leadjobs.auth.secret=" + Tokens.SECRET, "management.endpoint.health.show-components=always"})
class LeadJobsExampleApplicationTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestConfiguration
    static class HeldLeads {
        @Bean
        Gate gate() {
            return new Gate();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Gate gate;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private OkHttpClient okHttp;
    private Socket javaClient;

    @BeforeAll
    static void installNodeClient() throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("socket.io-client"))) {
            Process install;
            try {
                install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("Node.js and npm must be on the PATH for the npm client test: " + e.getMessage(), e);
            }
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci:%n%s", output).isZero();
        }
    }

    @BeforeEach
    void holdLeads() {
        gate.close();
    }

    @AfterEach
    void release() throws InterruptedException {
        gate.open();
        // every job a test submitted ends before the next test closes the gate again: a lead still held then would
        // wait for the next test to open it and be scored in that test's window (the README test leaves its job held)
        await().atMost(Duration.ofSeconds(60)).until(this::everyJobHasEnded);
        if (javaClient != null) {
            javaClient.close();
        }
        if (okHttp != null) {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
            okHttp.connectionPool().evictAll();
        }
    }

    @Test
    void npmClientSeesJobStatusProgressAndCompleteOfAJobSubmittedOverRest() throws Exception {
        String token = Tokens.hs256("alice", Tokens.SECRET);
        String jobId = submit(token, 3);

        Process node = new ProcessBuilder("node", "watch-job.mjs", "http://localhost:" + port, token, jobId)
                .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("subscribed ")) {
                        subscribed.complete(null);
                    }
                }
            } catch (IOException e) {
                subscribed.completeExceptionally(e);
            }
        }, "node-output");
        reader.start();
        try {
            subscribed.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            node.destroyForcibly();
            fail("the npm client did not subscribe; its output: %s", lines);
        }
        gate.open();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished; output %s", lines).isTrue();
        reader.join(5_000);

        assertThat(node.exitValue()).as("node output:%n%s", String.join("\n", lines)).isZero();
        assertThat(event(lines, "subscribed").get(0).path("ok").asBoolean()).isTrue();
        List<JsonNode> statuses = event(lines, "job-status");
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).path("jobId").asText()).isEqualTo(jobId);
        assertThat(statuses.get(0).path("total_leads").asInt()).isEqualTo(3);
        List<JsonNode> updates = event(lines, "job-update");
        assertThat(updates).extracting(u -> u.path("type").asText()).contains("progress").last().isEqualTo("complete");
        assertThat(updates).filteredOn(u -> u.path("type").asText().equals("progress")).last()
                .satisfies(p -> assertThat(p.path("processedLeads").asInt()).isEqualTo(3));
        JsonNode complete = updates.get(updates.size() - 1);
        assertThat(complete.path("status").asText()).isEqualTo("completed");
        assertThat(complete.path("results").path("processed_leads").asInt()).isEqualTo(3);
        assertThat(event(lines, "transport").get(0).path("name").asText()).as("upgraded to WebSocket").isEqualTo("websocket");
    }

    @Test
    void javaClientSeesTheJobLiveAndTheResultsCarryTheApplicationsOwnEnricher() throws Exception {
        String token = Tokens.hs256("bob", Tokens.SECRET);
        double scoredBefore = meters.get("leadjobs.leads.scored").counter().count();
        String jobId = submit(token, 2);

        List<JSONObject> statuses = new CopyOnWriteArrayList<>();
        List<JSONObject> updates = new CopyOnWriteArrayList<>();
        okHttp = new OkHttpClient.Builder().build();
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(new String[] {"websocket"}).setAuth(Map.of("token", token)).build();
        options.callFactory = okHttp;
        options.webSocketFactory = okHttp;
        javaClient = IO.socket(URI.create("http://localhost:" + port), options);
        javaClient.on("job-status", args -> statuses.add((JSONObject) args[0]));
        javaClient.on("job-update", args -> updates.add((JSONObject) args[0]));
        javaClient.connect();
        await().atMost(Duration.ofSeconds(10)).until(javaClient::connected);
        CompletableFuture<Object[]> ack = new CompletableFuture<>();
        javaClient.emit("subscribe-job", new Object[] {jobId}, (Ack) ack::complete);
        assertThat(((JSONObject) ack.get(10, TimeUnit.SECONDS)[0]).getBoolean("ok")).isTrue();
        gate.open();

        await().atMost(Duration.ofSeconds(30)).until(() -> updates.stream().anyMatch(u -> "complete".equals(u.optString("type"))));
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).getString("status")).isIn("queued", "processing");
        assertThat(updates).extracting(u -> u.optString("type")).contains("progress").last().isEqualTo("complete");
        assertThat(meters.get("leadjobs.leads.scored").counter().count() - scoredBefore)
                .as("the starter's metrics in the application's MeterRegistry").isEqualTo(2.0);
        assertThat(meters.get("leadjobs.sockets").tag("transport", "websocket").gauge().value()).isGreaterThanOrEqualTo(1.0);

        HttpResponse<String> results = get("/api/jobs/" + jobId + "/results", token);
        assertThat(results.statusCode()).isEqualTo(200);
        JsonNode leads = JSON.readTree(results.body()).path("leads");
        assertThat(leads).hasSize(2);
        assertThat(leads.get(0).path("email").asText()).isEqualTo("lead0@acme.com");
        assertThat(leads.get(0).path("enrichment").path("partner").asBoolean()).as("acme.com is a partner").isTrue();
        assertThat(leads.get(1).path("enrichment").path("partner").asBoolean()).as("globex.com is not").isFalse();
    }

    @Test
    void actuatorHealthIncludesTheJobStore() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("components").path("leadJobs").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void restRefusesAMissingOrForeignTokenAndAnotherUsersJob() throws Exception {
        gate.open();
        String jobId = submit(Tokens.hs256("carol", Tokens.SECRET), 1);

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/api/jobs/" + jobId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("error").asText()).isEqualTo("Authentication failed: missing token");

        HttpResponse<String> forged = get("/api/jobs/" + jobId,
                Tokens.hs256("carol", "another-secret-that-is-also-at-least-32-bytes-long"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).path("error").asText()).isEqualTo("Authentication failed: invalid signature");

        HttpResponse<String> someoneElse = get("/api/jobs/" + jobId, Tokens.hs256("mallory", Tokens.SECRET));
        assertThat(someoneElse.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(someoneElse.body()).path("error").asText()).isEqualTo("Job not found");

        HttpResponse<String> owner = get("/api/jobs/" + jobId, Tokens.hs256("carol", Tokens.SECRET));
        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(owner.body()).path("jobId").asText()).isEqualTo(jobId);
    }

    @Test
    void restNamesWhatIsWrongWithABadBody() throws Exception {
        String token = Tokens.hs256("dave", Tokens.SECRET);
        HttpResponse<String> broken = post(token, "{\"name\": \"x\", \"leads\": [ {\"email\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(broken.body()).path("error").asText()).startsWith("The request body is not valid JSON at line 1");

        HttpResponse<String> noUsableLead = post(token, "{\"name\": \"x\", \"leads\": [ {\"company\": \"Acme\"} ]}");
        assertThat(noUsableLead.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noUsableLead.body()).path("details").toString()).contains("Row 1");

        HttpResponse<String> badId = get("/api/jobs/not-a-uuid", token);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).path("error").asText()).isEqualTo("Invalid job id");
    }

    /**
     * The README's {@code curl} line, sent as written (its URL's path, JSON body and content type), is answered
     * with the line the README shows under it; {@code <job id>} there stands for the new job's id.
     */
    @Test
    void theReadmesCurlSubmissionIsAnsweredAsTheReadmeShows() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher curl = Pattern.compile("^\\$ curl -s http://localhost:8080(/\\S+) .*-H 'Content-Type: application/json' -d '(.+)'$")
                .matcher("");
        int line = 0;
        while (line < readme.size() && !curl.reset(readme.get(line)).matches()) {
            line++;
        }
        assertThat(line).as("README.md has a \"$ curl -s http://localhost:8080/... -d '...'\" line followed by its answer")
                .isLessThan(readme.size() - 1);
        String shown = readme.get(line + 1);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(curl.group(1)))
                .header("Authorization", "Bearer " + Tokens.hs256("alice", Tokens.SECRET))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(curl.group(2))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String[] literal = shown.split(Pattern.quote("<job id>"), -1);
        assertThat(literal).as("the README's answer has one <job id>: %s", shown).hasSize(2);
        assertThat(answer.body()).as("README.md shows %s", shown)
                .matches(Pattern.quote(literal[0]) + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                        + Pattern.quote(literal[1]));
    }

    /** Whether as many jobs have ended (completed, failed or cancelled) as were queued, by the starter's metrics. */
    private boolean everyJobHasEnded() {
        double ended = 0;
        for (String status : List.of("completed", "failed", "cancelled")) {
            ended += meters.get("leadjobs.jobs").tag("status", status).counter().count();
        }
        return ended >= meters.get("leadjobs.jobs").tag("status", "queued").counter().count();
    }

    private String submit(String token, int leads) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\": \"Trade fair\", \"leads\": [");
        for (int i = 0; i < leads; i++) {
            body.append(i == 0 ? "" : ",").append("{\"email\": \"lead").append(i).append(i == 0 ? "@acme.com" : "@globex.com")
                    .append("\", \"title\": \"CTO\", \"company\": \"Company ").append(i).append("\"}");
        }
        HttpResponse<String> response = post(token, body.append("]}").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(response.body());
        assertThat(accepted.path("status").asText()).isEqualTo("queued");
        assertThat(accepted.path("total_leads").asInt()).isEqualTo(leads);
        return accepted.path("jobId").asText();
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/jobs")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static List<JsonNode> event(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).map(l -> {
            try {
                return JSON.readTree(l.substring(name.length() + 1));
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + l, e);
            }
        }).toList();
    }
}
