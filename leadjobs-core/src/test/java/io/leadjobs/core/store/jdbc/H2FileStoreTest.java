package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.log;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadjobs.core.Job;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileStoreTest {

    @Test
    void keepsJobsResultsAndLogsAcrossARestart(@TempDir Path dataDir) {
        Job job = queuedJob("alice", 3, T0);
        List<AcceptedLead> leads = accepted(3);
        Job committed;
        try (HikariDataSource ds = pool(dataDir)) {
            JdbcJobStore store = JdbcJobStore.builder().dataSource(ds).build();
            store.create(job, leads, List.of());
            committed = store.commitBatch(job.id(), new BatchCommit(results(leads, 0, 2, 75), 2, 2, 2, List.of(log("batch", 1)), 4));
        }

        try (HikariDataSource ds = pool(dataDir)) {
            JdbcJobStore reopened = JdbcJobStore.builder().dataSource(ds).build();
            assertThat(reopened.find(job.id())).contains(committed);
            assertThat(reopened.results(job.id(), 0, 10)).containsExactlyElementsOf(results(leads, 0, 2, 75));
            assertThat(reopened.recentLogs(job.id(), 10)).containsExactly(log("batch", 1));
        }
        assertThat(dataDir.resolve("leadjobs.mv.db")).exists();
    }

    private static HikariDataSource pool(Path dataDir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcJobStore.h2FileUrl(dataDir));
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
