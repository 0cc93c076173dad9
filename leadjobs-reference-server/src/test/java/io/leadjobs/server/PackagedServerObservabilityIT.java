package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as it ships: {@code LEADJOBS_LOG_FORMAT=json} writes one JSON object a line with the
 * job id in {@code mdc} on the lines about a job (a failing network enricher's among them), a wrong value stops it
 * at once, and {@code /metrics} and {@code /health/ready} answer after a job. Runs in the integration-test phase.
 */
class PackagedServerObservabilityIT {

    private static final ObjectMapper JSON = PackagedJar.JSON;

    @TempDir
    Path work;

    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work);

    @Test
    void jsonLogLinesCarryTheJobIdAndMetricsShowTheJob() throws Exception {
        String token = jar.token("it-user");
        Path log = jar.log();
        ProcessBuilder run = jar.command("--dns-server", "127.0.0.1:9");
        run.environment().put("LEADJOBS_LOG_FORMAT", "json");
        String base = jar.start(run);
        Process server = jar.server();

        HttpClient http = jar.http;
        String jobId = jar.submit(base, token, "it", RestApiTest.CSV);
        jar.awaitCompleted(base, token, jobId, Duration.ofSeconds(90));

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
        ProcessBuilder run = jar.command();
        run.environment().put("LEADJOBS_LOG_FORMAT", "xml");
        Process p = run.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("LEADJOBS_LOG_FORMAT (--log-format) must be text or json, was 'xml'");
    }

    @Test
    void theFlagWinsOverTheEnvironment() throws Exception {
        ProcessBuilder run = jar.command("--log-format", "yaml");
        run.environment().put("LEADJOBS_LOG_FORMAT", "json");
        Process p = run.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("LEADJOBS_LOG_FORMAT (--log-format) must be text or json, was 'yaml'");
    }
}
