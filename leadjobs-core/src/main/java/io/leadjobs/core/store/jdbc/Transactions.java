package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.LeadJobsException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a store operation on a connection borrowed from the host's data source, alone or in one
 * transaction, and turns a {@link SQLException} into {@link LeadJobsException.StoreException} naming the
 * operation.
 */
final class Transactions {
    /** Work on a connection; may throw the driver's exceptions. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} on a connection as the connection is (auto-commit, as the pool hands it out). */
    <T> T withConnection(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure(what, withoutRowData(e));
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                if (autoCommit) {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure(what, withoutRowData(e));
        }
    }

    /**
     * The failure to report for {@code e}. A driver's batch failure (pgjdbc's BatchUpdateException) quotes
     * the statement with its parameters, that is lead data, in its message; the exception it chains says
     * why the batch failed without that, so that one is reported and the batch exception dropped.
     */
    static SQLException withoutRowData(SQLException e) {
        if (e instanceof BatchUpdateException) {
            SQLException next = e.getNextException();
            return next != null ? next : new SQLException("a batch of statements failed", e.getSQLState(), e.getErrorCode());
        }
        return e;
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is broken; closing it (or the pool evicting it) is all that is left to do
        }
    }
}
