package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the built jar as the README says ({@code java -jar leadjobs-reference-server/target/leadjobs-reference-server.jar}
 * with {@code LEADJOBS_JWT_SECRET} and a data directory), takes a token from its {@code token} command, checks
 * {@code /health}, runs one job over REST, and stops it with SIGTERM. Runs in the integration-test phase, after
 * the jar is packaged.
 */
class JarRunsAsTheReadmeSaysIT {

    @TempDir
    Path work;

    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work);

    @Test
    void servesHealthAndRunsAJobThenStopsOnSigterm() throws Exception {
        String token = jar.token("it-user");
        assertThat(token).matches("ey[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        // no network in the tests: a DNS server that is not there makes the network enrichers fail fast
        String base = jar.start(jar.command("--dns-server", "127.0.0.1:9"));
        Process server = jar.server();

        HttpClient http = jar.http;
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);

        String jobId = jar.submit(base, token, "it", RestApiTest.CSV);
        JsonNode status = jar.awaitCompleted(base, token, jobId, Duration.ofSeconds(90));
        assertThat(status.get("processed_leads").asInt()).isEqualTo(2);

        JsonNode results = jar.get(base + "/api/jobs/" + jobId + "/results", token);
        assertThat(results.get("leads")).hasSize(status.get("total_leads").asInt());
        assertThat(results.get("rejected")).hasSize(1);
        assertThat(Files.exists(work.resolve("data"))).as("the H2 database lives in the data directory").isTrue();

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(jar.log());
        assertThat(output).contains("leadjobs reference server stopped");
        assertThat(output).doesNotContain(token);
    }
}
