package io.leadjobs.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away place on the local PostgreSQL ({@code 127.0.0.1:5432}, trust authentication, user
 * {@code postgres}, database {@code test}) for one test: a schema and a NOTIFY channel (channels are
 * database-wide) with random names. {@link #close()} closes the pools and drops the schema.
 */
final class PgTestDatabase implements AutoCloseable {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PG_USER = "postgres";

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
        return PG_URL + "?currentSchema=" + schema;
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
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must run on 127.0.0.1:5432 with trust auth for user postgres (" + sql + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
