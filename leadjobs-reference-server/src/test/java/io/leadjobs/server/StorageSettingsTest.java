package io.leadjobs.server;

import io.leadjobs.core.testing.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StorageSettingsTest {


    @TempDir
    Path dataDir;

    private static void awaitCompleted(RunningServer server, String jobId, String token) {
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));
    }

    @Test
    void keepsJobsInAnH2DatabaseUnderTheDataDirectoryAcrossRestarts() throws Exception {
        String jobId;
        try (RunningServer first = RunningServer.start(Map.of("LEADJOBS_DATA_DIR", dataDir.toString()))) {
            assertThat(first.server.settings().storage()).isInstanceOf(Storage.DataDirectory.class);
            jobId = first.submitCsv("alice", RestApiTest.CSV);
            awaitCompleted(first, jobId, first.token("alice"));
        }
        assertThat(Files.list(dataDir)).anyMatch(f -> f.getFileName().toString().startsWith("leadjobs"));

        try (RunningServer second = RunningServer.start(Map.of("LEADJOBS_DATA_DIR", dataDir.toString()))) {
            JsonNode results = RunningServer.json(second.get("/api/jobs/" + jobId + "/results", second.token("alice")));
            assertThat(results.get("leads")).hasSize(2);
            assertThat(results.get("rejected")).hasSize(1);
        }
    }

    @Test
    void keepsJobsInPostgresqlNamedByTheDatabaseUrl() throws Exception {
        String database = "leadjobs_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(TestPostgres.serverUrl() + "postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try {
            String jobId;
            Map<String, String> settings = Map.of("LEADJOBS_DB_URL", TestPostgres.serverUrl() + database, "LEADJOBS_DB_USER", "postgres");
            try (RunningServer first = RunningServer.start(settings)) {
                jobId = first.submitCsv("alice", RestApiTest.CSV);
                awaitCompleted(first, jobId, first.token("alice"));
            }
            try (RunningServer second = RunningServer.start(settings)) {
                JsonNode status = RunningServer.json(second.get("/api/jobs/" + jobId, second.token("alice")));
                assertThat(status.get("status").asText()).isEqualTo("completed");
                assertThat(status.get("processed_leads").asInt()).isEqualTo(2);
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(TestPostgres.serverUrl() + "postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void stopsStartUpNamingTheDatabaseUrlWhenTheDatabaseCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = Map.of("LEADJOBS_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/leadjobs?password=hunter2", "LEADJOBS_DB_USER", "postgres");

        assertThatThrownBy(() -> RunningServer.start(settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_DB_URL (--db-url)")
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo("LEADJOBS_DB_URL"));
    }

    @Test
    void stopsStartUpNamingTheDataDirectoryWhenItCannotBeCreated() throws Exception {
        Path file = Files.writeString(dataDir.resolve("occupied"), "x");

        assertThatThrownBy(() -> RunningServer.start(Map.of("LEADJOBS_DATA_DIR", file.resolve("sub").toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("LEADJOBS_DATA_DIR (--data-dir)");
    }
}
