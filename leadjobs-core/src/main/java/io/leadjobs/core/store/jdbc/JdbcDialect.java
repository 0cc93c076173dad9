package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.LeadJobsException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the JDBC job store speaks. Each has its migration scripts under
 * {@link #migrationLocation()} on the classpath, with Flyway-style names ({@code V1__leadjobs.sql}).
 */
public enum JdbcDialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    JdbcDialect(String folder) {
        this.folder = folder;
    }

    /**
     * The classpath folder of this dialect's versioned migration scripts, e.g.
     * {@code db/leadjobs/postgresql}; point a host's Flyway at {@code classpath:} plus this.
     */
    public String migrationLocation() {
        return "db/leadjobs/" + folder;
    }

    /** The dialect of the database behind {@code dataSource}, from its JDBC metadata. */
    public static JdbcDialect detect(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw LeadJobsException.storeFailure("connect to detect the database product", e);
        }
        return fromProductName(product);
    }

    static JdbcDialect fromProductName(String product) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw LeadJobsException.invalidSetting("the job store's database", "H2 or PostgreSQL", product);
    }

    /** An UPDATE of leadjobs_job that yields the updated row's {@code columns}. */
    String updateReturning(String setAndWhere, String columns) {
        return switch (this) {
            case POSTGRESQL -> "UPDATE leadjobs_job SET " + setAndWhere + " RETURNING " + columns;
            case H2 -> "SELECT " + columns + " FROM FINAL TABLE (UPDATE leadjobs_job SET " + setAndWhere + ")";
        };
    }
}
