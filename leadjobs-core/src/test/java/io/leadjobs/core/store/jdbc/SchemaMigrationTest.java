package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Job;
import io.leadjobs.core.LeadJobsException;
import java.sql.Connection;
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
            assertThat(SchemaMigrator.migrate(db.dataSource(), dialect)).containsExactly(1, 2, 3);
            assertThat(SchemaMigrator.migrate(db.dataSource(), dialect)).isEmpty();
            db.storeBuilder().build();

            assertThat(query(db, "SELECT version || ' ' || script FROM leadjobs_schema_history ORDER BY version")).containsExactly("1 V1__leadjobs.sql", "2 V2__cancel_requests.sql", "3 V3__lead_without_foreign_key.sql");
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
                for (String script : SchemaMigrator.SCRIPTS) {
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
            // a database that a release with only version 1 set up, holding a queued job
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String statement : SchemaMigrator.statements(SchemaMigrator.read(dialect.migrationLocation() + "/V1__leadjobs.sql"))) {
                    st.execute(statement);
                }
            }
            Job job = queuedJob("alice", 2, T0);
            db.storeBuilder().manageSchema(false).build().create(job, accepted(2), List.of());
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE leadjobs_schema_history (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                        + " checksum BIGINT NOT NULL, installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " execution_ms BIGINT NOT NULL)");
                st.execute("INSERT INTO leadjobs_schema_history (version, script, checksum, execution_ms) VALUES (1, 'V1__leadjobs.sql', "
                        + SchemaMigrator.checksum(SchemaMigrator.read(dialect.migrationLocation() + "/V1__leadjobs.sql")) + ", 1)");
            }

            JdbcJobStore store = db.storeBuilder().build();

            assertThat(query(db, "SELECT version || ' ' || script FROM leadjobs_schema_history ORDER BY version"))
                    .containsExactly("1 V1__leadjobs.sql", "2 V2__cancel_requests.sql", "3 V3__lead_without_foreign_key.sql");
            assertThat(store.find(job.id())).contains(job);
            assertThat(store.leads(job.id(), 0, 10)).isEqualTo(accepted(2));
            assertThat(query(db, "SELECT constraint_type FROM information_schema.table_constraints"
                    + " WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
                    + " AND UPPER(table_name) = 'LEADJOBS_LEAD' AND UPPER(table_schema) = UPPER(CURRENT_SCHEMA)"))
                    .as("version 3 drops the lead table's foreign key and keeps its primary key").containsExactly("PRIMARY KEY");
            assertThat(store.cancelRequested(job.id())).isFalse();
            assertThat(store.requestCancel(job.id())).isTrue();
            assertThat(store.cancelRequested(job.id())).isTrue();
        }
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
                assertThat(applied).containsExactly(1, 2, 3);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void shipsFlywayNamedScriptsForEveryDialect() {
        for (JdbcDialect dialect : JdbcDialect.values()) {
            for (String script : SchemaMigrator.SCRIPTS) {
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
