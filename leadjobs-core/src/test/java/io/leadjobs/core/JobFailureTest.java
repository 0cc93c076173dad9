package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobFailureTest extends ServiceFixture {

    @Test
    void storeRefusingABatchFailsTheJobWithAClearMessage() {
        JobService service = started(JobService.builder().batchSize(2).store(new FailingStore(2)));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("doomed", leads(6)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        String message = "Could not store the results of leads 3-4: Job store failed to commit a batch: disk full";
        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type)
                .containsExactly("status", "log", "progress", "log", "status", "log", "error");
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(updates.get(4)).isEqualTo(new StatusUpdate(job.id(), 5, JobStatus.FAILED, message));
        assertThat(((LogUpdate) updates.get(5)).log().level()).isEqualTo(LogLevel.ERROR);
        assertThat(updates.get(6)).isEqualTo(new ErrorUpdate(job.id(), 7, JobStatus.FAILED, message));
        JobSnapshot snapshot = service.snapshot("alice", job.id()).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(JobStatus.FAILED);
        assertThat(snapshot.errorMessage()).contains(message);
        assertThat(snapshot.processedLeads()).isEqualTo(2);
        assertThat(snapshot.seq()).isEqualTo(7);
        assertThat(service.results("alice", job.id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1);
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
        // the first batch's two leads are enriched in parallel: either may be the first to fail
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message()).matches(
                "Enricher crm-lookup failed at row [12]: crm unreachable; leads it fails for are scored on what is known \\(reported once per job\\)"));
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
