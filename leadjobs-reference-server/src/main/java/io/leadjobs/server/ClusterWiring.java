package io.leadjobs.server;

import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.cluster.PostgresEventPublisher;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobEventPublisher;
import java.util.Optional;

/**
 * Turns on job updates across servers when the settings ask for it ({@code LEADJOBS_CLUSTER}, by default on
 * whenever {@code LEADJOBS_DB_URL} names a PostgreSQL database): a PostgreSQL LISTEN/NOTIFY publisher on the
 * job store's pool. Without it each server's job service keeps its in-memory publisher.
 */
final class ClusterWiring {

    private ClusterWiring() {
    }

    /** The cluster publisher, or empty when updates stay within this server; the caller closes it after the job service. */
    static Optional<JobEventPublisher> publisher(ServerSettings settings, Optional<HikariDataSource> pool) {
        if (!settings.cluster()) {
            return Optional.empty();
        }
        HikariDataSource dataSource = pool.orElseThrow(() -> Setting.CLUSTER.conflict(Setting.CLUSTER.label()
                + " is on but there is no database pool: set " + Setting.DB_URL.label() + " to a PostgreSQL database"));
        try {
            return Optional.of(PostgresEventPublisher.builder().dataSource(dataSource).build());
        } catch (LeadJobsException e) {
            throw Setting.CLUSTER.conflict("Cannot carry job updates between servers through the database named by "
                    + Setting.DB_URL.label() + ": " + e.getMessage());
        }
    }
}
