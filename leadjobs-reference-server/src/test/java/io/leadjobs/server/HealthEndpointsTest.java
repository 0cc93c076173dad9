package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} as before, {@code /health/live}, and {@code /health/ready} following the server's stop and its
 * PostgreSQL database (a database of its own, whose connections the test kills and refuses, then allows again).
 */
class HealthEndpointsTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    private RunningServer running;
    private String database;

    @AfterEach
    void stop() throws SQLException {
        if (running != null) {
            running.close();
        }
        if (database != null) {
            sql("test", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void healthStaysAsItWasAndLiveAndReadyAnswerUp() throws Exception {
        running = RunningServer.start();

        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = get("/health/nonsense");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(RunningServer.json(unknown).path("error").asText()).contains("/health/live", "/health/ready");
    }

    @Test
    void readinessAnswers503WhileTheServerDrainsAndLivenessStaysUp() throws Exception {
        GateEnricher gate = new GateEnricher();
        running = RunningServer.start(Map.of(), s -> {
            List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
            enrichers.add(gate);
            return enrichers;
        });
        running.submitCsv("alice", "email,title\njane@acme.com,CTO\n");
        assertThat(gate.awaitEntered()).isTrue();
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(running.server::close);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/health/ready").statusCode()).isEqualTo(503));
            HttpResponse<String> draining = get("/health/ready");
            assertThat(RunningServer.json(draining).path("reason").asText()).isEqualTo("The server is stopping.");
            assertThat(get("/health/live").statusCode()).isEqualTo(200);
            assertThat(closing).isNotDone();
        } finally {
            gate.open();
        }
        closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void readinessAnswers503WithinFourSecondsOfTheDatabaseGoingAwayAnd200OnceItIsBack() throws Exception {
        database = "leadjobs_health_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("test", "CREATE DATABASE " + database);
        running = RunningServer.start(Map.of("LEADJOBS_DB_URL", PG + database, "LEADJOBS_DB_USER", "postgres"));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        sql("test", "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
        sql("test", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        // the probe gives the store 1 s; without that limit the lookup would wait for the pool's 5 s connection
        // timeout. 4 s tells the two apart and leaves a busy machine 3 s for the request around the probe.
        long gone = System.nanoTime();
        HttpResponse<String> down = get("/health/ready");
        while (down.statusCode() == 200 && System.nanoTime() - gone < Duration.ofSeconds(4).toNanos()) {
            down = get("/health/ready");
        }
        long answeredAfterMillis = Duration.ofNanos(System.nanoTime() - gone).toMillis();
        assertThat(down.statusCode()).as("readiness %d ms after the database went away", answeredAfterMillis).isEqualTo(503);
        assertThat(answeredAfterMillis).isLessThan(4_000);
        assertThat(RunningServer.json(down).path("reason").asText()).startsWith("The job store");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        sql("test", "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/health/ready").statusCode()).isEqualTo(200));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return running.http.send(HttpRequest.newBuilder(running.uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sql(String db, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + db, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
