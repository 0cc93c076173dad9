package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Job;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaMigrationTest {

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void appliesEachScriptOnceAndRecordsIt(JdbcDialect dialect) throws SQLException {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            assertThat(SchemaMigrator.migrate(db.dataSource(), dialect)).containsExactlyElementsOf(versions(dialect));
            assertThat(SchemaMigrator.migrate(db.dataSource(), dialect)).isEmpty();
            db.storeBuilder().build();

            assertThat(query(db, "SELECT version || ' ' || script FROM leadjobs_schema_history ORDER BY version")).containsExactlyElementsOf(history(dialect));
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void leavesTheSchemaAloneWhenToldTo(JdbcDialect dialect) throws SQLException {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            JdbcJobStore store = db.storeBuilder().manageSchema(false).build();
            UUID id = UUID.randomUUID();

            assertThatThrownBy(() -> store.find(id))
                    .isInstanceOf(LeadJobsException.StoreException.class)
                    .hasMessageStartingWith("Job store failed to read job " + id);
            assertThat(query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA AND LOWER(table_name) LIKE 'leadjobs%'")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void worksOnASchemaAHostMigratedWithTheShippedScripts(JdbcDialect dialect) throws SQLException {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String script : SchemaMigrator.scripts(dialect)) {
                    for (String statement : SchemaMigrator.statements(SchemaMigrator.read(dialect.migrationLocation() + "/" + script))) {
                        st.execute(statement);
                    }
                }
            }
            JdbcJobStore store = db.storeBuilder().manageSchema(false).build();
            Job job = queuedJob("alice", 2, T0);
            store.create(job, accepted(2), List.of());

            assertThat(store.find(job.id())).contains(job);
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void upgradesAVersion1DatabaseAndKeepsItsJobs(JdbcDialect dialect) throws SQLException {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            // a database that a release with only version 1 set up, holding a job, its leads and a result,
            // written the way that release wrote them
            Job job = queuedJob("alice", 3, T0);
            List<AcceptedLead> leads = accepted(3);
            LeadResult result = result(leads.get(1), 80);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String statement : SchemaMigrator.statements(SchemaMigrator.read(dialect.migrationLocation() + "/V1__leadjobs.sql"))) {
                    st.execute(statement);
                }
                writeAsVersion1(c, job, leads, result);
                st.execute("CREATE TABLE leadjobs_schema_history (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                        + " checksum BIGINT NOT NULL, installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " execution_ms BIGINT NOT NULL)");
                st.execute("INSERT INTO leadjobs_schema_history (version, script, checksum, execution_ms) VALUES (1, 'V1__leadjobs.sql', "
                        + SchemaMigrator.checksum(SchemaMigrator.read(dialect.migrationLocation() + "/V1__leadjobs.sql")) + ", 1)");
            }

            JdbcJobStore store = db.storeBuilder().build();

            assertThat(query(db, "SELECT version || ' ' || script FROM leadjobs_schema_history ORDER BY version"))
                    .containsExactlyElementsOf(history(dialect));
            assertThat(store.find(job.id())).contains(job);
            assertThat(store.leads(job.id(), 0, 10)).isEqualTo(leads);
            assertThat(store.results(job.id(), 0, 10)).containsExactly(result);
            assertThat(query(db, "SELECT constraint_type FROM information_schema.table_constraints"
                    + " WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
                    + " AND UPPER(table_name) = 'LEADJOBS_LEAD' AND UPPER(table_schema) = UPPER(CURRENT_SCHEMA)"))
                    .as("version 3 drops the lead table's foreign key and keeps its primary key").containsExactly("PRIMARY KEY");
            if (dialect == JdbcDialect.H2) {
                assertThat(query(db, "SELECT lead_key - (SELECT job_seq FROM leadjobs_job) * 4294967296 FROM leadjobs_lead ORDER BY lead_key"))
                        .as("version 4 keys the leads by job_seq * 2^32 + lead_index").containsExactly("0", "1", "2");
                assertThat(query(db, "SELECT lead_key - (SELECT job_seq FROM leadjobs_job) * 4294967296 FROM leadjobs_result"))
                        .as("and the results the same way").containsExactly("1");
            }
            assertThat(store.cancelRequested(job.id())).isFalse();
            assertThat(store.requestCancel(job.id())).isTrue();
            assertThat(store.cancelRequested(job.id())).isTrue();
        }
    }

    /** Inserts a job, its leads and one result with the columns and encodings of schema version 1. */
    private static void writeAsVersion1(Connection c, Job job, List<AcceptedLead> leads, LeadResult result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_job (id, owner, name, status, total_leads, processed_leads,"
                + " enriched_leads, high_score_leads, rejected_leads, created_at, last_seq) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)")) {
            ps.setObject(1, job.id());
            ps.setString(2, job.owner());
            ps.setString(3, job.name());
            ps.setString(4, job.status().wireName());
            ps.setInt(5, job.totalLeads());
            ps.setLong(6, job.createdAt().getEpochSecond() * 1_000_000_000L + job.createdAt().getNano());
            ps.setLong(7, job.lastSeq());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_lead (job_id, lead_index, source_row, email, first_name,"
                + " last_name, company, title, website, phone, country, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AcceptedLead a : leads) {
                Lead l = a.lead();
                ps.setObject(1, job.id());
                ps.setInt(2, a.index());
                ps.setInt(3, a.row());
                ps.setString(4, l.email());
                ps.setString(5, l.firstName());
                ps.setString(6, l.lastName());
                ps.setString(7, l.company());
                ps.setString(8, l.title());
                ps.setString(9, l.website());
                ps.setString(10, l.phone());
                ps.setString(11, l.country());
                ps.setString(12, TextCodec.encodeExtra(l.extra()));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leadjobs_result (job_id, lead_index, source_row, score, grade,"
                + " high_score, enriched, reasons, enrichment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, job.id());
            ps.setInt(2, result.index());
            ps.setInt(3, result.row());
            ps.setInt(4, result.score().score());
            ps.setString(5, result.score().grade().name());
            ps.setBoolean(6, result.score().highScore());
            ps.setBoolean(7, result.enriched());
            ps.setString(8, TextCodec.encodeReasons(result.score().reasons()));
            ps.setString(9, TextCodec.encodeEnrichment(result.enrichment()));
            ps.executeUpdate();
        }
    }

    /** The versions a new database of {@code dialect} gets. */
    private static List<Integer> versions(JdbcDialect dialect) {
        return SchemaMigrator.scripts(dialect).stream().map(SchemaMigrator::versionOf).toList();
    }

    /** leadjobs_schema_history's rows, "version script", once every script of {@code dialect} ran. */
    private static List<String> history(JdbcDialect dialect) {
        return SchemaMigrator.scripts(dialect).stream().map(s -> SchemaMigrator.versionOf(s) + " " + s).toList();
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void refusesToStartWhenAnAppliedScriptWasChanged(JdbcDialect dialect) throws SQLException {
        try (TestDatabase db = TestDatabase.of(dialect)) {
            db.storeBuilder().build();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE leadjobs_schema_history SET checksum = 12345 WHERE version = 1");
            }

            assertThatThrownBy(() -> db.storeBuilder().build())
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessageContaining(dialect.migrationLocation() + "/V1__leadjobs.sql")
                    .hasMessageContaining("the database recorded 12345")
                    .hasMessageContaining("changed after it was applied");
        }
    }

    @Test
    void twoServersStartingTogetherOnPostgresqlMigrateOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Integer>>> runs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    var ds = db.newPool(1);
                    runs.add(pool.submit((Callable<List<Integer>>) () -> {
                        try (ds) {
                            go.await();
                            return SchemaMigrator.migrate(ds, JdbcDialect.POSTGRESQL);
                        }
                    }));
                }
                go.countDown();
                List<Integer> applied = new ArrayList<>();
                for (Future<List<Integer>> run : runs) {
                    applied.addAll(run.get(60, TimeUnit.SECONDS));
                }
                assertThat(applied).containsExactlyElementsOf(versions(JdbcDialect.POSTGRESQL));
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void storesStartingTogetherOnAFreshDatabaseAllComeUpRoundAfterRound(JdbcDialect dialect) throws Exception {
        int stores = 4;
        ExecutorService threads = Executors.newFixedThreadPool(stores);
        try {
            for (int round = 1; round <= 5; round++) {
                try (TestDatabase db = TestDatabase.of(dialect)) {
                    CountDownLatch ready = new CountDownLatch(stores);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Job>> starts = new ArrayList<>();
                    for (int i = 0; i < stores; i++) {
                        var ds = db.newPool(2); // each store its own pool, as separate servers have
                        String owner = "owner-" + i;
                        starts.add(threads.submit(() -> {
                            try (ds) {
                                ready.countDown();
                                go.await();
                                JdbcJobStore store = JdbcJobStore.builder().dataSource(ds).build();
                                Job job = queuedJob(owner, 1, T0);
                                store.create(job, accepted(1), List.of());
                                return store.find(job.id()).orElseThrow();
                            }
                        }));
                    }
                    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                    go.countDown();
                    for (Future<Job> start : starts) {
                        assertThat(start.get(120, TimeUnit.SECONDS).totalLeads()).as("round %d", round).isEqualTo(1);
                    }
                    assertThat(query(db, "SELECT version || ' ' || script FROM leadjobs_schema_history ORDER BY version"))
                            .as("round %d: each version applied once", round).containsExactlyElementsOf(history(dialect));
                }
            }
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void eachDialectHasItsVersionsInOrderAndOnlyH2HasVersion4() {
        assertThat(versions(JdbcDialect.POSTGRESQL)).containsExactly(1, 2, 3, 5);
        assertThat(versions(JdbcDialect.H2)).containsExactly(1, 2, 3, 4, 5);
        assertThat(SchemaMigrator.scripts(JdbcDialect.H2)).endsWith("V4__lead_keys.sql", "V5__rejected_input.sql");
        assertThat(SchemaMigrationTest.class.getClassLoader().getResource(JdbcDialect.POSTGRESQL.migrationLocation() + "/V4__lead_keys.sql"))
                .as("PostgreSQL keeps (job_id, lead_index) as its key").isNull();
    }

    @Test
    void shipsFlywayNamedScriptsForEveryDialect() {
        for (JdbcDialect dialect : JdbcDialect.values()) {
            for (String script : SchemaMigrator.scripts(dialect)) {
                assertThat(script).matches("V[0-9]+__[A-Za-z0-9_]+\\.sql");
                assertThat(SchemaMigrator.statements(SchemaMigrator.read(dialect.migrationLocation() + "/" + script)))
                        .as(dialect + " " + script).isNotEmpty();
            }
        }
    }

    @Test
    void refusesADatabaseItDoesNotSpeak() {
        assertThatThrownBy(() -> JdbcDialect.fromProductName("MySQL"))
                .hasMessage("the job store's database must be H2 or PostgreSQL, was MySQL");
    }

    @Test
    void refusesToBuildWithoutADataSource() {
        assertThatThrownBy(() -> JdbcJobStore.builder().build())
                .hasMessage("JdbcJobStore needs a dataSource; call dataSource(...) before build()");
        assertThatThrownBy(() -> JdbcJobStore.builder().logsPerJob(0))
                .hasMessage("logsPerJob must be between 1 and 1000000, was 0");
    }

    private static List<String> query(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
