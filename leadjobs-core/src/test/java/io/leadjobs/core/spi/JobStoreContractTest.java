package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} promises (its javadoc), checked against a fresh store from
 * {@link #createStore()}. Implementations extend this class in their own test sources (it ships in
 * leadjobs-core's test-jar) and clean up after each test in {@link #cleanUp(JobStore)}.
 *
 * <p>Times given to the store ({@code createdAt}, {@code now}) are whole seconds, so stores that keep
 * microseconds compare equal.
 */
public abstract class JobStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    protected static final Duration LEASE = Duration.ofSeconds(30);

    protected JobStore store;

    /** A new, empty store. */
    protected abstract JobStore createStore();

    /** Called after each test, before the store is closed: drop tables, schemas, files. */
    protected void cleanUp(JobStore store) {
    }

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        try {
            cleanUp(store);
        } finally {
            store.close();
        }
    }

    // ---- fixtures

    protected static Lead lead(int i) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("source", "fair " + i);
        extra.put("notes", "met at booth");
        return new Lead("person" + i + "@acme.com", "First" + i, "Last" + i, "Acme", "CTO", "https://acme.com",
                "+1 650 253 000" + (i % 10), "US", extra);
    }

    protected static List<AcceptedLead> leads(int n) {
        List<AcceptedLead> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new AcceptedLead(i, i + 2, lead(i)));
        }
        return out;
    }

    protected static LeadResult result(int index, int score) {
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("email_valid", true);
        signals.put("company_domain", "acme.com");
        signals.put("tags", List.of("b2b", "saas"));
        return new LeadResult(index, index + 2, lead(index), new Enrichment(signals),
                new LeadScore(score, score >= 80 ? Grade.A : Grade.C, score >= 70,
                        List.of(new ScoreReason("email_valid", 10, "Email address is well formed"),
                                new ScoreReason("free_email", -10, "Email is on a free-mail provider (gmail.com)"))),
                index % 2 == 0);
    }

    protected static LogEntry log(int i) {
        return LogEntry.of(LogLevel.INFO, "line " + i, T0.plusSeconds(i));
    }

    /** Creates a queued job of {@code owner} with {@code n} leads, created {@code secondsAfterT0} after T0. */
    protected Job newJob(String owner, int n, int secondsAfterT0) {
        Job job = Job.queued(UUID.randomUUID(), owner, "job " + secondsAfterT0, n, 1, T0.plusSeconds(secondsAfterT0));
        store.create(job, leads(n), List.of(new RejectedRow(1, "no usable email or website")));
        return job;
    }

    protected Job processing(Job job) {
        return store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), job.lastSeq() + 1, List.of());
    }

    // ---- create, find, list

    @Test
    void createdJobIsFoundAsStored() {
        Job job = newJob("alice", 3, 0);

        assertThat(store.find(job.id())).contains(job);
    }

    @Test
    void unknownJobIsNotFound() {
        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void listsOnlyTheOwnersJobsNewestFirst() {
        Job first = newJob("alice", 1, 0);
        Job third = newJob("alice", 1, 20);
        newJob("bob", 1, 15);
        Job second = newJob("alice", 1, 10);

        assertThat(store.listByOwner("alice")).extracting(Job::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(store.listByOwner("carol")).isEmpty();
    }

    @Test
    void leadsArePagedInIndexOrderWithRowsAndFields() {
        Job job = newJob("alice", 7, 0);

        assertThat(store.leads(job.id(), 0, 3)).containsExactlyElementsOf(leads(7).subList(0, 3));
        assertThat(store.leads(job.id(), 5, 10)).containsExactlyElementsOf(leads(7).subList(5, 7));
        assertThat(store.leads(job.id(), 7, 10)).isEmpty();
        assertThat(store.leads(job.id(), 2, 1).get(0).lead().extra()).containsExactly(
                Map.entry("source", "fair 2"), Map.entry("notes", "met at booth"));
    }

    @Test
    void rejectedRowsAreKept() {
        Job job = Job.queued(UUID.randomUUID(), "alice", "j", 1, 2, T0);
        store.create(job, leads(1), List.of(new RejectedRow(3, "email \"x@\" is not a valid address"),
                new RejectedRow(7, "no email address, and no website or company domain")));

        assertThat(store.rejected(job.id())).containsExactly(new RejectedRow(3, "email \"x@\" is not a valid address"),
                new RejectedRow(7, "no email address, and no website or company domain"));
    }

    @Test
    void rejectedRowsKeepTheInputFieldsTheyHad() {
        Job job = Job.queued(UUID.randomUUID(), "alice", "j", 1, 2, T0);
        Lead bob = Lead.builder().email("bob@").firstName("Bob").lastName("Müller").title("=cmd|' /C calc'!A0")
                .extra("source", "fair; booth 3").extra("notes", "a=b|c").build();
        store.create(job, leads(1), List.of(new RejectedRow(2, "email \"bob@\" is not a valid address", bob),
                new RejectedRow(5, "row has 3 columns, the header has 5")));

        assertThat(store.rejected(job.id())).containsExactly(new RejectedRow(2, "email \"bob@\" is not a valid address", bob),
                new RejectedRow(5, "row has 3 columns, the header has 5"));
        assertThat(store.rejected(job.id()).get(0).input().extra()).containsExactly(
                Map.entry("source", "fair; booth 3"), Map.entry("notes", "a=b|c"));
    }

    // ---- commitBatch and results

    @Test
    void commitBatchStoresResultsCountersLogsAndLastSeqTogether() {
        Job job = processing(newJob("alice", 4, 0));

        Job after = store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 90), result(1, 40)), 2, 1, 1,
                List.of(log(1), log(2)), 4));

        assertThat(after.processedLeads()).isEqualTo(2);
        assertThat(after.enrichedLeads()).isEqualTo(1);
        assertThat(after.highScoreLeads()).isEqualTo(1);
        assertThat(after.lastSeq()).isEqualTo(4);
        assertThat(after.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(store.find(job.id())).contains(after);
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 90), result(1, 40));
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1), log(2));
    }

    @Test
    void aBatchCarryingTheStoresPreparedFormsStoresExactlyItsResults() {
        Job job = processing(newJob("alice", 6, 0));
        List<LeadResult> results = List.of(result(0, 90), result(1, 40), result(2, 75), result(3, 10), result(4, 85));
        List<JobStore.PreparedResults> forms = new ArrayList<>();
        store.prepareResults(job.id(), results.subList(0, 2)).ifPresent(forms::add);
        store.prepareResults(job.id(), results.subList(2, 5)).ifPresent(forms::add);
        forms.forEach(f -> assertThat(f.results()).isNotEmpty());

        Job after = store.commitBatch(job.id(), new BatchCommit(results, 5, 3, 3, List.of(log(1)), 4,
                forms.size() == 2 ? forms : List.of()));

        assertThat(after.processedLeads()).isEqualTo(5);
        assertThat(store.results(job.id(), 0, 10)).containsExactlyElementsOf(results);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1));
    }

    @Test
    void redoneBatchOverwritesItsResultsInsteadOfAddingThem() {
        Job job = processing(newJob("alice", 4, 0));
        store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 10), result(1, 20)), 2, 2, 0, List.of(), 3));

        store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 75), result(1, 85)), 2, 1, 2, List.of(), 5));

        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 75), result(1, 85));
        assertThat(store.find(job.id()).orElseThrow().highScoreLeads()).isEqualTo(2);
    }

    @Test
    void aBatchSentAgainAfterItsCommitIsNotStoredTwice() {
        Job job = processing(newJob("alice", 4, 0));
        BatchCommit batch = new BatchCommit(List.of(result(0, 90), result(1, 40)), 2, 1, 1, List.of(log(1), log(2)), 4);
        Job first = store.commitBatch(job.id(), batch);

        // the answer to the first commit was lost, so the worker (or RetryingJobStore) sends the batch again
        Job again = store.commitBatch(job.id(), batch);

        assertThat(again).isEqualTo(first);
        assertThat(store.find(job.id())).contains(first);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1), log(2));
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 90), result(1, 40));
    }

    @Test
    void aBatchFromAWorkerThatWasOvertakenIsRefusedAndStoresNothing() {
        Job job = processing(newJob("alice", 4, 0));
        Job ahead = store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 90), result(1, 40)), 2, 1, 1, List.of(log(1)), 6));

        // a worker whose lease ran out scored leads 2-3 with update numbers the other worker has used since
        assertThatThrownBy(() -> store.commitBatch(job.id(),
                new BatchCommit(List.of(result(1, 10), result(2, 20)), 3, 3, 0, List.of(log(2)), 5)))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class)
                .hasMessage("Job " + job.id() + " has moved on to update 6 since this worker's batch (up to update 5) was scored;"
                        + " another worker owns it now");
        // the same last update number with other counters is not the stored batch either
        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(List.of(result(2, 20)), 3, 2, 1, List.of(log(3)), 6)))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class);

        assertThat(store.find(job.id())).contains(ahead);
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 90), result(1, 40));
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1));
    }

    @Test
    void aBatchThatPublishesNoUpdateIsStoredUnderTheJobsLastSeqAndOnlyOnce() {
        Job job = processing(newJob("alice", 6, 0));
        store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 90), result(1, 40)), 2, 1, 1, List.of(log(1), log(2)), 4));

        // the pipeline committed leads 2-3 between two progress reports: no log entries, no new update number
        BatchCommit quiet = new BatchCommit(List.of(result(2, 80), result(3, 20)), 4, 2, 2, List.of(), 4);
        Job after = store.commitBatch(job.id(), quiet);

        assertThat(after.lastSeq()).isEqualTo(4);
        assertThat(after.processedLeads()).isEqualTo(4);
        assertThat(after.highScoreLeads()).isEqualTo(2);
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 90), result(1, 40), result(2, 80), result(3, 20));
        // sent again after its answer was lost: the stored job, nothing written twice
        assertThat(store.commitBatch(job.id(), quiet)).isEqualTo(after);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1), log(2));

        // the next report numbers its updates after the job's last one
        Job reported = store.commitBatch(job.id(), new BatchCommit(List.of(result(4, 50), result(5, 60)), 6, 3, 2,
                List.of(log(3)), 6));
        assertThat(reported.lastSeq()).isEqualTo(6);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1), log(2), log(3));
    }

    @Test
    void aBatchThatPublishesNoUpdateFromAWorkerThatWasOvertakenIsRefused() {
        Job job = processing(newJob("alice", 6, 0));
        Job ahead = store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 90), result(1, 40)), 2, 1, 1, List.of(log(1)), 6));

        // an older update number
        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(List.of(result(2, 20), result(3, 30)), 4, 2, 0,
                List.of(), 5))).isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        // the job's update number, but no more leads than stored: not a step forward
        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(List.of(result(1, 20)), 2, 2, 0,
                List.of(), 6))).isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        // the job's update number with log entries: they would carry no update numbers of their own
        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(List.of(result(2, 20)), 3, 2, 1,
                List.of(log(2)), 6))).isInstanceOf(LeadJobsException.IllegalTransitionException.class);

        assertThat(store.find(job.id())).contains(ahead);
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 90), result(1, 40));
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1));
    }

    @Test
    void batchWithAResultForAnUnknownLeadIndexStoresNothing() {
        Job job = processing(newJob("alice", 2, 0));
        Job before = store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 50)), 1, 1, 0, List.of(log(1)), 3));

        assertThatThrownBy(() -> store.commitBatch(job.id(),
                new BatchCommit(List.of(result(1, 60), result(5, 70)), 3, 3, 2, List.of(log(2)), 6)))
                .isInstanceOf(LeadJobsException.class);

        assertThat(store.find(job.id())).contains(before);
        assertThat(store.results(job.id(), 0, 10)).containsExactly(result(0, 50));
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1));
    }

    @Test
    void batchWithoutResultsRecordsCountersLogsAndLastSeq() {
        Job job = processing(newJob("alice", 2, 0));

        Job after = store.commitBatch(job.id(), new BatchCommit(List.of(), 0, 0, 0, List.of(log(1)), 2));

        assertThat(after.lastSeq()).isEqualTo(2);
        assertThat(store.recentLogs(job.id(), 5)).containsExactly(log(1));
    }

    @Test
    void resultsArePagedInIndexOrderSkippingLeadsNotYetProcessed() {
        Job job = processing(newJob("alice", 6, 0));
        store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 1), result(1, 2), result(2, 3)), 3, 3, 0, List.of(), 2));

        assertThat(store.results(job.id(), 1, 10)).containsExactly(result(1, 2), result(2, 3));
        assertThat(store.results(job.id(), 0, 2)).containsExactly(result(0, 1), result(1, 2));
        assertThat(store.results(job.id(), 3, 10)).isEmpty();
    }

    @Test
    void operationsOnAnUnknownJobSayItIsNotFound() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> store.commitBatch(unknown, new BatchCommit(List.of(), 0, 0, 0, List.of(), 1)))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.transition(unknown, JobStatus.PROCESSING, Optional.empty(), 1, List.of()))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
    }

    // ---- cancel requests (carried to the worker, in whatever process it runs)

    @Test
    void aCancelRequestIsRecordedForAQueuedOrProcessingJobOnly() {
        Job queued = newJob("alice", 2, 0);
        assertThat(store.cancelRequested(queued.id())).isFalse();
        assertThat(store.requestCancel(queued.id())).isTrue();
        assertThat(store.cancelRequested(queued.id())).isTrue();
        assertThat(store.find(queued.id())).contains(queued);

        Job processing = processing(newJob("alice", 2, 1));
        assertThat(store.requestCancel(processing.id())).isTrue();
        assertThat(store.cancelRequested(processing.id())).isTrue();

        Job finished = newJob("alice", 2, 2);
        store.transition(finished.id(), JobStatus.CANCELLED, Optional.empty(), 1, List.of());
        assertThat(store.requestCancel(finished.id())).isFalse();
        assertThat(store.cancelRequested(finished.id())).isFalse();

        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> store.requestCancel(unknown)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.cancelRequested(unknown)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
    }

    // ---- transitions

    @Test
    void lifecycleTransitionsRecordTimesErrorAndLastSeq() {
        Job job = newJob("alice", 2, 0);

        Job started = store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 2, List.of(log(1)));
        assertThat(started.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(started.startedAt()).isPresent();
        assertThat(started.finishedAt()).isEmpty();
        assertThat(started.lastSeq()).isEqualTo(2);

        Job failed = store.transition(job.id(), JobStatus.FAILED, Optional.of("Could not store the results of leads 1-2."),
                5, List.of(log(2)));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorMessage()).contains("Could not store the results of leads 1-2.");
        assertThat(failed.finishedAt()).isPresent();
        assertThat(failed.startedAt()).isEqualTo(started.startedAt());
        assertThat(store.find(job.id())).contains(failed);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log(1), log(2));
    }

    @Test
    void queuedJobCanBeCancelled() {
        Job job = newJob("alice", 2, 0);

        assertThat(store.transition(job.id(), JobStatus.CANCELLED, Optional.empty(), 1, List.of()).status())
                .isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        Job queued = newJob("alice", 1, 0);
        assertThatThrownBy(() -> store.transition(queued.id(), JobStatus.COMPLETED, Optional.empty(), 1, List.of(log(1))))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class)
                .hasMessageContaining("cannot move from queued to completed");
        assertThat(store.find(queued.id())).contains(queued);

        Job done = newJob("alice", 1, 1);
        processing(done);
        Job completed = store.transition(done.id(), JobStatus.COMPLETED, Optional.empty(), 2, List.of());
        for (JobStatus next : JobStatus.values()) {
            assertThatThrownBy(() -> store.transition(done.id(), next, Optional.empty(), 10, List.of(log(9))))
                    .isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        }
        assertThat(store.find(done.id())).contains(completed);
        assertThat(store.recentLogs(done.id(), 10)).isEmpty();
    }

    @Test
    void transitionWithAnOldSequenceNumberIsRefused() {
        Job job = newJob("alice", 1, 0);
        Job started = store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 2, List.of());

        assertThatThrownBy(() -> store.transition(job.id(), JobStatus.CANCELLED, Optional.empty(), 2, List.of()))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        assertThat(store.find(job.id())).contains(started);
    }

    // ---- logs

    @Test
    void recentLogsAreTheNewestNOldestFirst() {
        Job job = newJob("alice", 3, 0);
        store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 3, List.of(log(1), log(2)));
        store.commitBatch(job.id(), new BatchCommit(List.of(result(0, 5)), 1, 1, 0, List.of(log(3), log(4)), 6));
        store.commitBatch(job.id(), new BatchCommit(List.of(result(1, 5)), 2, 2, 0, List.of(log(5)), 8));

        assertThat(store.recentLogs(job.id(), 3)).containsExactly(log(3), log(4), log(5));
        assertThat(store.recentLogs(job.id(), 50)).containsExactly(log(1), log(2), log(3), log(4), log(5));
        assertThat(store.recentLogs(job.id(), 0)).isEmpty();
    }

    // ---- claiming and leases

    @Test
    void claimsTheOldestQueuedJobFirstAndNeverTwice() {
        Job newer = newJob("alice", 1, 10);
        Job older = newJob("bob", 1, 5);

        assertThat(store.claimNext("w1", LEASE, T0.plusSeconds(60))).map(Job::id).contains(older.id());
        assertThat(store.claimNext("w2", LEASE, T0.plusSeconds(60))).map(Job::id).contains(newer.id());
        assertThat(store.claimNext("w3", LEASE, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void jobsCreatedAtTheSameInstantAreClaimedInTheOrderTheyWereCreatedAndListedNewestFirst() {
        List<Job> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(newJob("alice", 1, 5));
        }

        List<UUID> claimed = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            claimed.add(store.claimNext("w" + i, LEASE, T0.plusSeconds(60)).orElseThrow().id());
        }

        List<UUID> inOrder = created.stream().map(Job::id).toList();
        assertThat(claimed).containsExactlyElementsOf(inOrder);
        List<UUID> newestFirst = new ArrayList<>(inOrder);
        Collections.reverse(newestFirst);
        assertThat(store.listByOwner("alice")).extracting(Job::id).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void claimingLeavesTheStatusAlone() {
        Job job = newJob("alice", 1, 0);

        Job claimed = store.claimNext("w1", LEASE, T0.plusSeconds(60)).orElseThrow();

        assertThat(claimed.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(claimed.id()).isEqualTo(job.id());
    }

    @Test
    void finishedJobsAreNeverClaimed() {
        Job job = newJob("alice", 1, 0);
        store.transition(job.id(), JobStatus.CANCELLED, Optional.empty(), 1, List.of());

        assertThat(store.claimNext("w1", LEASE, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void expiredLeaseOfAProcessingJobIsReclaimedAndTheOldHolderCannotRenew() {
        Job job = newJob("alice", 3, 0);
        Instant claimedAt = T0.plusSeconds(60);
        store.claimNext("w1", LEASE, claimedAt).orElseThrow();
        processing(job);
        assertThat(store.renewLease(job.id(), "w1", LEASE, claimedAt.plusSeconds(20))).isTrue();

        assertThat(store.claimNext("w2", LEASE, claimedAt.plusSeconds(40))).isEmpty();

        Instant afterExpiry = claimedAt.plusSeconds(20).plus(LEASE).plusSeconds(1);
        Job reclaimed = store.claimNext("w2", LEASE, afterExpiry).orElseThrow();
        assertThat(reclaimed.id()).isEqualTo(job.id());
        assertThat(reclaimed.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(store.renewLease(job.id(), "w1", LEASE, afterExpiry.plusSeconds(1))).isFalse();
        assertThat(store.renewLease(job.id(), "w2", LEASE, afterExpiry.plusSeconds(1))).isTrue();
    }

    @Test
    void leaseIsNotRenewedForAWorkerThatNeverHeldIt() {
        Job job = newJob("alice", 1, 0);
        store.claimNext("w1", LEASE, T0.plusSeconds(60)).orElseThrow();

        assertThat(store.renewLease(job.id(), "w2", LEASE, T0.plusSeconds(61))).isFalse();
        assertThat(store.renewLease(UUID.randomUUID(), "w1", LEASE, T0.plusSeconds(61))).isFalse();
    }

    @Test
    void leaseEndsWhenTheJobFinishes() {
        Job job = newJob("alice", 1, 0);
        store.claimNext("w1", LEASE, T0.plusSeconds(60)).orElseThrow();
        processing(job);
        store.transition(job.id(), JobStatus.COMPLETED, Optional.empty(), 2, List.of());

        assertThat(store.renewLease(job.id(), "w1", LEASE, T0.plusSeconds(61))).isFalse();
    }

    @Test
    void concurrentWorkersNeverClaimTheSameJob() throws Exception {
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            newJob("alice", 1, i);
        }
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Set<UUID> claimed = ConcurrentHashMap.newKeySet();
        List<UUID> all = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "w" + w;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (Optional<Job> j; (j = store.claimNext(worker, LEASE, T0.plusSeconds(100))).isPresent(); ) {
                        claimed.add(j.get().id());
                        all.add(j.get().id());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(all).hasSize(jobs);
        assertThat(claimed).hasSize(jobs);
    }

    // ---- purge

    @Test
    void purgeDeletesOnlyJobsFinishedBeforeTheCutoff() {
        Job finished = newJob("alice", 2, 0);
        processing(finished);
        store.commitBatch(finished.id(), new BatchCommit(List.of(result(0, 50)), 1, 1, 0, List.of(log(1)), 3));
        store.transition(finished.id(), JobStatus.COMPLETED, Optional.empty(), 4, List.of());
        Job running = processing(newJob("alice", 1, 1));
        Job queued = newJob("alice", 1, 2);

        assertThat(store.purgeFinishedBefore(Instant.now().minus(Duration.ofDays(1)))).isZero();
        assertThat(store.find(finished.id())).isPresent();

        assertThat(store.purgeFinishedBefore(Instant.now().plus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(store.find(finished.id())).isEmpty();
        assertThat(store.listByOwner("alice")).extracting(Job::id).containsExactlyInAnyOrder(running.id(), queued.id());
    }
}
