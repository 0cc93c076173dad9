package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table that carries updates too large for a {@code NOTIFY} payload: the sender stores the update's text
 * as a row and notifies its id, every listener reads the row back, and rows older than the retention are
 * purged. The table name is a validated SQL identifier (see {@link PostgresEventPublisher.Builder#eventTable}).
 */
final class PgEventTable {
    private static final Logger LOG = LoggerFactory.getLogger(PgEventTable.class);

    private final DataSource dataSource;
    private final String table;
    private final Duration retention;

    PgEventTable(DataSource dataSource, String table, Duration retention) {
        this.dataSource = dataSource;
        this.table = table;
        this.retention = retention;
    }

    /** Creates the table and its index where they are missing; two servers may do so at once. */
    void create() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // two servers starting at once must not race on CREATE TABLE IF NOT EXISTS
                st.execute("SELECT pg_advisory_xact_lock(hashtext('" + table + "'))");
                st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGSERIAL PRIMARY KEY, job_id UUID NOT NULL,"
                        + " seq BIGINT NOT NULL, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                st.execute("CREATE INDEX IF NOT EXISTS " + table + "_created ON " + table + " (created_at)");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new LeadJobsException("Could not create the event table " + table + " for the PostgreSQL event publisher: "
                    + e.getMessage(), e);
        }
    }

    /** Stores the encoded update {@code text} on {@code c}, in the caller's transaction; returns the row's id. */
    long store(Connection c, JobUpdate u, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (job_id, seq, body) VALUES (?, ?, ?) RETURNING id")) {
            ps.setObject(1, u.jobId());
            ps.setLong(2, u.seq());
            ps.setString(3, text);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The update stored as row {@code id}; empty when the row is gone (purged before it was read). */
    Optional<JobUpdate> load(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(UpdateCodec.decode(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Deletes the rows older than the retention; a database that fails it is only logged, the next purge tries again. */
    void purge() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE created_at < now() - make_interval(secs => ?)")) {
            ps.setDouble(1, retention.toMillis() / 1000.0);
            int n = ps.executeUpdate();
            LOG.debug("Purged {} stored updates older than {} from {}", n, retention, table);
        } catch (SQLException e) {
            LOG.warn("Could not purge stored updates from {}: {}", table, e.getMessage());
        }
    }
}
