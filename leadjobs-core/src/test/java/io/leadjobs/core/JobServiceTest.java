package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobServiceTest {
    private final List<JobService> services = new ArrayList<>();

    @AfterEach
    void closeServices() {
        services.forEach(JobService::close);
    }

    private JobService started(JobService.Builder builder) {
        JobService s = builder.build();
        services.add(s);
        s.start();
        return s;
    }

    static Lead lead(int i) {
        return Lead.builder().email("person" + i + "@acme" + i + ".com").firstName("P" + i).lastName("Q")
                .company("Acme " + i).title(i % 2 == 0 ? "VP Sales" : "Engineer").build();
    }

    static List<Lead> leads(int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(lead(i));
        }
        return out;
    }

    @Test
    void smallJobPublishesStatusProgressPerBatchLogsAndCompleteInSequence() {
        JobService service = started(JobService.builder().batchSize(2));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("five", leads(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(updates).extracting(JobUpdate::type).containsExactly(
                "status", "log", "progress", "log", "progress", "log", "progress", "log", "status", "log", "complete");
        assertThat(updates.get(0)).isEqualTo(new StatusUpdate(job.id(), 1, JobStatus.PROCESSING, "Job started"));
        assertThat(((LogUpdate) updates.get(1)).log().message()).isEqualTo("Started scoring 5 leads in 3 batches of up to 2");
        assertThat(updates).filteredOn(u -> u instanceof ProgressUpdate).map(u -> (ProgressUpdate) u)
                .extracting(ProgressUpdate::progress, ProgressUpdate::processedLeads, ProgressUpdate::totalLeads)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(40, 2, 5),
                        org.assertj.core.groups.Tuple.tuple(80, 4, 5),
                        org.assertj.core.groups.Tuple.tuple(100, 5, 5));
        assertThat(((LogUpdate) updates.get(3)).log().message()).startsWith("Scored leads 1-2 of 5: ");
        assertThat(updates.get(8)).isEqualTo(new StatusUpdate(job.id(), 9, JobStatus.COMPLETED, "Job completed successfully"));

        List<LeadResult> results = service.results("alice", job.id(), 0, 100);
        assertThat(results).extracting(LeadResult::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(results).extracting(LeadResult::row).containsExactly(1, 2, 3, 4, 5);
        CompleteUpdate complete = (CompleteUpdate) updates.get(10);
        JobSummary summary = complete.results();
        assertThat(complete.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(summary.totalLeads()).isEqualTo(5);
        assertThat(summary.processedLeads()).isEqualTo(5);
        assertThat(summary.highScoreLeads()).isEqualTo((int) results.stream().filter(r -> r.score().highScore()).count());
        assertThat(summary.enrichedLeads()).isEqualTo((int) results.stream().filter(LeadResult::enriched).count());
        assertThat(summary.gradeCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);

        JobSnapshot snapshot = service.snapshot("alice", job.id()).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(snapshot.progress()).isEqualTo(100);
        assertThat(snapshot.seq()).isEqualTo(11);
        assertThat(snapshot.recentLogs()).hasSize(5);
        assertThat(snapshot.highScoreLeads()).isEqualTo(summary.highScoreLeads());
    }

    @Test
    void anotherUsersJobBehavesLikeAMissingOne() {
        JobService service = started(JobService.builder());
        Job job = service.submit("alice", JobRequest.of("mine", leads(1)));

        assertThat(service.find("bob", job.id())).isEmpty();
        assertThat(service.snapshot("bob", job.id())).isEmpty();
        assertThat(service.list("bob")).isEmpty();
        assertThatThrownBy(() -> service.results("bob", job.id(), 0, 10))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class)
                .hasMessage(LeadJobsException.jobNotFound(job.id()).getMessage());
        assertThatThrownBy(() -> service.cancel("bob", job.id()))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThatThrownBy(() -> service.rejected("bob", UUID.randomUUID()))
                .isInstanceOf(LeadJobsException.JobNotFoundException.class);
        assertThat(service.list("alice")).extracting(Job::id).containsExactly(job.id());
    }
}
