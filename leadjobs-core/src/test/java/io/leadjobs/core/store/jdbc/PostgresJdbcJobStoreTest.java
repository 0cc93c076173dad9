package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.log;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.results;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Job;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresJdbcJobStoreTest extends JdbcJobStoreBehaviourTest {
    @Override
    JdbcDialect dialect() {
        return JdbcDialect.POSTGRESQL;
    }

    @Test
    void asynchronousBatchCommitsStoreTheBatchAndLeaveTheConnectionSynchronous() throws SQLException {
        JdbcJobStore async = db.storeBuilder().asynchronousBatchCommits(true).build();
        Job job = queuedJob("alice", 30, T0);
        List<AcceptedLead> leads = accepted(30);
        async.create(job, leads, List.of());
        List<LeadResult> batch = results(leads, 0, 25, 70);

        Job after = async.commitBatch(job.id(), new BatchCommit(batch, 25, 20, 25, List.of(log("batch", 1)), 3));

        assertThat(after).isEqualTo(job.withCounters(25, 20, 25).withLastSeq(3));
        assertThat(store.results(job.id(), 0, 30)).containsExactlyElementsOf(batch);
        assertThat(store.recentLogs(job.id(), 5)).containsExactly(log("batch", 1));
        for (int i = 0; i < 4; i++) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }

    @Test
    void storesPreparedResultsExactlyWithoutTheCopyApiToo() {
        assertPreparedFormsAreStoredExactly(db.storeBuilder().manageSchema(false).copy(false).build());
    }

    @Test
    void insertsLargeJobsInSeveralArrayStatements() {
        int n = JdbcJobStore.ARRAY_CHUNK * 2 + 17;
        Job job = queuedJob("alice", n, T0);
        List<AcceptedLead> leads = accepted(n);

        store.create(job, leads, List.of());

        assertThat(store.leads(job.id(), 0, n)).containsExactlyElementsOf(leads);
    }
}
