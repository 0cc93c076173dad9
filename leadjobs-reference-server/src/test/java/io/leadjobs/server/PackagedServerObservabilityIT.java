package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as it ships: {@code LEADJOBS_LOG_FORMAT=json} writes one JSON object a line with the
 * job id in {@code mdc} on the lines about a job (a failing network enricher's among them), a wrong value stops it
 * at once, and {@code /metrics} and {@code /health/ready} answer after a job. Runs in the integration-test phase.
 */
class PackagedServerObservabilityIT {

    private static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s\"]+):(\\d+)");
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

    @Test
    void jsonLogLinesCarryTheJobIdAndMetricsShowTheJob() throws Exception {
        String token = token();
        Path log = work.resolve("server.log");
        ProcessBuilder run = command("--dns-server", "127.0.0.1:9");
        run.environment().put("LEADJOBS_LOG_FORMAT", "json");
        server = run.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = await().atMost(Duration.ofSeconds(60)).until(() -> address(log), a -> !a.isEmpty());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=it"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(RestApiTest.CSV)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> JSON.readTree(http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + jobId)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).get("status").asText().equals("completed"));

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("\nleadjobs_leads_scored_total 2.0\n")
                .contains("leadjobs_jobs_total{status=\"completed\"} 1.0");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("leadjobs reference server listening on ")) {
                continue; // the address line the command prints for people, not a log line
            }
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // every log line is one JSON object
            }
        }
        assertThat(lines).allSatisfy(l -> assertThat(l.has("level") && l.has("formattedMessage")).isTrue());
        List<JsonNode> aboutTheJob = lines.stream()
                .filter(l -> l.path("formattedMessage").asText().startsWith("Job " + jobId + " ")).toList();
        assertThat(aboutTheJob).extracting(l -> l.path("formattedMessage").asText())
                .anySatisfy(m -> assertThat(m).contains("started"))
                .anySatisfy(m -> assertThat(m).contains("completed"));
        assertThat(aboutTheJob).filteredOn(l -> l.path("threadName").asText().matches("leadjobs-(worker|enrich|delivery)-\\d+"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("mdc").path("jobId").asText()).isEqualTo(jobId));
        // a DNS server that is not there: the network enrichers degrade (DNS unavailable, one line in the job's log)
        // and none fails; the MDC of a failing enricher's line is JobIdInLogsTest's
        assertThat(lines).filteredOn(l -> l.path("formattedMessage").asText().matches("Job \\S+: enricher \\S+ failed.*"))
                .as("no enricher fails for a DNS server that does not answer").isEmpty();
        assertThat(Files.readString(log)).doesNotContain(token);
    }

    @Test
    void refusesAnUnknownLogFormatBeforeStarting() throws Exception {
        ProcessBuilder run = command();
        run.environment().put("LEADJOBS_LOG_FORMAT", "xml");
        Process p = run.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("LEADJOBS_LOG_FORMAT (--log-format) must be text or json, was 'xml'");
    }

    @Test
    void theFlagWinsOverTheEnvironment() throws Exception {
        ProcessBuilder run = command("--log-format", "yaml");
        run.environment().put("LEADJOBS_LOG_FORMAT", "json");
        Process p = run.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("LEADJOBS_LOG_FORMAT (--log-format) must be text or json, was 'yaml'");
    }

    private String token() throws Exception {
        Process tokenCommand = command("token", "--subject", "it-user", "--ttl", "10m").start();
        assertThat(tokenCommand.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(tokenCommand.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private ProcessBuilder command(String... args) {
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        return builder;
    }

    private static String address(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }
}
