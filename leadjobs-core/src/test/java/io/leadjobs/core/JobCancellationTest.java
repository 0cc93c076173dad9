package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCancellationTest extends ServiceFixture {

    @Test
    void aJobRunningInAnotherProcessIsCancelledThroughTheSharedStore() throws Exception {
        // two services on one store stand for two servers on one database: "here" runs the job, the
        // owner's cancel reaches "there"
        JobStore shared = InMemory.jobStore();
        BlockingEnricher blocking = new BlockingEnricher(lead(1).email());
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(blocking);
        JobService here = started(JobService.builder().batchSize(2).store(shared).enrichers(enrichers)
                .pollInterval(Duration.ofMillis(50)));
        RecordingListener listener = new RecordingListener();
        here.events().addListener(listener);
        Job job = here.submit("alice", JobRequest.of("six", leads(6)));
        assertThat(blocking.awaitEntered()).isTrue();
        JobService there = started(JobService.builder().batchSize(2).store(shared));

        Job whileRunning = there.cancel("alice", job.id());
        assertThat(whileRunning.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(shared.cancelRequested(job.id())).isTrue();
        // the worker reads the store's request at most once per poll interval (50 ms here); it last read it
        // when the job started, so one interval from now it reads it again before its next commit
        Thread.sleep(100);
        blocking.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log", "status", "log");
        assertThat(updates.get(4)).isEqualTo(new StatusUpdate(job.id(), 5, JobStatus.CANCELLED, "Job cancelled"));
        assertThat(((LogUpdate) updates.get(5)).log().message()).isEqualTo("Job cancelled after 2 of 6 leads");
        Job stored = there.find("alice", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.processedLeads()).isEqualTo(2);
    }

    @Test
    void cancellingAProcessingJobStopsItBetweenBatches() throws Exception {
        BlockingEnricher blocking = new BlockingEnricher(lead(1).email());
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(blocking);
        JobService service = started(JobService.builder().batchSize(2).enrichers(enrichers));
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of("six", leads(6)));
        assertThat(blocking.awaitEntered()).isTrue();

        Job whileRunning = service.cancel("alice", job.id());
        blocking.release.countDown();

        assertThat(whileRunning.status()).isEqualTo(JobStatus.PROCESSING);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        List<JobUpdate> updates = listener.of(job.id());
        assertThat(updates).extracting(JobUpdate::type)
                .containsExactly("status", "log", "progress", "log", "status", "log");
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(updates.get(4)).isEqualTo(new StatusUpdate(job.id(), 5, JobStatus.CANCELLED, "Job cancelled"));
        assertThat(((LogUpdate) updates.get(5)).log().message()).isEqualTo("Job cancelled after 2 of 6 leads");
        Job stored = service.find("alice", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.processedLeads()).isEqualTo(2);
        assertThat(stored.finishedAt()).isPresent();
        assertThat(service.results("alice", job.id(), 0, 10)).extracting(LeadResult::index).containsExactly(0, 1);
    }

    @Test
    void cancellingAQueuedJobCancelsItAtOnceAndNoWorkerRunsIt() {
        JobService service = built(JobService.builder());
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of("later", leads(3)));

        Job cancelled = service.cancel("alice", job.id());
        service.start();
        Job other = service.submit("alice", JobRequest.of("next", leads(1)));

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(other.id()));
        assertThat(listener.of(job.id())).extracting(JobUpdate::type, JobUpdate::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("status", 1L), org.assertj.core.groups.Tuple.tuple("log", 2L));
        assertThat(service.find("alice", job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(service.results("alice", job.id(), 0, 10)).isEmpty();
    }

    @Test
    void finishedJobCannotBeCancelled() {
        JobService service = started(JobService.builder());
        RecordingListener listener = new RecordingListener();
        service.events().addListener(listener);
        Job job = service.submit("alice", JobRequest.of("quick", leads(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));

        assertThatThrownBy(() -> service.cancel("alice", job.id()))
                .isInstanceOf(LeadJobsException.IllegalTransitionException.class)
                .hasMessage("Job " + job.id() + " cannot move from completed to cancelled");
        assertThat(service.find("alice", job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }
}
