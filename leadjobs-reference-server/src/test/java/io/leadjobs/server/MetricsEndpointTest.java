package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} in the Prometheus format after a real job watched by a real Socket.IO client: jobs by status,
 * leads scored equal to the job's leads, enricher runs, sockets by transport back to zero after the disconnect,
 * deliveries, refused handshakes by reason; open on loopback, token required from elsewhere.
 */
class MetricsEndpointTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RunningServer running;
    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(SocketClient::close);
        if (running != null) {
            running.close();
        }
    }

    @Test
    void metricsShowTheJobsLeadsDeliveriesAndSocketsBackToZeroAfterDisconnect() throws Exception {
        GateEnricher gate = new GateEnricher();
        running = RunningServer.start(Map.of(), s -> {
            List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
            enrichers.add(gate);
            return enrichers;
        });
        String jobId = running.submitCsv("alice", "email,title\n" + "a@acme.com,CTO\nb@acme.com,VP Sales\nc@globex.com,Engineer\n"
                + "d@initech.com,CEO\ne@umbrella.com,Intern\n");
        SocketClient client = SocketClient.connect(running.url(), "websocket", running.token("alice"));
        clients.add(client);
        client.await("connect");
        assertThat(client.emitWithAck("subscribe-job", jobId).getBoolean("ok")).isTrue();
        gate.open();
        client.await("job-update", r -> r.json().optString("type").equals("complete"));

        SocketClient refused = SocketClient.connect(running.url(), "websocket",
                RunningServer.expiredToken("alice"));
        clients.add(refused);
        refused.await(io.socket.client.Socket.EVENT_CONNECT_ERROR);

        String metrics = scrape();
        assertThat(value(metrics, "leadjobs_leads_scored_total", Map.of())).hasValue(5.0);
        assertThat(value(metrics, "leadjobs_jobs_total", Map.of("status", "queued"))).hasValue(1.0);
        assertThat(value(metrics, "leadjobs_jobs_total", Map.of("status", "completed"))).hasValue(1.0);
        assertThat(value(metrics, "leadjobs_jobs_total", Map.of("status", "failed"))).hasValue(0.0);
        assertThat(value(metrics, "leadjobs_enricher_seconds_count", Map.of("enricher", "test_gate", "outcome", "success")))
                .hasValue(5.0);
        assertThat(value(metrics, "leadjobs_batch_commit_seconds_count", Map.of()).orElseThrow()).isGreaterThanOrEqualTo(1.0);
        assertThat(value(metrics, "leadjobs_batch_scoring_seconds_count", Map.of()).orElseThrow()).isGreaterThanOrEqualTo(1.0);
        assertThat(value(metrics, "leadjobs_sockets", Map.of("transport", "websocket"))).hasValue(1.0);
        assertThat(value(metrics, "leadjobs_sockets", Map.of("transport", "polling"))).hasValue(0.0);
        assertThat(value(metrics, "leadjobs_subscriptions", Map.of())).hasValue(1.0);
        int updatesSeen = client.all("job-update").size();
        assertThat(value(metrics, "leadjobs_updates_delivered_total", Map.of()).orElseThrow()).isGreaterThanOrEqualTo(updatesSeen);
        assertThat(value(metrics, "leadjobs_updates_published_total", Map.of()).orElseThrow()).isGreaterThanOrEqualTo(updatesSeen);
        assertThat(value(metrics, "leadjobs_handshakes_refused_total", Map.of("reason", "token expired"))).hasValue(1.0);

        client.close();
        clients.remove(client);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = scrape();
            assertThat(value(after, "leadjobs_sockets", Map.of("transport", "websocket"))).hasValue(0.0);
            assertThat(value(after, "leadjobs_sockets", Map.of("transport", "polling"))).hasValue(0.0);
            assertThat(value(after, "leadjobs_subscriptions", Map.of())).hasValue(0.0);
        });
    }

    @Test
    void aNetworkEnricherWhoseCircuitOpensShowsItInTheMetrics() throws Exception {
        // a DNS server that is not there: every lookup fails at once, and after a run of failures the DNS enricher's
        // circuit opens; the website probe and RDAP ask the same server
        running = RunningServer.start(Map.of("LEADJOBS_DNS_SERVER", "127.0.0.1:9", "LEADJOBS_RDAP", "off"), Wiring::enrichers);
        assertThat(value(scrape(), "leadjobs_enricher_circuit_open", Map.of("enricher", "dns"))).hasValue(0.0);
        StringBuilder csv = new StringBuilder("email,website\n");
        for (int i = 0; i < 60; i++) {
            csv.append("lead").append(i).append("@company").append(i).append(".com,https://company").append(i)
                    .append(".com\n");
        }
        String jobId = running.submitCsv("alice", csv.toString());
        String token = running.token("alice");
        await().atMost(Duration.ofSeconds(60)).until(() -> running.get("/api/jobs/" + jobId, token).body()
                .contains("\"completed\""));

        String metrics = scrape();
        assertThat(value(metrics, "leadjobs_enricher_circuit_open", Map.of("enricher", "dns"))).hasValue(1.0);
        assertThat(value(metrics, "leadjobs_enricher_circuit_open", Map.of("enricher", "website"))).isPresent();
        assertThat(value(metrics, "leadjobs_enricher_circuit_open", Map.of("enricher", "email-typo")))
                .as("offline enrichers have no circuit").isEmpty();
    }

    @Test
    void metricsAreOpenOnLoopbackAndNeedATokenFromAnotherAddress() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to call from");
        running = RunningServer.start(Map.of("HOST", "0.0.0.0"));
        URI remote = URI.create("http://" + other.get().getHostAddress() + ":" + running.server.port() + "/metrics");

        HttpResponse<String> anonymous = running.http.send(HttpRequest.newBuilder(remote).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(RunningServer.json(anonymous).path("error").asText()).isEqualTo("Authentication failed: missing token");

        HttpResponse<String> withToken = running.http.send(HttpRequest.newBuilder(remote)
                .header("Authorization", "Bearer " + running.token("prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("leadjobs_leads_scored_total");

        HttpResponse<String> local = running.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + running.server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = running.http.send(HttpRequest.newBuilder(running.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the sample {@code name} whose labels are exactly {@code labels}. */
    private static OptionalDouble value(String exposition, String name, Map<String, String> labels) {
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            if (found.equals(labels)) {
                return OptionalDouble.of(Double.parseDouble(m.group(4)));
            }
        }
        return OptionalDouble.empty();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
