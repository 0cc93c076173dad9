package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JobFailureTest extends ServiceFixture {

    @Test
    void storeRefusingABatchFailsTheJobWithAClearMessage() {
        // every batch reported as it is stored (no update interval), so the updates count the stored batches
        // one batch enriched ahead, so the job has a second commit for the store to refuse (a fast pool could
        // otherwise put all 20 batches into the first)
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(1).updateInterval(Duration.ZERO)
                .store(new FailingStore(2)));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        // 20 batches: the first commit takes one batch, or the few enriched ahead that were ready with it
        // (a group commit); the second commit is refused
        Job job = service.submit("alice", JobRequest.of("doomed", leads(40)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        int n = updates.size();
        assertThat(updates).extracting(JobUpdate::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(updates.subList(0, 2)).extracting(JobUpdate::type).containsExactly("status", "log");
        List<JobUpdate> batches = updates.subList(2, n - 3);
        assertThat(batches).as("one progress and one log update per committed batch").isNotEmpty().hasSizeLessThan(2 * 20);
        for (int i = 0; i < batches.size(); i += 2) {
            assertThat(batches.get(i)).isInstanceOf(ProgressUpdate.class);
            assertThat(((ProgressUpdate) batches.get(i)).processedLeads()).isEqualTo(i + 2);
            assertThat(batches.get(i + 1).type()).isEqualTo("log");
        }
        int stored = batches.size();
        // the refused commit began at the first lead not stored and ended at a batch boundary
        Matcher m = Pattern.compile("Could not store the results of leads (\\d+)-(\\d+): Job store failed to commit a batch: disk full")
                .matcher(((ErrorUpdate) updates.get(n - 1)).error());
        assertThat(m.matches()).as(((ErrorUpdate) updates.get(n - 1)).error()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(stored + 1);
        assertThat(Integer.parseInt(m.group(2))).isGreaterThan(stored).isLessThanOrEqualTo(40).isEven();
        String message = m.group();
        assertThat(updates.get(n - 3)).isEqualTo(new StatusUpdate(job.id(), n - 2, JobStatus.FAILED, message));
        assertThat(((LogUpdate) updates.get(n - 2)).log().level()).isEqualTo(LogLevel.ERROR);
        assertThat(updates.get(n - 1)).isEqualTo(new ErrorUpdate(job.id(), n, JobStatus.FAILED, message));
        JobSnapshot snapshot = service.snapshot("alice", job.id()).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(JobStatus.FAILED);
        assertThat(snapshot.errorMessage()).contains(message);
        assertThat(snapshot.processedLeads()).isEqualTo(stored);
        assertThat(snapshot.seq()).isEqualTo(n);
        assertThat(service.results("alice", job.id(), 0, 100)).extracting(LeadResult::index)
                .containsExactlyElementsOf(IntStream.range(0, stored).boxed().toList());
    }

    @Test
    void aWorkerThatAnotherOvertookLeavesTheJobInsteadOfFailingIt() {
        // the store answers the first job's second commit as if another worker had moved the job on (this
        // worker's lease ran out meanwhile)
        Map<UUID, AtomicInteger> commits = new ConcurrentHashMap<>();
        ForwardingJobStore overtaken = new ForwardingJobStore() {
            @Override
            public Job commitBatch(UUID jobId, BatchCommit batch) {
                if (commits.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet() == 2 && commits.size() == 1) {
                    throw LeadJobsException.staleBatch(jobId, batch.lastSeq() + 10, batch.lastSeq());
                }
                return super.commitBatch(jobId, batch);
            }
        };
        // every batch reported as it is stored: the progress this worker published is what it stored (with an
        // update interval, a report still owed when the job is taken over is the new owner's to make)
        // one batch enriched ahead: a fast pool cannot put all 20 batches into the first commit (the job would then
        // finish before its second commit, which the store refuses)
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(1).jobConcurrency(1)
                .updateInterval(Duration.ZERO).store(overtaken));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("taken over", leads(40)));
        Job next = service.submit("alice", JobRequest.of("next", leads(3)));
        // one worker: the next job runs once it has left the first
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(next.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type).doesNotContain("error", "complete");
        assertThat(updates).filteredOn(u -> u instanceof StatusUpdate).extracting(u -> ((StatusUpdate) u).status())
                .containsExactly(JobStatus.PROCESSING);
        Job stored = service.find("alice", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(stored.errorMessage()).isEmpty();
        ProgressUpdate lastProgress = (ProgressUpdate) updates.stream().filter(u -> u instanceof ProgressUpdate)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(stored.processedLeads()).isEqualTo(lastProgress.processedLeads()).isLessThan(40);
        assertThat(service.find("alice", next.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void failingEnricherIsLoggedOnceAndLeadsAreScoredOnWhatIsKnown() {
        LeadEnricher broken = new LeadEnricher() {
            @Override
            public String name() {
                return "crm-lookup";
            }

            @Override
            public void enrich(Lead lead, EnrichmentContext context) {
                throw new IllegalStateException("crm unreachable");
            }
        };
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(broken);
        JobService service = started(JobService.builder().batchSize(2).enrichers(enrichers));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("partly", leads(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        List<LogEntry> warnings = listener.of(job.id()).stream().filter(u -> u instanceof LogUpdate)
                .map(u -> ((LogUpdate) u).log()).filter(l -> l.level() == LogLevel.WARN).toList();
        // the batches are enriched in parallel (and ahead of their commits): any lead may be the first to fail
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message()).matches(
                "Enricher crm-lookup failed at row [1-5]: crm unreachable; leads it fails for are scored on what is known \\(reported once per job\\)"));
        assertThat(listener.of(job.id()).get(listener.of(job.id()).size() - 1)).isInstanceOf(CompleteUpdate.class);
        List<LeadResult> results = service.results("alice", job.id(), 0, 10);
        assertThat(results).hasSize(5).allSatisfy(r -> {
            assertThat(r.enriched()).isFalse();
            assertThat(r.enrichment().signals()).containsEntry("email_valid", true);
        });
        Job done = service.find("alice", job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.enrichedLeads()).isZero();
        assertThat(done.processedLeads()).isEqualTo(5);
    }
    @Test
    void scorerThatBreaksFailsTheJobAndTheWorkerGoesOnToTheNextJob() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.leadjobs.core.spi.LeadScorer scorer = (lead, enrichment) -> {
            if (broken.get()) {
                throw new NoClassDefFoundError("com/example/MissingModel");
            }
            return new LeadScore(50, Grade.C, false, List.of());
        };
        JobService service = started(JobService.builder().jobConcurrency(1).scorer(scorer));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job first = service.submit("alice", JobRequest.of("broken", leads(3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(first.id()));
        broken.set(false);
        Job second = service.submit("alice", JobRequest.of("fine", leads(3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(second.id()));

        assertThat(listener.of(first.id()).get(listener.of(first.id()).size() - 1)).isEqualTo(new ErrorUpdate(first.id(),
                listener.of(first.id()).size(), JobStatus.FAILED, "Scoring failed for leads 1-3: com/example/MissingModel"));
        assertThat(service.find("alice", second.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
}
