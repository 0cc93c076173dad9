package io.leadjobs.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogEntry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process working on a large job with the JDBC store (PostgreSQL, or an H2 file) is killed with
 * SIGKILL in the middle of it; a new job service on the same database takes the job over when the dead worker's lease expires
 * and finishes it. Every lead ends up in the results exactly once and the counters match the results.
 */
class CrashRecoveryTest {
    static final Duration LEASE = Duration.ofSeconds(2);
    private static final int LEADS = 20_000;

    @Test
    void aJobWhoseServerWasKilledIsFinishedByAnotherOnPostgresql(@TempDir Path tmp) throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            JdbcJobStore store = db.storeBuilder().build();
            UUID id = submit(store);

            int acknowledged = killMidJob(db.url(), tmp.resolve("server.log"));

            finishAndCheck(store, id, db.dataSource(), acknowledged);
        }
    }

    @Test
    void aJobWhoseServerWasKilledIsFinishedByAnotherOnAnH2File(@TempDir Path tmp) throws Exception {
        String url = JdbcJobStore.h2FileUrl(tmp);
        UUID id;
        try (HikariDataSource ds = h2Pool(url)) {
            id = submit(JdbcJobStore.builder().dataSource(ds).build());
        }

        int acknowledged = killMidJob(url, tmp.resolve("server.log"));

        try (HikariDataSource ds = h2Pool(url)) {
            finishAndCheck(JdbcJobStore.builder().dataSource(ds).build(), id, ds, acknowledged);
        }
    }

    private static UUID submit(JdbcJobStore store) {
        try (JobService submitter = JobService.builder().store(store).build()) {
            return submitter.submit("alice", JobRequest.of("big upload", leads(LEADS))).id();
        }
    }

    /**
     * Starts a server process on the database, waits until it has stored 1,000 leads, SIGKILLs it, and
     * returns the most leads it reported as committed before it died.
     */
    private static int killMidJob(String url, Path log) throws Exception {
        Process server = startServer(url, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> processedSoFar(log) >= 1_000);
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return processedSoFar(log);
    }

    private static void finishAndCheck(JdbcJobStore store, UUID id, DataSource ds, int acknowledged) throws SQLException {
        Job interrupted = store.find(id).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(interrupted.processedLeads()).as("every batch the killed server reported as stored survived")
                .isBetween(acknowledged, LEADS - 1);
        assertThat(resultRows(ds, id)).as("results committed with the counters").isEqualTo(interrupted.processedLeads());

        try (JobService successor = JobService.builder().store(store).lease(LEASE).pollInterval(Duration.ofMillis(50)).build()) {
            successor.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> store.find(id).orElseThrow().status().isTerminal());
        }

        Job done = store.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        List<LeadResult> results = store.results(id, 0, LEADS);
        assertThat(results).hasSize(LEADS);
        for (int i = 0; i < LEADS; i++) {
            assertThat(results.get(i).index()).isEqualTo(i);
            assertThat(results.get(i).row()).isEqualTo(i + 1);
            assertThat(results.get(i).lead().email()).isEqualTo(lead(i + 1).email());
        }
        assertThat(resultRows(ds, id)).isEqualTo(LEADS);
        assertThat(done.processedLeads()).isEqualTo(LEADS);
        assertThat(done.highScoreLeads()).isEqualTo((int) results.stream().filter(r -> r.score().highScore()).count());
        assertThat(done.enrichedLeads()).isEqualTo((int) results.stream().filter(LeadResult::enriched).count());
        assertThat(store.recentLogs(id, 1000)).extracting(LogEntry::message)
                .anyMatch(m -> m.startsWith("Resumed at lead " + (interrupted.processedLeads() + 1)));
    }

    private static Process startServer(String url, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashTestServer.class.getName(), url)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        File file = log.toFile();
        await().atMost(Duration.ofSeconds(30)).until(() -> !p.isAlive() || Files.readString(file.toPath()).contains("started"));
        assertThat(p.isAlive()).as("server process runs; its output: %s", Files.readString(log)).isTrue();
        return p;
    }

    private static int processedSoFar(Path log) throws IOException {
        int processed = 0;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("processed ")) {
                processed = Math.max(processed, Integer.parseInt(line.substring("processed ".length()).strip()));
            }
        }
        return processed;
    }

    private static HikariDataSource h2Pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    static Lead lead(int i) {
        return Lead.builder().email("person" + i + "@company" + (i % 500) + ".com").firstName("P" + i).lastName("Q" + i)
                .company("Company " + (i % 500)).title(i % 3 == 0 ? "VP Sales" : "Engineer").country("US").build();
    }

    static List<Lead> leads(int n) {
        List<Lead> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(lead(i));
        }
        return out;
    }

    private static long resultRows(DataSource ds, UUID id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT lead_index) FROM leadjobs_result WHERE job_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("distinct lead indexes").isEqualTo(rs.getLong(1));
                return rs.getLong(1);
            }
        }
    }
}
