package io.leadjobs.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.ScoreReason;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the example host in-process on port 0 and watches a job through a real socket.io-client-java
 * connection authenticated with a real HS256 token.
 */
class EmbeddedTomcatAppTest {

    private static final String SECRET = "embedded-tomcat-example-secret-of-at-least-32-bytes";

    /** Holds the host's customer lookup until the client has subscribed, so the job's updates stream live. */
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CustomerDirectory customers = companyOrDomain -> {
        try {
            subscribed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CustomerDirectory.of(List.of("Acme Corp")).isCustomer(companyOrDomain);
    };

    private EmbeddedTomcatApp app;
    private OkHttpClient http;
    private Socket client;

    @AfterEach
    void stop() throws InterruptedException {
        subscribed.countDown();
        if (client != null) {
            client.close();
        }
        if (app != null) {
            app.close();
        }
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
            http.connectionPool().evictAll();
        }
    }

    @Test
    void subscribedClientSeesTheJobCompleteAndTheHostsRuleScoresTheExistingCustomer() throws Exception {
        app = EmbeddedTomcatApp.start(0, SECRET, customers);
        Job job = app.jobs().submit("alice", JobRequest.of("Trade fair", List.of(
                Lead.builder().email("jane.doe@acme.com").title("CTO").company("Acme Corp").build(),
                Lead.builder().email("sam.lee@globex.com").title("Engineer").company("Globex").build())));

        List<JSONObject> statuses = new CopyOnWriteArrayList<>();
        List<JSONObject> updates = new CopyOnWriteArrayList<>();
        client = connect(token("alice", SECRET));
        client.on("job-status", args -> statuses.add((JSONObject) args[0]));
        client.on("job-update", args -> updates.add((JSONObject) args[0]));
        client.connect();
        await().atMost(Duration.ofSeconds(10)).until(client::connected);

        CompletableFuture<Object[]> ack = new CompletableFuture<>();
        client.emit("subscribe-job", new Object[] {job.id().toString()}, (Ack) ack::complete);
        assertThat(((JSONObject) ack.get(10, TimeUnit.SECONDS)[0]).getBoolean("ok")).isTrue();
        subscribed.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> updates.stream().anyMatch(u -> "complete".equals(u.optString("type"))));
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).getString("jobId")).isEqualTo(job.id().toString());
        assertThat(updates).extracting(u -> u.optString("type")).contains("progress", "log").last().isEqualTo("complete");
        assertThat(updates).filteredOn(u -> "progress".equals(u.optString("type"))).last()
                .satisfies(progress -> assertThat(progress.optInt("progress")).isEqualTo(100));
        assertThat(updates.get(updates.size() - 1).getString("status")).isEqualTo("completed");

        List<LeadResult> results = app.jobs().results("alice", job.id(), 0, 10);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).score().reasons())
                .contains(new ScoreReason("existing_customer", 15, "Account is an existing customer"));
        assertThat(results.get(1).score().reasons()).extracting(ScoreReason::rule).doesNotContain("existing_customer");
    }

    @Test
    void refusesAClientWhoseTokenIsSignedWithAnotherSecret() throws Exception {
        app = EmbeddedTomcatApp.start(0, SECRET, CustomerDirectory.of(List.of("Acme Corp")));
        client = connect(token("alice", "another-secret-that-is-also-at-least-32-bytes-long"));
        CompletableFuture<Object> refusal = new CompletableFuture<>();
        client.on(Socket.EVENT_CONNECT_ERROR, args -> refusal.complete(args[0]));
        client.connect();

        assertThat(String.valueOf(refusal.get(10, TimeUnit.SECONDS))).contains("Authentication failed: invalid signature");
        assertThat(client.connected()).isFalse();
    }

    private Socket connect(String token) {
        http = new OkHttpClient.Builder().build();
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setAuth(Map.of("token", token)).build();
        options.callFactory = http;
        options.webSocketFactory = http;
        return IO.socket(URI.create("http://localhost:" + app.port()), options);
    }

    private static String token(String user, String secret) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
