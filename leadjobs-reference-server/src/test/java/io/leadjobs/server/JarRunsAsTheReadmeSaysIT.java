package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the built jar as the README says ({@code java -jar leadjobs-reference-server/target/leadjobs-reference-server.jar}
 * with {@code LEADJOBS_JWT_SECRET} and a data directory), takes a token from its {@code token} command, checks
 * {@code /health}, runs one job over REST, and stops it with SIGTERM. Runs in the integration-test phase, after
 * the jar is packaged.
 */
class JarRunsAsTheReadmeSaysIT {

    private static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        return builder;
    }

    @Test
    void servesHealthAndRunsAJobThenStopsOnSigterm() throws Exception {
        Process tokenCommand = command("token", "--subject", "it-user", "--ttl", "10m").start();
        assertThat(tokenCommand.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String token = new String(tokenCommand.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(tokenCommand.exitValue()).isZero();
        assertThat(token).matches("ey[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        Path log = work.resolve("server.log");
        // no network in the tests: a DNS server that is not there makes the network enrichers fail fast
        server = command("--dns-server", "127.0.0.1:9").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = await().atMost(Duration.ofSeconds(60)).until(() -> address(log), a -> !a.isEmpty());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=it"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(RestApiTest.CSV)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asText();

        JsonNode status = await().atMost(Duration.ofSeconds(90)).until(() -> JSON.readTree(http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + jobId)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()).body()),
                s -> s.get("status").asText().equals("completed"));
        assertThat(status.get("processed_leads").asInt()).isEqualTo(2);

        JsonNode results = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + jobId + "/results"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(results.get("leads")).hasSize(status.get("total_leads").asInt());
        assertThat(results.get("rejected")).hasSize(1);
        assertThat(Files.exists(work.resolve("data"))).as("the H2 database lives in the data directory").isTrue();

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(output).contains("leadjobs reference server stopped");
        assertThat(output).doesNotContain(token);
    }

    private static String address(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }
}
