package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts under {@link JdbcDialect#migrationLocation()} that the database has not
 * seen yet, in version order, and records each in {@code leadjobs_schema_history} (version, script,
 * CRC32 checksum). A script whose checksum differs from the recorded one stops the start: the schema
 * would no longer be what the code expects. On PostgreSQL a session-level advisory lock, held from reading
 * the history to the last commit, keeps servers that start at once from migrating together; each script
 * runs in its own transaction.
 */
final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** The scripts both dialects have, in version order. */
    private static final List<String> COMMON = List.of("V1__leadjobs.sql", "V2__cancel_requests.sql",
            "V3__lead_without_foreign_key.sql");

    /**
     * Every script of {@code dialect}, in version order; a new version is appended here and as a file in
     * the dialect's folder. H2 alone has version 4 (leads and results keyed by one {@code BIGINT}, which
     * H2 needs to keep no second B-tree per table and PostgreSQL does not); version 5 (the input fields of
     * rejected rows) is in both, so PostgreSQL has no version 4.
     */
    static List<String> scripts(JdbcDialect dialect) {
        return switch (dialect) {
            case H2 -> Stream.concat(COMMON.stream(), Stream.of("V4__lead_keys.sql", "V5__rejected_input.sql")).toList();
            case POSTGRESQL -> Stream.concat(COMMON.stream(), Stream.of("V5__rejected_input.sql")).toList();
        };
    }

    static final String HISTORY_TABLE = "leadjobs_schema_history";

    /** Arbitrary constant key of the PostgreSQL advisory lock taken while migrating. */
    private static final long ADVISORY_LOCK_KEY = 0x1EAD_10B5L;

    private SchemaMigrator() {
    }

    /**
     * Brings the schema up to date; returns the versions applied by this call. On PostgreSQL a session-level
     * advisory lock is held from before the history is read until the last script is committed, so servers
     * (processes) that start together on one database migrate one after the other, and each reads the history
     * the previous one left. H2 keeps a file database to one process (its file lock); within a JVM the
     * migrations of H2 stores are serialized here.
     */
    static List<Integer> migrate(DataSource dataSource, JdbcDialect dialect) {
        if (dialect == JdbcDialect.H2) {
            synchronized (SchemaMigrator.class) {
                return migrateLocked(dataSource, dialect);
            }
        }
        return migrateLocked(dataSource, dialect);
    }

    private static List<Integer> migrateLocked(DataSource dataSource, JdbcDialect dialect) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            lock(c, dialect);
            try {
                c.setAutoCommit(false);
                try {
                    return migrate(c, dialect);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            } finally {
                unlock(c, dialect);
            }
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure("migrate the leadjobs schema", e);
        }
    }

    private static List<Integer> migrate(Connection c, JdbcDialect dialect) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
                    + " version INTEGER NOT NULL PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL,"
                    + " checksum BIGINT NOT NULL,"
                    + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " execution_ms BIGINT NOT NULL)");
        }
        c.commit();
        Map<Integer, Long> applied = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE)) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getLong(2));
            }
        }
        List<Integer> done = new ArrayList<>();
        for (String script : scripts(dialect)) {
            int version = versionOf(script);
            String sql = read(dialect.migrationLocation() + "/" + script);
            long checksum = checksum(sql);
            Long recorded = applied.get(version);
            if (recorded != null) {
                if (recorded != checksum) {
                    throw new LeadJobsException("The leadjobs schema migration " + dialect.migrationLocation() + "/" + script
                            + " has checksum " + checksum + " but the database recorded " + recorded
                            + " when it applied version " + version + "; the script was changed after it was applied");
                }
                continue;
            }
            long start = System.nanoTime();
            try (Statement st = c.createStatement()) {
                for (String statement : statements(sql)) {
                    st.execute(statement);
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + HISTORY_TABLE + " (version, script, checksum, execution_ms) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.setLong(3, checksum);
                ps.setLong(4, millis);
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("Applied leadjobs schema migration {} ({}) in {} ms", script, dialect, millis);
            done.add(version);
        }
        c.commit();
        return done;
    }

    /** Waits for the migration lock; held by the connection's session until {@link #unlock}, across commits. */
    private static void lock(Connection c, JdbcDialect dialect) throws SQLException {
        if (dialect == JdbcDialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, ADVISORY_LOCK_KEY);
                ps.execute();
            }
        }
    }

    private static void unlock(Connection c, JdbcDialect dialect) throws SQLException {
        if (dialect == JdbcDialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, ADVISORY_LOCK_KEY);
                ps.execute();
            }
        }
    }

    static int versionOf(String script) {
        int sep = script.indexOf("__");
        if (!script.startsWith("V") || sep < 2) {
            throw new IllegalStateException("Migration script name " + script + " is not V<version>__<description>.sql");
        }
        return Integer.parseInt(script.substring(1, sep));
    }

    static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration script " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration script " + resource, e);
        }
    }

    static long checksum(String sql) {
        CRC32 crc = new CRC32();
        crc.update(sql.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The script's statements: comment lines dropped, split at a {@code ;} that ends a line. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
