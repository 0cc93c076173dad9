package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitValidationTest extends ServiceFixture {

    @Test
    void requestWithoutLeadsIsRefused() {
        JobService service = built(JobService.builder());

        assertThatThrownBy(() -> service.submit("alice", JobRequest.of("empty", List.of())))
                .isInstanceOfSatisfying(JobValidationException.class, e -> assertThat(e.details()).isEmpty())
                .hasMessage("A job needs at least one lead, but the request has none.");
    }

    @Test
    void requestWithMoreLeadsThanTheMaximumIsRefused() {
        JobService service = built(JobService.builder().maxLeads(3));

        assertThatThrownBy(() -> service.submit("alice", JobRequest.of("big", leads(4))))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("The request has 4 leads, more than the maximum of 3 a job may have.");
    }

    @Test
    void unusableRowsAreRejectedWithTheirRowNumbersAndTheRestIsScored() {
        JobService service = started(JobService.builder());
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        JobRequest request = JobRequest.builder().name("mixed")
                .row(1, Lead.builder().email("ann@acme.com").build())
                .row(2, Lead.builder().email("bob@").build())
                .row(3, Lead.builder().website("https://www.initech.com/about").build())
                .rejected(4, "row has 3 columns, the header has 5")
                .row(5, Lead.builder().firstName("No").lastName("Contact").company("Nowhere Ltd").build())
                .row(6, Lead.builder().company("globex.com").build())
                .build();

        Job job = service.submit("alice", request);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        assertThat(job.totalLeads()).isEqualTo(3);
        assertThat(job.rejectedLeads()).isEqualTo(3);
        assertThat(service.rejected("alice", job.id())).containsExactly(
                new RejectedRow(2, "email \"bob@\" is not a valid address, and no website or company domain",
                        Lead.builder().email("bob@").build()),
                new RejectedRow(4, "row has 3 columns, the header has 5"),
                new RejectedRow(5, "no email address, and no website or company domain",
                        Lead.builder().firstName("No").lastName("Contact").company("Nowhere Ltd").build()));
        assertThat(service.results("alice", job.id(), 0, 10))
                .extracting(LeadResult::index, LeadResult::row)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 3),
                        org.assertj.core.groups.Tuple.tuple(2, 6));
        CompleteUpdate complete = (CompleteUpdate) listener.of(job.id()).get(listener.of(job.id()).size() - 1);
        assertThat(complete.results().rejectedLeads()).isEqualTo(3);
    }

    @Test
    void requestWhereNoRowCanBeScoredIsRefusedNamingEachRow() {
        JobService service = built(JobService.builder());
        JobRequest request = JobRequest.builder().name("bad")
                .row(2, Lead.builder().email("not an email").website("localhost").build())
                .row(3, Lead.builder().firstName("Ann").build())
                .build();

        assertThatThrownBy(() -> service.submit("alice", request))
                .isInstanceOfSatisfying(JobValidationException.class, e -> assertThat(e.details()).containsExactly(
                        new JobValidationException.Detail(2,
                                "email \"not an email\" is not a valid address, and website \"localhost\" has no valid domain"),
                        new JobValidationException.Detail(3, "no email address, and no website or company domain")))
                .hasMessage("None of the 2 rows can be scored; see the reason given for each row.");
        assertThat(service.list("alice")).isEmpty();
    }

    @Test
    void invalidAndRepeatedRowNumbersAreRefused() {
        JobService service = built(JobService.builder());
        JobRequest request = JobRequest.builder().name("numbers")
                .row(0, lead(1))
                .row(2, lead(2))
                .rejected(2, "duplicate")
                .build();

        assertThatThrownBy(() -> service.submit("alice", request))
                .isInstanceOfSatisfying(JobValidationException.class, e -> assertThat(e.details()).containsExactly(
                        new JobValidationException.Detail(0, "row number 0 is not 1 or more"),
                        new JobValidationException.Detail(2, "row number 2 is used more than once")))
                .hasMessage("2 rows have invalid row numbers; rows are numbered from 1 and each number is used once.");
    }

    @Test
    void builderRefusesSettingsOutOfRangeWithASentence() {
        assertThatThrownBy(() -> JobService.builder().batchSize(0))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("batchSize must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> JobService.builder().highScoreThreshold(101))
                .hasMessage("highScoreThreshold must be between 0 and 100, was 101");
        assertThatThrownBy(() -> JobService.builder().jobConcurrency(0))
                .hasMessage("jobConcurrency must be between 1 and 256, was 0");
    }

    @Test
    void serviceStartsOnceAndRefusesJobsAfterClose() {
        JobService service = started(JobService.builder());

        assertThatThrownBy(service::start).hasMessage("The job service was already started.");
        service.close();
        service.close();
        assertThatThrownBy(() -> service.submit("alice", JobRequest.of("late", leads(1))))
                .hasMessage("The job service is closed; no more jobs can be submitted.");
    }

    @Test
    void refusesASubmitThatWouldPassTheUsersStoredLeadQuotaAndCountsEachUserApart() {
        try (JobService quota = JobService.builder().maxStoredLeadsPerUser(5).build()) {
            JobRequest three = JobRequest.builder()
                    .row(1, Lead.builder().email("a@acme.com").build())
                    .row(2, Lead.builder().email("b@acme.com").build())
                    .row(3, Lead.builder().email("bad@").build())
                    .build();
            quota.submit("alice", three);

            assertThatThrownBy(() -> quota.submit("alice", three))
                    .isInstanceOf(io.leadjobs.core.LeadJobsException.QuotaExceededException.class)
                    .hasMessage("This upload has 3 rows, and your stored jobs already hold 3 of the 5 rows one user may"
                            + " keep; older jobs are removed after the retention period.");
            assertThat(quota.submit("bob", three).totalLeads()).isEqualTo(2);
            assertThat(quota.submit("alice", JobRequest.builder().row(1, Lead.builder().email("c@acme.com").build())
                    .row(2, Lead.builder().email("d@acme.com").build()).build()).totalLeads()).isEqualTo(2);
        }
        assertThatThrownBy(() -> JobService.builder().maxStoredLeadsPerUser(0))
                .hasMessage("maxStoredLeadsPerUser must be at least 1, was 0");
    }
}
