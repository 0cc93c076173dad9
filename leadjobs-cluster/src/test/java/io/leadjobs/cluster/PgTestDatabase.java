package io.leadjobs.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import io.leadjobs.core.testing.TestPostgres;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away place on the tests' PostgreSQL ({@link TestPostgres}: the server {@code LEADJOBS_TEST_POSTGRES_URL}
 * names, or an embedded one; trust authentication, user {@code postgres}), database {@code test} (created when
 * missing), for one test: a schema and a NOTIFY channel (channels are
 * database-wide) with random names. {@link #close()} closes the pools and drops the schema.
 */
final class PgTestDatabase implements AutoCloseable {
    static final String PG_USER = "postgres";
    private static boolean databaseExists;

    /** The {@code test} database of the tests' server. */
    static String pgUrl() {
        ensureDatabase();
        return TestPostgres.serverUrl() + "test";
    }

    private static synchronized void ensureDatabase() {
        if (databaseExists) {
            return;
        }
        try (Connection c = DriverManager.getConnection(TestPostgres.serverUrl() + "postgres", PG_USER, "");
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'test'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE test");
                }
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            databaseExists = true;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestPostgres.serverUrl() + " must accept user postgres with trust auth: "
                    + e.getMessage(), e);
        }
    }

    static {
        // pgjdbc asserts that getAutoCommit() never throws, which it does on a connection the server just
        // killed, as the reconnect tests do; production runs without -ea.
        PgTestDatabase.class.getClassLoader().setPackageAssertionStatus("org.postgresql", false);
    }

    private final String schema;
    private final String channel;
    private final List<HikariDataSource> pools = new ArrayList<>();

    PgTestDatabase() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        this.schema = "leadjobs_cluster_" + id;
        this.channel = "leadjobs_test_" + id;
        execute("CREATE SCHEMA " + schema);
    }

    String schema() {
        return schema;
    }

    String channel() {
        return channel;
    }

    String url() {
        return pgUrl() + "?currentSchema=" + schema;
    }

    /** A new pool on the test schema, as one server would have. */
    HikariDataSource newPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(PG_USER);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName("leadjobs-cluster-test-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** Runs a statement on a connection of its own, outside every pool. */
    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(pgUrl(), PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestPostgres.serverUrl() + " must accept user postgres with trust auth (" + sql + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
