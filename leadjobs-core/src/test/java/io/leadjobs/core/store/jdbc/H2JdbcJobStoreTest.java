package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.log;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class H2JdbcJobStoreTest extends JdbcJobStoreBehaviourTest {
    @Override
    JdbcDialect dialect() {
        return JdbcDialect.H2;
    }

    @Test
    void keysEachLeadAndResultByOneBigintMadeOfItsJobSeqAndIndex() throws SQLException {
        List<Job> jobs = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            Job job = queuedJob("alice", 3, T0);
            jobs.add(job);
            List<AcceptedLead> leads = accepted(3);
            store.create(job, leads, List.of());
            store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of());
            store.commitBatch(job.id(), new BatchCommit(results(leads, 0, 3, 50), 3, 3, 0, List.of(log("batch", 2)), 2));
        }

        for (String table : List.of("LEADJOBS_LEAD", "LEADJOBS_RESULT")) {
            assertThat(strings("SELECT i.INDEX_TYPE_NAME || ' ' || c.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEXES i"
                    + " JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME"
                    + " WHERE i.TABLE_NAME = '" + table + "' AND i.TABLE_SCHEMA = CURRENT_SCHEMA"))
                    .as("%s has its primary key and no other index: H2 keeps its rows in that key's B-tree alone", table)
                    .containsExactly("PRIMARY KEY LEAD_KEY");
            assertThat(strings("SELECT COUNT(*) || ' ' || COUNT(DISTINCT t.job_id) FROM " + table + " t JOIN leadjobs_job j"
                    + " ON j.id = t.job_id AND t.lead_key = j.job_seq * 4294967296 + t.lead_index"))
                    .as("%s: lead_key = job_seq * 2^32 + lead_index for every row of both jobs", table)
                    .containsExactly("6 2");
        }
        // the query the README gives hosts for one job's rows
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.* FROM leadjobs_result r, leadjobs_job j"
                        + " WHERE j.id = ? AND r.lead_key >= j.job_seq * 4294967296 AND r.lead_key < (j.job_seq + 1) * 4294967296")) {
            ps.setObject(1, jobs.get(1).id());
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getObject("job_id") + " " + rs.getInt("lead_index"));
                }
            }
            assertThat(rows).containsExactly(jobs.get(1).id() + " 0", jobs.get(1).id() + " 1", jobs.get(1).id() + " 2");
        }
    }

    @Test
    void refusesAJobWhoseLeadKeysWouldNotFitABigintAndStoresNothingOfIt() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE leadjobs_job ALTER COLUMN job_seq RESTART WITH 2147483647");
        }
        Job last = queuedJob("alice", 2, T0);
        store.create(last, accepted(2), List.of());
        assertThat(store.leads(last.id(), 0, 10)).isEqualTo(accepted(2));
        assertThat(strings("SELECT lead_key FROM leadjobs_lead ORDER BY lead_key"))
                .containsExactly(String.valueOf(Integer.MAX_VALUE * 4294967296L), String.valueOf(Integer.MAX_VALUE * 4294967296L + 1));

        Job beyond = queuedJob("alice", 2, T0);
        assertThatThrownBy(() -> store.create(beyond, accepted(2), List.of()))
                .isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("create job " + beyond.id())
                .hasMessageContaining("job_seq 2147483648 is outside 1..2147483647, the jobs whose lead keys"
                        + " (job_seq * 2^32 + lead_index) fit in a BIGINT");
        assertThat(store.find(beyond.id())).isEmpty();
        assertThat(strings("SELECT COUNT(*) FROM leadjobs_lead")).containsExactly("2");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
