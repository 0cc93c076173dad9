package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobResumeAndShutdownTest extends ServiceFixture {

    private static LeadResult scored(JobStore.AcceptedLead a) {
        Enrichment e = Enrichment.empty();
        return new LeadResult(a.index(), a.row(), a.lead(), e, RuleBasedScorer.defaults().score(a.lead(), e), true);
    }

    @Test
    void jobLeftProcessingByADeadWorkerResumesAtItsFirstLeadWithoutResultAndContinuesNumbering() {
        JobStore store = InMemory.jobStore();
        Job job = Job.queued(UUID.randomUUID(), "alice", "crashed", 5, 0, Instant.now());
        List<JobStore.AcceptedLead> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(new JobStore.AcceptedLead(i, i + 1, lead(i + 1)));
        }
        store.create(job, accepted, List.of());
        store.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 2, List.of());
        store.commitBatch(job.id(), new JobStore.BatchCommit(List.of(scored(accepted.get(0)), scored(accepted.get(1))),
                2, 2, 0, List.of(), 4));

        JobService service = built(JobService.builder().store(store).batchSize(2).updateInterval(Duration.ZERO));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        service.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(updates).extracting(JobUpdate::type)
                .containsExactly("log", "progress", "log", "progress", "log", "status", "log", "complete");
        assertThat(((LogUpdate) updates.get(0)).log().message()).isEqualTo("Resumed at lead 3 of 5");
        assertThat(((ProgressUpdate) updates.get(1)).processedLeads()).isEqualTo(4);
        assertThat(store.results(job.id(), 0, 100)).extracting(LeadResult::index).containsExactly(0, 1, 2, 3, 4);
        JobSummary summary = ((CompleteUpdate) updates.get(7)).results();
        assertThat(summary.processedLeads()).isEqualTo(5);
        assertThat(summary.gradeCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    }

    @Test
    void closeLetsTheRunningBatchFinishAndBeStoredThenStopsEveryThread() throws Exception {
        BlockingEnricher blocking = new BlockingEnricher(lead(1).email());
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(blocking);
        JobService service = started(JobService.builder().batchSize(2).enrichers(enrichers));
        Job job = service.submit("alice", JobRequest.of("interrupted", leads(6)));
        assertThat(blocking.awaitEntered()).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close);
        // a closed service refuses start() with its own sentence: from then on its workers take no new batch
        await().atMost(Duration.ofSeconds(10)).until(() -> startRefusalOf(service).contains("closed"));
        blocking.release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        Job stored = service.find("alice", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(stored.processedLeads()).isEqualTo(2);
        assertThat(stored.lastSeq()).isEqualTo(4);
        assertThat(service.results("alice", job.id(), 0, 10)).hasSize(2);
        // a pool reports termination once its workers have left their run loop, a moment before each thread
        // has died: wait (bounded) for that last step rather than race it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("leadjobs-") && t.isAlive()));
    }

    private static String startRefusalOf(JobService service) {
        try {
            service.start();
            return "started";
        } catch (LeadJobsException e) {
            return e.getMessage();
        }
    }

    @Test
    void workAndEnrichmentRunOnNamedLibraryThreads() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        LeadEnricher recorder = new LeadEnricher() {
            @Override
            public String name() {
                return "thread-recorder";
            }

            @Override
            public void enrich(Lead lead, EnrichmentContext context) {
                threads.add(Thread.currentThread().getName());
            }
        };
        JobService service = started(JobService.builder().enrichers(List.of(recorder)).jobConcurrency(3).enrichmentThreads(2));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("threads", leads(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        assertThat(threads).isNotEmpty().allMatch(n -> n.matches("leadjobs-(worker-[123]|enrich-[12])"));
    }
}
