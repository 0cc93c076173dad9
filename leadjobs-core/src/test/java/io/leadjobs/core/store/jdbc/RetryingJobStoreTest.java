package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.log;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.results;
import static io.leadjobs.core.store.jdbc.OutageDataSource.Failure.LOST_AFTER_COMMIT;
import static io.leadjobs.core.store.jdbc.OutageDataSource.Failure.REFUSED;
import static io.leadjobs.core.store.jdbc.OutageDataSource.Failure.TERMINATED;
import static io.leadjobs.core.store.jdbc.OutageDataSource.Failure.TERMINATED_AT_COMMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real PostgreSQL outages (refused and terminated connections) under a job's batch commits. */
class RetryingJobStoreTest {
    private TestDatabase db;
    private OutageDataSource flaky;
    private JdbcJobStore direct;
    private Job job;
    private List<AcceptedLead> leads;

    @BeforeEach
    void createJob() {
        db = TestDatabase.postgres();
        direct = db.storeBuilder().build();
        flaky = new OutageDataSource(db.url());
        job = queuedJob("alice", 6, T0);
        leads = accepted(6);
        direct.create(job, leads, List.of());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private RetryingJobStore retrying(Duration maxWait) {
        return RetryingJobStore.builder(JdbcJobStore.builder().dataSource(flaky).dialect(JdbcDialect.POSTGRESQL).manageSchema(false).build())
                .maxWait(maxWait).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(100)).build();
    }

    @Test
    void commitsTheBatchOnceTheDatabaseIsBack() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));
        List<LeadResult> batch = results(leads, 0, 3, 80);
        flaky.plan(REFUSED, TERMINATED, TERMINATED_AT_COMMIT, REFUSED);

        Job after = store.commitBatch(job.id(), new BatchCommit(batch, 3, 3, 3, List.of(log("batch 1", 1)), 2));

        assertThat(flaky.attempts()).isEqualTo(5);
        assertThat(after).isEqualTo(job.withCounters(3, 3, 3).withLastSeq(2));
        assertThat(direct.results(job.id(), 0, 10)).containsExactlyElementsOf(batch);
        assertThat(direct.recentLogs(job.id(), 10)).containsExactly(log("batch 1", 1));
    }

    @Test
    void passesPreparingResultsToItsStoreAndCommitsThemOnceTheDatabaseIsBack() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));
        List<LeadResult> batch = results(leads, 0, 3, 80);
        JobStore.PreparedResults prepared = store.prepareResults(job.id(), batch).orElseThrow();
        flaky.plan(TERMINATED, REFUSED);

        store.commitBatch(job.id(), new BatchCommit(batch, 3, 3, 3, List.of(), 2, List.of(prepared)));

        assertThat(prepared.results()).containsExactlyElementsOf(batch);
        assertThat(direct.results(job.id(), 0, 10)).containsExactlyElementsOf(batch);
    }

    @Test
    void failsClearlyWhenTheDatabaseStaysAwayAndLeavesNothingHalfWritten() {
        // a second: retries after 100, 200 and 400 ms fit in it (300 ms held exactly two attempts when the
        // machine was slow, the second backoff ending right at the deadline)
        RetryingJobStore store = retrying(Duration.ofSeconds(1));
        // the first attempt loses its server after the batch was written but before the commit, then the
        // database refuses every connection
        flaky.plan(TERMINATED_AT_COMMIT);
        flaky.down(true);
        BatchCommit batch = new BatchCommit(results(leads, 0, 3, 80), 3, 3, 3, List.of(log("batch 1", 1)), 2);

        assertThatThrownBy(() -> store.commitBatch(job.id(), batch))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessageStartingWith("Job store failed to commit a batch of job " + job.id() + " (the database stayed unreachable for ")
                .hasMessageContaining("attempts)")
                .hasMessageContaining("Connection to 127.0.0.1:1 refused");
        assertThat(flaky.attempts()).isGreaterThan(2);

        flaky.down(false);
        assertThat(direct.find(job.id())).contains(job);
        assertThat(direct.results(job.id(), 0, 10)).isEmpty();
        assertThat(direct.recentLogs(job.id(), 10)).isEmpty();
    }

    @Test
    void aFailedBatchSaysWhyWithoutQuotingTheRowsItCarried() {
        RetryingJobStore store = retrying(Duration.ZERO);
        flaky.plan(TERMINATED_AT_COMMIT);

        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(results(leads, 0, 3, 80), 3, 3, 3, List.of(), 2)))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessageContaining("terminating connection due to administrator command")
                .hasMessageNotContaining("INSERT")
                .hasMessageNotContaining("mx0.example.com");
    }

    @Test
    void aStatusChangeCommittedJustBeforeTheConnectionDroppedCountsAsDone() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));
        flaky.plan(LOST_AFTER_COMMIT);

        Job processing = store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of());

        assertThat(processing.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(processing.lastSeq()).isEqualTo(1);
        assertThat(flaky.attempts()).isGreaterThan(1);
    }

    @Test
    void aBatchCommittedJustBeforeTheConnectionDroppedIsStoredOnce() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));
        List<LeadResult> batch = results(leads, 0, 3, 80);
        flaky.plan(LOST_AFTER_COMMIT);

        Job after = store.commitBatch(job.id(), new BatchCommit(batch, 3, 3, 3, List.of(log("batch 1", 1)), 2));

        assertThat(flaky.attempts()).isGreaterThan(1);
        assertThat(after).isEqualTo(job.withCounters(3, 3, 3).withLastSeq(2));
        assertThat(direct.results(job.id(), 0, 10)).containsExactlyElementsOf(batch);
        assertThat(direct.recentLogs(job.id(), 10)).as("the retry found the batch stored").containsExactly(log("batch 1", 1));
    }

    @Test
    void doesNotRetryWhatNoOutageCaused() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));

        assertThatThrownBy(() -> store.commitBatch(UUID.randomUUID(), new BatchCommit(List.of(), 0, 0, 0, List.of(), 1)))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
        store.transition(job.id(), JobStatus.CANCELLED, Optional.empty(), 1, List.of());
        assertThatThrownBy(() -> store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 2, List.of()))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class);

        assertThat(flaky.attempts()).isEqualTo(3);
    }

    @Test
    void submittingDuringAnOutageFailsAtOnce() {
        RetryingJobStore store = retrying(Duration.ofSeconds(30));
        flaky.down(true);

        Job another = queuedJob("alice", 1, T0);
        assertThatThrownBy(() -> store.create(another, accepted(1), List.of()))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessageStartingWith("Job store failed to create job " + another.id());
        assertThat(flaky.attempts()).isEqualTo(1);
    }

    @Test
    void tellsOutagesFromOtherFailures() {
        assertThat(RetryingJobStore.outageCause(LeadJobsException.storeFailure("x", new SQLException("gone", "08006")))).isPresent();
        assertThat(RetryingJobStore.outageCause(LeadJobsException.storeFailure("x", new SQLException("shutdown", "57P01")))).isPresent();
        assertThat(RetryingJobStore.outageCause(LeadJobsException.storeFailure("x", new SQLException("duplicate", "23505")))).isEmpty();
        assertThat(RetryingJobStore.outageCause(LeadJobsException.storeFailure("x", new IllegalArgumentException("bad")))).isEmpty();
        assertThat(RetryingJobStore.outageCause(LeadJobsException.jobNotFound(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> RetryingJobStore.builder(direct).maxWait(Duration.ofSeconds(-1)))
                .hasMessage("maxWait must be between 0 and 1 hour, was PT-1S");
        assertThatThrownBy(() -> RetryingJobStore.builder(direct).initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessage("maxBackoff must be at least initialBackoff (PT2S), was PT1S");
    }
}
