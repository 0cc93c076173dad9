package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The next batch is enriched while a batch's commit is in flight; updates still follow the commits. */
class BatchPipeliningTest extends ServiceFixture {

    @Test
    void nextBatchIsEnrichedWhileTheCommitIsInFlightAndUpdatesWaitForTheCommit() throws Exception {
        GatedRun run = gatedRun(32, 6); // the default batchesAhead

        assertThat(run.store().entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.secondBatch().awaitEntered()).as("lead 3 enriched while the first commit waits").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> run.listener().of(run.job().id()).size() == 2);
        assertThat(run.listener().of(run.job().id())).extracting(JobUpdate::type).containsExactly("status", "log");
        run.store().release.countDown();
        run.secondBatch().release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> run.listener().finished(run.job().id()));
        List<JobUpdate> updates = run.listener().of(run.job().id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log",
                "progress", "log", "progress", "log", "status", "log", "complete");
        assertThat(updates).extracting(JobUpdate::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        assertThat(updates).filteredOn(u -> u instanceof ProgressUpdate).extracting(u -> ((ProgressUpdate) u).processedLeads())
                .containsExactly(2, 4, 6);
        assertThat(run.service().results("alice", run.job().id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void cancellingWhileACommitIsInFlightDropsTheBatchEnrichedAhead() throws Exception {
        GatedRun run = gatedRun(32, 6); // the default batchesAhead
        assertThat(run.store().entered.await(30, TimeUnit.SECONDS)).isTrue();

        run.service().cancel("alice", run.job().id());
        run.store().release.countDown();
        run.secondBatch().release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> run.listener().finished(run.job().id()));
        List<JobUpdate> updates = run.listener().of(run.job().id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log", "status", "log");
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(((LogUpdate) updates.get(5)).log().message()).isEqualTo("Job cancelled after 2 of 6 leads");
        Job stored = run.service().find("alice", run.job().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.processedLeads()).isEqualTo(2);
        assertThat(run.store().resultsPerCommit).containsExactly(2);
        assertThat(run.service().results("alice", run.job().id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1);
    }

    @Test
    void batchesEnrichedDuringASlowCommitShareTheNextCommitAndEachStillGetsItsProgressUpdate() throws Exception {
        GatedRun run = gatedRun(8, 10);

        // lead 3 waits, so the first commit holds the first batch alone; while that commit waits, the other
        // four batches are enriched
        assertThat(run.store().entered.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> run.counting().leads.get() == 10);
        run.secondBatch().release.countDown();
        run.store().release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> run.listener().finished(run.job().id()));
        assertThat(run.store().resultsPerCommit).containsExactly(2, 8);
        List<JobUpdate> updates = run.listener().of(run.job().id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log", "progress", "log",
                "progress", "log", "progress", "log", "progress", "log", "status", "log", "complete");
        assertThat(updates).extracting(JobUpdate::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
        assertThat(updates).filteredOn(u -> u instanceof ProgressUpdate).extracting(u -> ((ProgressUpdate) u).processedLeads())
                .containsExactly(2, 4, 6, 8, 10);
        assertThat(updates).filteredOn(u -> u instanceof ProgressUpdate).extracting(u -> ((ProgressUpdate) u).progress())
                .containsExactly(20, 40, 60, 80, 100);
        assertThat(updates).filteredOn(u -> u instanceof LogUpdate).extracting(u -> ((LogUpdate) u).log().message())
                .contains("Scored leads 3-4 of 10: 1 high score", "Scored leads 9-10 of 10: 1 high score");
        Job stored = run.service().find("alice", run.job().id()).orElseThrow();
        assertThat(stored.lastSeq()).isEqualTo(15);
        assertThat(run.service().results("alice", run.job().id(), 0, 20)).extracting(LeadResult::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void noMoreThanBatchesAheadAreEnrichedWhileACommitWaits() throws Exception {
        GatedRun run = gatedRun(2, 20);

        // the first batch is committing alone (lead 3 waits): the two batches after it are enriched, no more,
        // however long the commit waits
        assertThat(run.store().entered.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> run.counting().leads.get() == 6);
        Thread.sleep(200);
        assertThat(run.counting().leads.get()).isEqualTo(6);
        run.secondBatch().release.countDown();
        run.store().release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> run.listener().finished(run.job().id()));
        assertThat(run.store().resultsPerCommit.get(0)).isEqualTo(2);
        assertThat(run.store().resultsPerCommit.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        // a commit holds at most the batch in turn and the two enriched ahead
        assertThat(run.store().resultsPerCommit).allSatisfy(n -> assertThat(n).isBetween(2, 6));
        assertThat(run.counting().leads.get()).isEqualTo(20);
    }

    @Test
    void batchesAheadOutsideItsRangeIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> JobService.builder().batchesAhead(0)).isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("batchesAhead").hasMessageContaining("between 1 and 1000");
    }

    /**
     * A job of {@code leads} leads in batches of 2 whose first commit waits for the test, and whose lead 3
     * (the second batch) waits too, so that the first commit holds the first batch alone.
     */
    private GatedRun gatedRun(int batchesAhead, int leads) {
        GatedCommitStore store = new GatedCommitStore(1);
        CountingEnricher counting = new CountingEnricher();
        BlockingEnricher secondBatch = new BlockingEnricher(lead(3).email());
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(counting);
        enrichers.add(secondBatch);
        // every batch reported on its own, so the updates show which commit stored what
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(batchesAhead).store(store).enrichers(enrichers)
                .updateInterval(Duration.ZERO));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of(leads + " leads", leads(leads)));
        return new GatedRun(store, counting, secondBatch, service, listener, job);
    }

    private record GatedRun(GatedCommitStore store, CountingEnricher counting, BlockingEnricher secondBatch, JobService service,
                            RecordingListener listener, Job job) {
    }

    /** Counts the leads it has seen. */
    private static final class CountingEnricher implements LeadEnricher {
        final AtomicInteger leads = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext context) {
            leads.incrementAndGet();
        }
    }
}
