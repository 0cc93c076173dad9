package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The next batch is enriched while a batch's commit is in flight; updates still follow the commits. */
class BatchPipeliningTest extends ServiceFixture {

    @Test
    void nextBatchIsEnrichedWhileTheCommitIsInFlightAndUpdatesWaitForTheCommit() throws Exception {
        GatedCommitStore store = new GatedCommitStore(1);
        BlockingEnricher secondBatch = new BlockingEnricher(lead(3).email());
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(secondBatch);
        JobService service = started(JobService.builder().batchSize(2).store(store).enrichers(enrichers));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of("six", leads(6)));

        assertThat(store.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(secondBatch.awaitEntered()).as("lead 3 enriched while the first commit waits").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.of(job.id()).size() == 2);
        assertThat(listener.of(job.id())).extracting(JobUpdate::type).containsExactly("status", "log");
        store.release.countDown();
        secondBatch.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log",
                "progress", "log", "progress", "log", "status", "log", "complete");
        assertThat(updates).extracting(JobUpdate::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        assertThat(updates).filteredOn(u -> u instanceof ProgressUpdate).extracting(u -> ((ProgressUpdate) u).processedLeads())
                .containsExactly(2, 4, 6);
        assertThat(service.results("alice", job.id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void cancellingWhileACommitIsInFlightDropsTheBatchEnrichedAhead() throws Exception {
        GatedCommitStore store = new GatedCommitStore(1);
        JobService service = started(JobService.builder().batchSize(2).store(store));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of("six", leads(6)));
        assertThat(store.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        service.cancel("alice", job.id());
        store.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log", "status", "log");
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(((LogUpdate) updates.get(5)).log().message()).isEqualTo("Job cancelled after 2 of 6 leads");
        Job stored = service.find("alice", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.processedLeads()).isEqualTo(2);
        assertThat(service.results("alice", job.id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1);
    }
}
