package io.leadjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadJobsMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countsJobsByStatusLeadsScoredBatchesAndEnricherRunsOfRealJobs() {
        LeadJobsMetrics metrics = LeadJobsMetrics.create(registry);
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(new LeadEnricher() {
            @Override
            public String name() {
                return "always-fails";
            }

            @Override
            public void enrich(Lead lead, EnrichmentContext context) {
                throw new IllegalStateException("upstream down");
            }
        });
        try (JobService jobs = JobService.builder().enrichers(enrichers).batchSize(10).observer(metrics).build()) {
            jobs.start();
            List<Lead> leads = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                leads.add(Lead.builder().email("lead" + i + "@example.com").build());
            }
            Job first = jobs.submit("alice", JobRequest.of("first", leads));
            Job second = jobs.submit("alice", JobRequest.of("second", leads.subList(0, 7)));
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find("alice", first.id()).orElseThrow().status()
                    == JobStatus.COMPLETED && jobs.find("alice", second.id()).orElseThrow().status() == JobStatus.COMPLETED);
        }

        assertThat(registry.get("leadjobs.leads.scored").counter().count()).isEqualTo(32);
        assertThat(registry.get("leadjobs.jobs").tag("status", "queued").counter().count()).isEqualTo(2);
        assertThat(registry.get("leadjobs.jobs").tag("status", "processing").counter().count()).isEqualTo(2);
        assertThat(registry.get("leadjobs.jobs").tag("status", "completed").counter().count()).isEqualTo(2);
        assertThat(registry.get("leadjobs.jobs").tag("status", "failed").counter().count()).isZero();
        assertThat(registry.get("leadjobs.batch.scoring").timer().count()).as("batches of 10: 3 + 1").isEqualTo(4);
        assertThat(registry.get("leadjobs.batch.commit").timer().count()).isBetween(1L, 4L);
        assertThat(registry.get("leadjobs.enricher").tag("enricher", "always-fails").tag("outcome", "failure").timer().count())
                .isEqualTo(32);
        assertThat(registry.find("leadjobs.enricher").tag("enricher", "always-fails").tag("outcome", "success").timer()).isNull();
    }
}
