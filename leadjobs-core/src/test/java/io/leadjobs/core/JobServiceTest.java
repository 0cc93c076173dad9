package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobServiceTest extends ServiceFixture {

    @Test
    void smallJobPublishesStatusProgressPerBatchLogsAndCompleteInSequence() {
        JobService service = started(JobService.builder().batchSize(2).updateInterval(Duration.ZERO));
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
    void handCheckedLeadsGetTheirScoresGradesAndReasonsThroughThePipeline() {
        JobService service = started(JobService.builder());
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Lead ceo = Lead.builder().email("jane.doe@acme.com").firstName("Jane").lastName("Doe").company("Acme Inc")
                .title("Chief Executive Officer").website("https://www.acme.com").phone("+1 650-253-0000").build();
        Lead throwaway = Lead.builder().email("sales@mailinator.com").build();

        Job job = service.submit("alice", JobRequest.of("two", List.of(ceo, throwaway)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        List<LeadResult> results = service.results("alice", job.id(), 0, 10);
        assertThat(results.get(0).score().score()).isEqualTo(100);
        assertThat(results.get(0).score().grade()).isEqualTo(Grade.A);
        assertThat(results.get(0).score().highScore()).isTrue();
        assertThat(results.get(0).score().reasons()).extracting(ScoreReason::rule).containsExactly("email_valid",
                "business_email", "seniority_c_level", "target_department", "company_domain", "email_matches_website",
                "phone_valid", "full_name", "company_name");
        assertThat(results.get(0).enrichment().signals()).containsEntry("company_domain", "acme.com")
                .containsEntry("seniority", "c_level").containsEntry("phone_e164", "+16502530000");
        assertThat(results.get(1).score().score()).isZero();
        assertThat(results.get(1).score().grade()).isEqualTo(Grade.F);
        assertThat(results.get(1).score().reasons()).containsExactly(
                new ScoreReason("email_valid", 10, "Email address is well formed"),
                new ScoreReason("disposable_email", -40, "Email is on a disposable-mail domain (mailinator.com)"),
                new ScoreReason("role_account", -15, "Email is a shared role account, not a person"));
        JobSummary summary = ((CompleteUpdate) listener.of(job.id()).get(listener.of(job.id()).size() - 1)).results();
        assertThat(summary.highScoreLeads()).isEqualTo(1);
        assertThat(summary.averageScore()).isEqualTo(50.0);
        assertThat(summary.gradeCounts()).containsOnly(java.util.Map.entry(Grade.A, 1), java.util.Map.entry(Grade.F, 1));
    }

    @Test
    void serviceThresholdDecidesHighScoreWhateverTheScorerSays() {
        JobService service = started(JobService.builder().highScoreThreshold(0)
                .scorer((lead, enrichment) -> new LeadScore(1, Grade.F, false, List.of())));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("low bar", leads(3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        assertThat(service.find("alice", job.id()).orElseThrow().highScoreLeads()).isEqualTo(3);
        assertThat(service.results("alice", job.id(), 0, 10)).allMatch(r -> r.score().highScore());
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
