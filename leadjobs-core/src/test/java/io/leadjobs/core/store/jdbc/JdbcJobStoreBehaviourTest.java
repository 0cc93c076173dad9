package io.leadjobs.core.store.jdbc;

import static io.leadjobs.core.store.jdbc.Fixtures.T0;
import static io.leadjobs.core.store.jdbc.Fixtures.accepted;
import static io.leadjobs.core.store.jdbc.Fixtures.log;
import static io.leadjobs.core.store.jdbc.Fixtures.queuedJob;
import static io.leadjobs.core.store.jdbc.Fixtures.results;
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
import io.leadjobs.core.RejectedRow;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import io.leadjobs.core.spi.JobStore.PreparedResults;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC store promises beyond the SPI contract, run against H2 and PostgreSQL by subclasses. */
abstract class JdbcJobStoreBehaviourTest {
    static final Instant NOW = Instant.parse("2026-03-02T08:00:00.000000001Z");

    TestDatabase db;
    JdbcJobStore store;

    abstract JdbcDialect dialect();

    @BeforeEach
    void openStore() {
        db = TestDatabase.of(dialect());
        store = db.storeBuilder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void closeStore() {
        store.close();
        db.close();
    }

    @Test
    void detectsTheDialectFromTheConnection() {
        assertThat(store.dialect()).isEqualTo(dialect());
    }

    @Test
    void returnsAJobWithItsLeadsAndRejectedRowsExactlyAsCreated() {
        Job job = queuedJob("alice", 3, T0);
        List<AcceptedLead> leads = accepted(3);
        List<RejectedRow> rejected = List.of(new RejectedRow(4, "Row 4: no usable email, website or company"),
                new RejectedRow(1, "Row 1; 'email' is not an address"));

        store.create(job, leads, rejected);

        JdbcJobStore other = freshStore();
        assertThat(other.find(job.id())).contains(job);
        assertThat(other.leads(job.id(), 0, 10)).containsExactlyElementsOf(leads);
        assertThat(other.rejected(job.id())).containsExactlyElementsOf(rejected);
        assertThat(store.leads(job.id(), 0, 10)).containsExactlyElementsOf(leads);
    }

    /** A second store on the same database, with nothing of this test's store in memory: it reads what was stored. */
    JdbcJobStore freshStore() {
        return db.storeBuilder().manageSchema(false).build();
    }

    @Test
    void servesTheLeadsOfAJobItCreatedFromMemoryAndAnyOtherFromTheDatabase() throws SQLException {
        Job small = queuedJob("alice", 30, T0);
        List<AcceptedLead> smallLeads = accepted(30);
        Job large = queuedJob("alice", JdbcJobStore.CREATED_LEADS_KEPT + 50, T0);
        List<AcceptedLead> largeLeads = accepted(JdbcJobStore.CREATED_LEADS_KEPT + 50);
        store.create(small, smallLeads, List.of());
        store.create(large, largeLeads, List.of());
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            // rows gone behind the store's back show what it reads from memory and what from the database
            st.executeUpdate("DELETE FROM leadjobs_lead WHERE lead_index IN (5, " + (JdbcJobStore.CREATED_LEADS_KEPT + 10) + ")");
        }

        assertThat(store.leads(small.id(), 0, 30)).containsExactlyElementsOf(smallLeads);
        assertThat(store.leads(large.id(), 0, 25)).containsExactlyElementsOf(largeLeads.subList(0, 25));
        assertThat(store.leads(large.id(), JdbcJobStore.CREATED_LEADS_KEPT, 50)).as("beyond what is kept: read")
                .hasSize(49).doesNotContain(largeLeads.get(JdbcJobStore.CREATED_LEADS_KEPT + 10));
        assertThat(freshStore().leads(small.id(), 0, 30)).hasSize(29).doesNotContain(smallLeads.get(5));
    }

    @Test
    void findsNothingForAnUnknownJob() {
        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void refusesASecondJobWithTheSameIdAndKeepsTheFirst() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());

        List<AcceptedLead> other = List.of(new AcceptedLead(0, 99, Fixtures.lead(42)));

        assertThatThrownBy(() -> store.create(job, other, List.of()))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessageContaining("create job " + job.id());
        assertThat(store.leads(job.id(), 0, 10)).containsExactlyElementsOf(accepted(1));
    }

    @Test
    void listsAnOwnersJobsNewestFirstAndNobodyElses() {
        Job older = queuedJob("alice", 1, T0);
        Job sameInstantFirst = queuedJob("alice", 1, T0.plusSeconds(5));
        Job sameInstantSecond = queuedJob("alice", 1, T0.plusSeconds(5));
        Job bobs = queuedJob("bob", 1, T0.plusSeconds(9));
        for (Job j : List.of(older, sameInstantFirst, sameInstantSecond, bobs)) {
            store.create(j, accepted(1), List.of());
        }

        assertThat(store.listByOwner("alice")).extracting(Job::id)
                .containsExactly(sameInstantSecond.id(), sameInstantFirst.id(), older.id());
        assertThat(store.listByOwner("carol")).isEmpty();
    }

    @Test
    void readsAWindowOfLeadsInIndexOrder() {
        Job job = queuedJob("alice", 2500, T0);
        List<AcceptedLead> leads = accepted(2500);
        store.create(job, leads, List.of());
        JdbcJobStore reader = freshStore();

        assertThat(reader.leads(job.id(), 990, 25)).containsExactlyElementsOf(leads.subList(990, 1015));
        assertThat(reader.leads(job.id(), 2490, 100)).containsExactlyElementsOf(leads.subList(2490, 2500));
        assertThat(reader.leads(job.id(), 0, Integer.MAX_VALUE)).hasSize(2500);
    }

    @Test
    void servesBatchAfterBatchOfLeadsAcrossItsReadAheadWindows() {
        Job job = queuedJob("alice", 2345, T0);
        List<AcceptedLead> leads = accepted(2345);
        store.create(job, leads, List.of());
        JdbcJobStore reader = freshStore();

        for (int from = 0; from < 2345; from += 30) {
            assertThat(reader.leads(job.id(), from, 30)).as("from %d", from)
                    .containsExactlyElementsOf(leads.subList(from, Math.min(2345, from + 30)));
        }
        assertThat(reader.leads(job.id(), 10, 5)).containsExactlyElementsOf(leads.subList(10, 15));
        assertThat(reader.leads(job.id(), 2340, 30)).containsExactlyElementsOf(leads.subList(2340, 2345));
        assertThat(reader.leads(job.id(), 3000, 30)).isEmpty();
    }

    @Test
    void commitsABatchsResultsCountersLogsAndSequenceTogether() {
        Job job = queuedJob("alice", 4, T0);
        List<AcceptedLead> leads = accepted(4);
        store.create(job, leads, List.of());
        List<LeadResult> batch = results(leads, 0, 2, 80);

        Job after = store.commitBatch(job.id(), new BatchCommit(batch, 2, 1, 2, List.of(log("batch 1 done", 1)), 7));

        assertThat(after).isEqualTo(job.withCounters(2, 1, 2).withLastSeq(7));
        assertThat(store.find(job.id())).contains(after);
        assertThat(store.results(job.id(), 0, 10)).containsExactlyElementsOf(batch);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log("batch 1 done", 1));
    }

    @Test
    void keepsEveryKindOfEnrichmentValueAndReasonExactly() {
        Job job = queuedJob("alice", 1, T0);
        List<AcceptedLead> leads = accepted(1);
        store.create(job, leads, List.of());
        LeadResult result = results(leads, 0, 1, 55).get(0);

        store.commitBatch(job.id(), new BatchCommit(List.of(result), 1, 1, 0, List.of(), 1));

        LeadResult back = store.results(job.id(), 0, 1).get(0);
        assertThat(back).isEqualTo(result);
        assertThat(back.enrichment().signals()).containsExactlyEntriesOf(result.enrichment().signals());
        assertThat(back.enrichment().signals().get("revenue")).isInstanceOf(Long.class);
        assertThat(back.enrichment().signals().get("employees")).isInstanceOf(Integer.class);
    }

    @Test
    void keepsTextInAnyScriptAndEveryCharacterTheStoredFormatEscapes() {
        // leads and results written as the store writes them (on PostgreSQL: UTF-8 straight into the COPY buffer)
        String[] pieces = {"a", "Zoë", "東京", "😀", "\u00ff", "\u0800", "\uffff", ";", ",", "=", ":", "\\", "\n", "\r", " ", "s:"};
        Random random = new Random(7);
        int n = 40;
        Job job = queuedJob("alice", n, T0);
        List<AcceptedLead> leads = new ArrayList<>();
        List<LeadResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = randomText(random, pieces) + i;
            Lead lead = Lead.builder().email("p" + i + "@example.com").firstName(text).lastName(randomText(random, pieces))
                    .company(text).title(text).website("https://example.com").phone("+1 415 555 0100").country("US")
                    .extra(text, randomText(random, pieces)).build();
            AcceptedLead accepted = new AcceptedLead(i, i + 2, lead);
            leads.add(accepted);
            Map<String, Object> signals = new LinkedHashMap<>();
            signals.put(text, randomText(random, pieces));
            signals.put("list " + text, List.of(randomText(random, pieces), "", randomText(random, pieces)));
            results.add(new LeadResult(i, i + 2, lead, new Enrichment(signals), new LeadScore(50, Grade.B, false,
                    List.of(new ScoreReason(text, -5, randomText(random, pieces)), new ScoreReason("plain", 5, text))), true));
        }
        store.create(job, leads, List.of());
        store.commitBatch(job.id(), new BatchCommit(results, n, n, 0, List.of(), 1));

        JdbcJobStore other = freshStore();
        assertThat(other.leads(job.id(), 0, n)).containsExactlyElementsOf(leads);
        assertThat(other.results(job.id(), 0, n)).containsExactlyElementsOf(results);
    }

    private static String randomText(Random random, String[] pieces) {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(6); k > 0; k--) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    @Test
    void storesResultsFromTheFormsItPreparedAheadExactlyAsFromTheResults() {
        assertPreparedFormsAreStoredExactly(store);
    }

    /** Results prepared in two parts, then committed with those forms, read back through another store. */
    void assertPreparedFormsAreStoredExactly(JdbcJobStore writer) {
        Job job = queuedJob("alice", 10, T0);
        List<AcceptedLead> leads = accepted(10);
        writer.create(job, leads, List.of());
        List<LeadResult> results = results(leads, 0, 10, 70);
        Optional<PreparedResults> first = writer.prepareResults(job.id(), results.subList(0, 4));
        Optional<PreparedResults> second = writer.prepareResults(job.id(), results.subList(4, 10));
        assertThat(first).isPresent();
        assertThat(second).isPresent();

        writer.commitBatch(job.id(), new BatchCommit(results, 10, 7, 10, List.of(), 3, List.of(first.get(), second.get())));

        assertThat(freshStore().results(job.id(), 0, 20)).containsExactlyElementsOf(results);
    }

    @Test
    void ignoresPreparedFormsThatDoNotHoldExactlyTheBatchsResults() {
        Job job = queuedJob("alice", 6, T0);
        Job other = queuedJob("alice", 6, T0);
        List<AcceptedLead> leads = accepted(6);
        store.create(job, leads, List.of());
        store.create(other, leads, List.of());
        List<LeadResult> scored = results(leads, 0, 6, 90);
        // forms of the same leads scored differently, of the same result for another job, of more results
        // than the batch holds and of fewer: each is ignored and the batch's own results are stored
        PreparedResults earlierScores = store.prepareResults(job.id(), results(leads, 0, 2, 40)).orElseThrow();
        PreparedResults otherJob = store.prepareResults(other.id(), scored.subList(2, 3)).orElseThrow();
        PreparedResults tooMany = store.prepareResults(job.id(), scored.subList(3, 5)).orElseThrow();
        PreparedResults tooFew = store.prepareResults(job.id(), scored.subList(4, 5)).orElseThrow();

        store.commitBatch(job.id(), new BatchCommit(scored.subList(0, 2), 2, 2, 2, List.of(), 3, List.of(earlierScores)));
        store.commitBatch(job.id(), new BatchCommit(scored.subList(2, 3), 3, 3, 3, List.of(), 5, List.of(otherJob)));
        store.commitBatch(job.id(), new BatchCommit(scored.subList(3, 4), 4, 4, 4, List.of(), 7, List.of(tooMany)));
        store.commitBatch(job.id(), new BatchCommit(scored.subList(4, 6), 6, 6, 6, List.of(), 9, List.of(tooFew)));

        assertThat(freshStore().results(job.id(), 0, 10)).containsExactlyElementsOf(scored);
        assertThat(freshStore().results(other.id(), 0, 10)).isEmpty();
    }

    @Test
    void aRedoneBatchOverwritesItsResultsInsteadOfDuplicatingThem() {
        Job job = queuedJob("alice", 3, T0);
        List<AcceptedLead> leads = accepted(3);
        store.create(job, leads, List.of());
        store.commitBatch(job.id(), new BatchCommit(results(leads, 0, 2, 40), 2, 2, 0, List.of(), 3));

        List<LeadResult> redone = results(leads, 0, 3, 90);
        Job after = store.commitBatch(job.id(), new BatchCommit(redone, 3, 3, 3, List.of(), 5));

        assertThat(store.results(job.id(), 0, 10)).containsExactlyElementsOf(redone);
        assertThat(after.processedLeads()).isEqualTo(3);
        assertThat(after.highScoreLeads()).isEqualTo(3);
    }

    @Test
    void aScatteredSetOfResultsOverwritesOnlyItsOwnLeads() {
        Job job = queuedJob("alice", 6, T0);
        List<AcceptedLead> leads = accepted(6);
        store.create(job, leads, List.of());
        store.commitBatch(job.id(), new BatchCommit(results(leads, 0, 6, 40), 6, 6, 0, List.of(), 3));

        List<LeadResult> scattered = List.of(Fixtures.result(leads.get(1), 90), Fixtures.result(leads.get(4), 91));
        store.commitBatch(job.id(), new BatchCommit(scattered, 6, 6, 2, List.of(), 5));

        List<LeadResult> expected = new ArrayList<>(results(leads, 0, 6, 40));
        expected.set(1, scattered.get(0));
        expected.set(4, scattered.get(1));
        assertThat(freshStore().results(job.id(), 0, 10)).containsExactlyElementsOf(expected);
    }

    @Test
    void aBatchThatCannotBeStoredLeavesNothingHalfWritten() {
        Job job = queuedJob("alice", 3, T0);
        List<AcceptedLead> leads = accepted(3);
        store.create(job, leads, List.of());
        List<LeadResult> batch = new ArrayList<>(results(leads, 0, 3, 80));
        LeadResult bad = batch.get(2);
        batch.set(2, new LeadResult(bad.index(), bad.row(), bad.lead(), new Enrichment(Map.of("when", Instant.EPOCH)),
                bad.score(), bad.enriched()));

        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(batch, 3, 3, 3, List.of(log("x", 1)), 9)))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessageContaining("lead 2 of job " + job.id())
                .hasMessageContaining("'when'");

        assertThat(store.find(job.id())).contains(job);
        assertThat(store.results(job.id(), 0, 10)).isEmpty();
        assertThat(store.recentLogs(job.id(), 10)).isEmpty();
    }

    @Test
    void committingToAnUnknownJobSaysJobNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> store.commitBatch(unknown, new BatchCommit(List.of(), 0, 0, 0, List.of(log("x", 1)), 1)))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.recentLogs(unknown, 10)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
    }

    @Test
    void readingTheRowsOfAnUnknownJobSaysJobNotFound() {
        UUID unknown = UUID.randomUUID();
        Job empty = queuedJob("alice", 0, T0);
        store.create(empty, List.of(), List.of());

        assertThatThrownBy(() -> store.leads(unknown, 0, 10)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.results(unknown, 0, 10)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.rejected(unknown)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> store.recentLogs(unknown, 0)).isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThat(store.leads(empty.id(), 0, 10)).isEmpty();
        assertThat(store.results(empty.id(), 0, 10)).isEmpty();
        assertThat(store.rejected(empty.id())).isEmpty();
        assertThat(store.recentLogs(empty.id(), 10)).isEmpty();
    }

    @Test
    void refusesLeadsThatDoNotMatchTheJob() {
        Job job = queuedJob("alice", 2, T0);

        assertThatThrownBy(() -> store.create(job, accepted(3), List.of()))
                .hasMessage("Job " + job.id() + " says it has 2 leads, but 3 were given.");
        List<AcceptedLead> gap = List.of(accepted(1).get(0), new AcceptedLead(5, 7, Fixtures.lead(5)));
        assertThatThrownBy(() -> store.create(job, gap, List.of()))
                .hasMessage("Lead at position 1 of job " + job.id() + " has index 5; indexes must be 0, 1, 2 ...");
        assertThat(store.find(job.id())).isEmpty();
    }

    @Test
    void refusesAResultForALeadTheJobDoesNotHaveAndWritesNothing() {
        Job job = queuedJob("alice", 2, T0);
        List<AcceptedLead> leads = accepted(2);
        store.create(job, leads, List.of());
        LeadResult good = results(leads, 0, 1, 50).get(0);
        LeadResult stray = new LeadResult(2, 9, good.lead(), good.enrichment(), good.score(), true);

        assertThatThrownBy(() -> store.commitBatch(job.id(), new BatchCommit(List.of(good, stray), 2, 2, 0, List.of(log("x", 1)), 1)))
                .isInstanceOf(LeadJobsException.StoreException.class)
                .hasMessage("Job store failed to commit a batch of job " + job.id() + ": lead index 2 is outside 0-1");
        assertThat(store.find(job.id())).contains(job);
        assertThat(store.results(job.id(), 0, 10)).isEmpty();
    }

    @Test
    void refusesAStatusChangeOlderThanWhatTheJobAlreadyPublished() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());
        store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 5, List.of());

        assertThatThrownBy(() -> store.transition(job.id(), JobStatus.COMPLETED, Optional.empty(), 5, List.of()))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        assertThat(store.find(job.id()).map(Job::status)).contains(JobStatus.PROCESSING);
    }

    @Test
    void movesAJobThroughItsLifecycleStampingStartAndFinish() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());

        Job processing = store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of(log("started", 1)));
        Job failed = store.transition(job.id(), JobStatus.FAILED, Optional.of("The store refused writes"), 2, List.of());

        assertThat(processing.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(processing.startedAt()).contains(NOW);
        assertThat(processing.lastSeq()).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorMessage()).contains("The store refused writes");
        assertThat(failed.finishedAt()).contains(NOW);
        assertThat(store.find(job.id())).contains(failed);
        assertThat(store.recentLogs(job.id(), 10)).containsExactly(log("started", 1));
    }

    @Test
    void refusesAnIllegalTransitionAndChangesNothing() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());
        Job cancelled = store.transition(job.id(), JobStatus.CANCELLED, Optional.empty(), 1, List.of());

        assertThatThrownBy(() -> store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 2, List.of(log("x", 1))))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class);
        assertThat(store.find(job.id())).contains(cancelled);
        assertThat(store.recentLogs(job.id(), 10)).isEmpty();
    }

    @Test
    void transitionOfAnUnknownJobSaysJobNotFound() {
        assertThatThrownBy(() -> store.transition(UUID.randomUUID(), JobStatus.PROCESSING, Optional.empty(), 1, List.of()))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
    }

    @Test
    void keepsOnlyTheNewestLogEntriesPerJob() {
        JdbcJobStore capped = db.storeBuilder().logsPerJob(5).build();
        Job job = queuedJob("alice", 1, T0);
        Job other = queuedJob("alice", 1, T0);
        capped.create(job, accepted(1), List.of());
        capped.create(other, accepted(1), List.of());
        List<LogEntry> all = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            List<LogEntry> logs = List.of(log("b" + batch + " first", batch * 3), log("b" + batch + " second", batch * 3 + 1),
                    log("b" + batch + " third", batch * 3 + 2));
            all.addAll(logs);
            capped.commitBatch(job.id(), new BatchCommit(List.of(), 0, 0, 0, logs, batch + 1));
        }
        capped.commitBatch(other.id(), new BatchCommit(List.of(), 0, 0, 0, List.of(log("other", 0)), 1));

        assertThat(capped.recentLogs(job.id(), 100)).containsExactlyElementsOf(all.subList(7, 12));
        assertThat(capped.recentLogs(job.id(), 2)).containsExactlyElementsOf(all.subList(10, 12));
        assertThat(capped.recentLogs(other.id(), 100)).containsExactly(log("other", 0));
        assertThat(rowCount("SELECT COUNT(*) FROM leadjobs_log WHERE job_id = '" + job.id() + "'")).isEqualTo(5);
    }

    @Test
    void aSingleCommitWithMoreLogsThanTheCapKeepsItsNewest() {
        JdbcJobStore capped = db.storeBuilder().logsPerJob(3).build();
        Job job = queuedJob("alice", 1, T0);
        capped.create(job, accepted(1), List.of());
        capped.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of(log("start", 0), log("start 2", 1)));
        List<LogEntry> logs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            logs.add(log("entry " + i, 10 + i));
        }

        capped.commitBatch(job.id(), new BatchCommit(List.of(), 0, 0, 0, logs, 2));

        assertThat(capped.recentLogs(job.id(), 100)).containsExactlyElementsOf(logs.subList(4, 7));
        assertThat(rowCount("SELECT COUNT(*) FROM leadjobs_log")).isEqualTo(3);
    }

    @Test
    void claimsTheOldestQueuedJobAndHoldsItUntilTheLeaseExpires() {
        Job newer = queuedJob("alice", 1, T0.plusSeconds(10));
        Job older = queuedJob("bob", 1, T0);
        store.create(newer, accepted(1), List.of());
        store.create(older, accepted(1), List.of());
        Duration lease = Duration.ofSeconds(30);

        assertThat(store.claimNext("worker-a", lease, NOW)).map(Job::id).contains(older.id());
        assertThat(store.claimNext("worker-b", lease, NOW)).map(Job::id).contains(newer.id());
        assertThat(store.claimNext("worker-c", lease, NOW.plusSeconds(29))).isEmpty();

        assertThat(store.claimNext("worker-c", lease, NOW.plusSeconds(31))).map(Job::id).contains(older.id());
        assertThat(store.renewLease(older.id(), "worker-a", lease, NOW.plusSeconds(32))).isFalse();
        assertThat(store.renewLease(older.id(), "worker-c", lease, NOW.plusSeconds(32))).isTrue();
    }

    @Test
    void aRenewedLeaseKeepsTheJobFromOtherWorkers() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());
        Duration lease = Duration.ofSeconds(30);
        store.claimNext("worker-a", lease, NOW);
        store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of());

        assertThat(store.renewLease(job.id(), "worker-a", lease, NOW.plusSeconds(25))).isTrue();

        assertThat(store.claimNext("worker-b", lease, NOW.plusSeconds(40))).isEmpty();
        Optional<Job> takenOver = store.claimNext("worker-b", lease, NOW.plusSeconds(56));
        assertThat(takenOver).map(Job::status).contains(JobStatus.PROCESSING);
    }

    @Test
    void neverClaimsAFinishedJobAndFinishingReleasesTheLease() {
        Job job = queuedJob("alice", 1, T0);
        store.create(job, accepted(1), List.of());
        store.claimNext("worker-a", Duration.ofSeconds(30), NOW);
        store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of());
        store.transition(job.id(), JobStatus.COMPLETED, Optional.empty(), 2, List.of());

        assertThat(store.claimNext("worker-b", Duration.ofSeconds(30), NOW.plusSeconds(3600))).isEmpty();
        assertThat(store.renewLease(job.id(), "worker-a", Duration.ofSeconds(30), NOW)).isFalse();
    }

    @Test
    void renewingALeaseOnAnUnknownJobSaysNo() {
        assertThat(store.renewLease(UUID.randomUUID(), "worker-a", Duration.ofSeconds(30), NOW)).isFalse();
    }

    @Test
    void purgesOnlyJobsFinishedBeforeTheCutoffWithEverythingOfTheirs() {
        Job old = queuedJob("alice", 2, T0);
        Job recent = queuedJob("alice", 2, T0);
        Job running = queuedJob("alice", 2, T0);
        JdbcJobStore early = db.storeBuilder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        JdbcJobStore late = db.storeBuilder().clock(Clock.fixed(NOW.plus(Duration.ofDays(20)), ZoneOffset.UTC)).build();
        for (Job j : List.of(old, recent, running)) {
            List<AcceptedLead> leads = accepted(2);
            store.create(j, leads, List.of(new RejectedRow(9, "no email")));
            store.transition(j.id(), JobStatus.PROCESSING, Optional.empty(), 1, List.of(log("go", 1)));
            store.commitBatch(j.id(), new BatchCommit(results(leads, 0, 2, 50), 2, 2, 0, List.of(log("batch", 2)), 2));
        }
        early.transition(old.id(), JobStatus.COMPLETED, Optional.empty(), 3, List.of());
        late.transition(recent.id(), JobStatus.COMPLETED, Optional.empty(), 3, List.of());

        int purged = store.purgeFinishedBefore(NOW.plus(Duration.ofDays(10)));

        assertThat(purged).isEqualTo(1);
        assertThat(store.find(old.id())).isEmpty();
        for (String table : List.of("leadjobs_lead", "leadjobs_result", "leadjobs_log", "leadjobs_rejected")) {
            assertThat(rowCount("SELECT COUNT(*) FROM " + table + " WHERE job_id = '" + old.id() + "'")).as(table).isZero();
            assertThat(rowCount("SELECT COUNT(*) FROM " + table + " WHERE job_id = '" + recent.id() + "'")).as(table).isPositive();
        }
        assertThat(store.find(recent.id())).isPresent();
        assertThat(store.find(running.id())).isPresent();
    }

    @Test
    void refusesOutOfRangeWindowsWithAClearMessage() {
        assertThatThrownBy(() -> store.leads(UUID.randomUUID(), -1, 5)).hasMessage("fromIndex must be at least 0, was -1");
        assertThatThrownBy(() -> store.results(UUID.randomUUID(), 0, -5)).hasMessage("count must be at least 0, was -5");
        assertThatThrownBy(() -> store.recentLogs(UUID.randomUUID(), -1)).hasMessage("limit must be at least 0, was -1");
        assertThatThrownBy(() -> store.claimNext("w", Duration.ZERO, NOW)).hasMessage("lease must be positive, was PT0S");
    }

    long rowCount(String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
