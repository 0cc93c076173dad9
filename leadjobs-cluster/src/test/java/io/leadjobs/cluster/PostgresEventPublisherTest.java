package io.leadjobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.RecordingListener;
import io.leadjobs.core.StatusUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two "servers" (two publishers, each with its own pool) on one PostgreSQL database and channel. */
class PostgresEventPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private PgTestDatabase db;
    private final List<JobEventPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = new PgTestDatabase();
    }

    @AfterEach
    void closeEverything() {
        publishers.forEach(JobEventPublisher::close);
        db.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith("leadjobs-pg-"));
    }

    private JobEventPublisher server(PostgresEventPublisher.Builder builder) {
        JobEventPublisher p = builder.dataSource(db.newPool(3)).channel(db.channel()).build();
        publishers.add(p);
        return p;
    }

    private JobEventPublisher server() {
        return server(PostgresEventPublisher.builder().reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static ProgressUpdate progress(UUID job, long seq) {
        return new ProgressUpdate(job, seq, (int) Math.min(100, seq), (int) seq, 100);
    }

    /**
     * A log update, for the tests that count every update of a burst: a listener whose delivery thread a busy
     * machine holds up for half a second may have waiting progress updates coalesced (as it should), so a burst
     * of progress updates does not always arrive whole.
     */
    private static LogUpdate line(UUID job, long seq) {
        return new LogUpdate(job, seq, LogEntry.of(LogLevel.INFO, "line " + seq, T0));
    }

    @Test
    void eachServerDeliversWhatAnyServerPublishesExactlyOnceInSeqOrder() {
        JobEventPublisher a = server();
        JobEventPublisher b = server();
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        a.addListener(onA);
        b.addListener(onB);
        UUID jobOnB = UUID.randomUUID();
        UUID jobOnA = UUID.randomUUID();

        for (long s = 1; s <= 200; s++) {
            b.publish(line(jobOnB, s));
            a.publish(line(jobOnA, s));
        }

        await().atMost(WAIT).until(() -> onA.updates.size() == 400 && onB.updates.size() == 400);
        for (RecordingListener r : List.of(onA, onB)) {
            assertThat(r.seqs(jobOnB)).containsExactlyElementsOf(range(1, 200));
            assertThat(r.seqs(jobOnA)).containsExactlyElementsOf(range(1, 200));
        }
        assertThat(onA.updates).filteredOn(u -> u.jobId().equals(jobOnB)).first().isEqualTo(line(jobOnB, 1));
        assertThat(onA.gaps).hasValue(0);
    }

    @Test
    void updatesPublishedTogetherReachAnotherServersListenersInOneCall() {
        JobEventPublisher a = server();
        JobEventPublisher b = server();
        RecordingListener onB = new RecordingListener();
        b.addListener(onB);
        UUID job = UUID.randomUUID();
        // a job's end: its last report, its status, the log entry and complete
        List<io.leadjobs.core.JobUpdate> end = List.of(progress(job, 1), line(job, 2),
                new StatusUpdate(job, 3, JobStatus.COMPLETED, "Job completed successfully"), line(job, 4),
                new CompleteUpdate(job, 5, JobStatus.COMPLETED,
                        new JobSummary(4, 4, 4, 1, 0, 61.5, Map.of(Grade.A, 1, Grade.B, 3))));

        a.publishAll(end);

        await().atMost(WAIT).until(() -> onB.updates.size() == 5);
        assertThat(onB.calls).containsExactly(end);
        assertThat(onB.gaps).hasValue(0);
    }

    @Test
    void largeUpdatesTravelByReferenceToAStoredRow() throws SQLException {
        JobEventPublisher a = server();
        JobEventPublisher b = server();
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();
        // 20 000 characters, most of them three bytes in UTF-8: far beyond the 8000-byte NOTIFY limit
        String longLine = "Lead row 7: " + "ü€|\\\n;".repeat(3_000) + " end";
        LogUpdate bigLog = new LogUpdate(job, 1, LogEntry.of(LogLevel.WARN, longLine, T0));
        StatusUpdate small = new StatusUpdate(job, 2, JobStatus.COMPLETED, "Job completed successfully");
        CompleteUpdate complete = new CompleteUpdate(job, 3, JobStatus.COMPLETED,
                new JobSummary(1000, 1000, 990, 120, 3, 61.5, Map.of(Grade.A, 120, Grade.C, 880)));

        b.publish(bigLog);
        b.publish(small);
        b.publish(complete);

        await().atMost(WAIT).until(() -> onA.updates.size() == 3);
        assertThat(onA.updates).containsExactly(bigLog, small, complete);
        assertThat(storedRows()).containsExactly(job + "/1");
    }

    @Test
    void aSmallInlineLimitSendsEveryUpdateByReferenceAndOrderHolds() throws SQLException {
        JobEventPublisher a = server(PostgresEventPublisher.builder().inlineLimitBytes(60));
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();

        for (long s = 1; s <= 50; s++) {
            a.publish(new LogUpdate(job, s, LogEntry.of(LogLevel.INFO, "line " + s, T0)));
        }

        await().atMost(WAIT).until(() -> onA.updates.size() == 50);
        assertThat(onA.seqs(job)).containsExactlyElementsOf(range(1, 50));
        assertThat(storedRows()).hasSize(50);
    }

    @Test
    void killedListeningConnectionIsReplacedListenersHearOfAGapAndLaterUpdatesArrive() throws SQLException {
        JobEventPublisher a = server();
        JobEventPublisher b = server();
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();
        b.publish(progress(job, 1));
        await().atMost(WAIT).until(() -> onA.updates.size() == 1);
        List<Integer> before = listeningBackends();
        assertThat(before).hasSize(2);

        assertThat(terminate(before)).isEqualTo(2);

        await().atMost(WAIT).until(() -> onA.gaps.get() == 1);
        await().atMost(WAIT).until(() -> listeningBackends().size() == 2);
        assertThat(listeningBackends()).doesNotContainAnyElementsOf(before);
        for (long s = 2; s <= 20; s++) {
            b.publish(line(job, s));
        }
        await().atMost(WAIT).until(() -> onA.updates.size() == 20);
        assertThat(onA.seqs(job)).containsExactlyElementsOf(range(1, 20));
        assertThat(onA.gaps).hasValue(1);
    }

    @Test
    void publishingSurvivesTheDatabaseDroppingThePublishersConnections() throws SQLException {
        JobEventPublisher a = server();
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();
        a.publish(progress(job, 1));
        await().atMost(WAIT).until(() -> onA.updates.size() == 1);

        // every connection of the test schema's pools, idle ones included, except the listener's
        try (Connection c = DriverManager.getConnection(PgTestDatabase.pgUrl(), PgTestDatabase.PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND datname = 'test' AND application_name = 'PostgreSQL JDBC Driver' AND backend_type = 'client backend'"
                    + " AND query NOT LIKE '%pg_stat_activity%'");
        }
        for (long s = 2; s <= 10; s++) {
            a.publish(line(job, s));
        }

        await().atMost(WAIT).until(() -> onA.updates.size() == 10);
        assertThat(onA.seqs(job)).containsExactlyElementsOf(range(1, 10));
    }

    @Test
    void updatesThatNeverArriveAreNoticedByTheirSeqAndListenersHearOfAGap() {
        JobEventPublisher a = server();
        JobEventPublisher b = server();
        RecordingListener onA = new RecordingListener();
        a.addListener(onA);
        UUID job = UUID.randomUUID();
        // server B stored updates 3 and 4 and died before sending them; server A took the job over at 5
        b.publish(line(job, 1));
        b.publish(line(job, 2));
        await().atMost(WAIT).until(() -> onA.updates.size() == 2);
        assertThat(onA.gaps).hasValue(0);

        a.publish(line(job, 5));
        a.publish(line(job, 6));

        await().atMost(WAIT).until(() -> onA.updates.size() == 4 && onA.gaps.get() == 1);
        assertThat(onA.seqs(job)).containsExactly(1L, 2L, 5L, 6L);
    }

    @Test
    void closeStopsEveryThreadAndReturnsTheListeningConnection() {
        JobEventPublisher a = server();
        assertThat(listeningBackends()).hasSize(1);

        a.close();
        a.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith("leadjobs-pg-"));
        assertThat(listeningBackends()).isEmpty();
    }

    @Test
    void builderRejectsBadSettingsWithAFullSentence() {
        assertThatThrownBy(() -> PostgresEventPublisher.builder().channel("Job-Events; DROP TABLE x"))
                .isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("channel must be a lower-case SQL identifier");
        assertThatThrownBy(() -> PostgresEventPublisher.builder().inlineLimitBytes(8000))
                .hasMessage("inlineLimitBytes must be between 1 and 7900, was 8000");
        assertThatThrownBy(() -> PostgresEventPublisher.builder().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("reconnectBackoff max must be at least min");
        assertThatThrownBy(() -> PostgresEventPublisher.builder().build())
                .hasMessageContaining("needs a dataSource");
    }

    @Test
    void buildFailsClearlyWhenTheDatabaseCannotBeReached() {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test");
        config.setUsername("postgres");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (com.zaxxer.hikari.HikariDataSource unreachable = new com.zaxxer.hikari.HikariDataSource(config)) {
            assertThatThrownBy(() -> PostgresEventPublisher.builder().dataSource(unreachable).manageSchema(false)
                    .startTimeout(Duration.ofSeconds(1)).build())
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessageContaining("could not LISTEN on channel leadjobs_events within PT1S");
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith("leadjobs-pg-"));
    }

    private List<String> storedRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), PgTestDatabase.PG_USER, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT job_id, seq FROM leadjobs_event ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "/" + rs.getLong(2));
            }
        }
        return rows;
    }

    private List<Integer> listeningBackends() {
        List<Integer> pids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PgTestDatabase.pgUrl(), PgTestDatabase.PG_USER, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'leadjobs-listen "
                     + db.channel() + "' ORDER BY pid")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    private static int terminate(List<Integer> pids) throws SQLException {
        int n = 0;
        try (Connection c = DriverManager.getConnection(PgTestDatabase.pgUrl(), PgTestDatabase.PG_USER, "");
             Statement st = c.createStatement()) {
            for (int pid : pids) {
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                    rs.next();
                    n += rs.getBoolean(1) ? 1 : 0;
                }
            }
        }
        return n;
    }
}
