package io.leadjobs.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.leadjobs.core.testing.TestPostgres;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A throw-away database for one test: an H2 in-memory database, or a schema with a random name in the
 * tests' PostgreSQL ({@link TestPostgres}: the server {@code LEADJOBS_TEST_POSTGRES_URL} names, or an embedded
 * one; trust authentication, user {@code postgres}) that
 * {@link #close()} drops again. The schemas live in a database of these tests' own,
 * {@value #PG_DATABASE} (created when missing), and the connections carry the application name
 * {@value #PG_APPLICATION}, so that other modules' tests that terminate connections of the shared
 * {@code test} database (to provoke outages of their own) leave these alone.
 */
final class TestDatabase implements AutoCloseable {
    static final String PG_DATABASE = "leadjobs_jdbc_tests";
    static final String PG_APPLICATION = "leadjobs-jdbc-tests";
    /** The tests' PostgreSQL server, without a database. */
    static String pgServer() {
        return TestPostgres.serverUrl();
    }

    /** The tests' database; append further parameters with {@code &}. */
    static String pgHostUrl() {
        return pgServer() + PG_DATABASE + "?ApplicationName=" + PG_APPLICATION;
    }

    private static boolean databaseExists;
    static final String PG_USER = "postgres";

    static {
        // pgjdbc asserts (BatchResultHandler.isAutoCommit) that Connection.getAutoCommit() never throws, but it
        // does on a connection the server has just dropped, which is what the outage tests provoke. Production
        // runs without -ea; here the driver's own assertions are switched off before its classes load.
        TestDatabase.class.getClassLoader().setPackageAssertionStatus("org.postgresql", false);
    }

    private final JdbcDialect dialect;
    private final String url;
    private final String schema;
    private final HikariDataSource pool;

    private TestDatabase(JdbcDialect dialect, String url, String schema, int poolSize) {
        this.dialect = dialect;
        this.url = url;
        this.schema = schema;
        this.pool = pool(url, poolSize);
    }

    static TestDatabase h2() {
        String name = "leadjobs_" + UUID.randomUUID().toString().replace("-", "");
        return new TestDatabase(JdbcDialect.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "", 4);
    }

    static TestDatabase postgres() {
        String schema = "leadjobs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        ensureDatabase();
        try (Connection c = DriverManager.getConnection(pgHostUrl(), PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + pgServer() + " must accept user postgres with trust auth: " + e.getMessage(), e);
        }
        return new TestDatabase(JdbcDialect.POSTGRESQL, pgHostUrl() + "&currentSchema=" + schema + "&reWriteBatchedInserts=true", schema, 4);
    }

    /** Creates {@value #PG_DATABASE} unless it exists (another test JVM may be creating it right now). */
    static synchronized void ensureDatabase() {
        if (databaseExists) {
            return;
        }
        try (Connection c = DriverManager.getConnection(pgServer() + "postgres?ApplicationName=" + PG_APPLICATION, PG_USER, "");
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + PG_DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + PG_DATABASE);
                }
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            databaseExists = true;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + pgServer() + " must accept user postgres with trust auth: " + e.getMessage(), e);
        }
    }

    static TestDatabase of(JdbcDialect dialect) {
        return dialect == JdbcDialect.H2 ? h2() : postgres();
    }

    JdbcDialect dialect() {
        return dialect;
    }

    String url() {
        return url;
    }

    DataSource dataSource() {
        return pool;
    }

    /** Another, separate pool on the same database, as a second server would have. */
    HikariDataSource newPool(int size) {
        return pool(url, size);
    }

    JdbcJobStore.Builder storeBuilder() {
        return JdbcJobStore.builder().dataSource(pool);
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (url.startsWith("jdbc:postgresql:")) {
            config.setUsername(PG_USER);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName("leadjobs-test-" + size);
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        if (dialect == JdbcDialect.H2) {
            pool.close();
            try {
                Connection c = DriverManager.getConnection(url);
                c.createStatement().execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not shut down the H2 test database " + url, e);
            }
        } else {
            pool.close();
            try (Connection c = DriverManager.getConnection(pgHostUrl(), PG_USER, "");
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not drop test schema " + schema, e);
            }
        }
    }
}
