package io.leadjobs.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the example host in-process on port 0 and watches a job through a real socket.io-client-java connection,
 * authenticated with a real HS256 token, on each Engine.IO transport alone.
 */
class EmbeddedJettyAppTest {

    /** Holds every lead until the client has subscribed, so that the job's updates reach it live. */
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final LeadEnricher untilSubscribed = new LeadEnricher() {
        @Override
        public String name() {
            return "until-subscribed";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
            subscribed.await(60, TimeUnit.SECONDS);
        }
    };

    private EmbeddedJettyApp app;
    private JettyTestClients clients;

    @AfterEach
    void stop() {
        subscribed.countDown();
        if (clients != null) {
            clients.close();
        }
        if (app != null) {
            app.close();
        }
        // the library's threads and Jetty's (its pool is named leadjobs-jetty) are all gone
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(JettyTestClients.leadjobsThreads()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "polling"})
    void aSubscribedClientWatchesTheJobToItsEndOnEitherTransport(String transport) throws Exception {
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(untilSubscribed);
        app = EmbeddedJettyApp.start(0, JettyTestClients.SECRET, enrichers);
        Job job = app.jobs().submit("alice", JobRequest.of("Trade fair", List.of(
                Lead.builder().email("jane.doe@acme.com").title("CTO").company("Acme Corp").build(),
                Lead.builder().email("sam.lee@gmail.com").title("Engineer").build())));

        clients = new JettyTestClients(app.port());
        Socket client = clients.socket(transport, JettyTestClients.token("alice", JettyTestClients.SECRET));
        List<JSONObject> statuses = new CopyOnWriteArrayList<>();
        List<JSONObject> updates = new CopyOnWriteArrayList<>();
        client.on("job-status", args -> statuses.add((JSONObject) args[0]));
        client.on("job-update", args -> updates.add((JSONObject) args[0]));
        client.connect();
        await().atMost(Duration.ofSeconds(30)).until(client::connected);

        CompletableFuture<Object[]> ack = new CompletableFuture<>();
        client.emit("subscribe-job", new Object[] {job.id().toString()}, (Ack) ack::complete);
        assertThat(((JSONObject) ack.get(30, TimeUnit.SECONDS)[0]).getBoolean("ok")).isTrue();
        subscribed.countDown();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> updates.stream().anyMatch(u -> "complete".equals(u.optString("type"))));
        assertThat(statuses).singleElement().satisfies(s -> assertThat(s.getString("jobId")).isEqualTo(job.id().toString()));
        assertThat(updates).extracting(u -> u.optString("type")).contains("progress", "log").last().isEqualTo("complete");
        assertThat(updates).filteredOn(u -> "progress".equals(u.optString("type"))).last()
                .satisfies(progress -> assertThat(progress.optInt("progress")).isEqualTo(100));
        assertThat(updates.get(updates.size() - 1).getString("status")).isEqualTo("completed");

        List<LeadResult> results = app.jobs().results("alice", job.id(), 0, 10);
        assertThat(results).extracting(r -> r.lead().email()).containsExactly("jane.doe@acme.com", "sam.lee@gmail.com");
        assertThat(results.get(0).score().reasons()).extracting(ScoreReason::rule).contains("business_email");
        assertThat(results.get(1).score().reasons()).extracting(ScoreReason::rule).contains("free_email");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "polling"})
    void refusesAClientWhoseTokenIsSignedWithAnotherSecret(String transport) throws Exception {
        app = EmbeddedJettyApp.start(0, JettyTestClients.SECRET, Enrichers.defaults());
        clients = new JettyTestClients(app.port());
        Socket client = clients.socket(transport,
                JettyTestClients.token("alice", "another-secret-that-is-also-at-least-32-bytes-long"));
        CompletableFuture<Object> refusal = new CompletableFuture<>();
        client.on(Socket.EVENT_CONNECT_ERROR, args -> refusal.complete(args[0]));
        client.connect();

        assertThat(String.valueOf(refusal.get(30, TimeUnit.SECONDS))).contains("Authentication failed: invalid signature");
        assertThat(client.connected()).isFalse();
    }

    @Test
    void refusesASecretShorterThan32BytesBeforeStartingAnything() {
        assertThatThrownBy(() -> EmbeddedJettyApp.start(0, "too-short", Enrichers.defaults()))
                .hasMessageContaining("hmacSecret").hasMessageContaining("32 bytes");
        assertThat(JettyTestClients.leadjobsThreads()).isEmpty();
    }
}
