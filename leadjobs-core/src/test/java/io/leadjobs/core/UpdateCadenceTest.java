package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A job reports its progress at most once per update interval, measured on the service's clock: one progress
 * update and one log entry for the leads scored since the last report; the last progress, status and complete
 * go out at once; sequence numbers have no gaps. The clock here only moves when the test moves it.
 */
class UpdateCadenceTest extends ServiceFixture {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Pattern SCORED = Pattern.compile("Scored leads (\\d+)-(\\d+) of (\\d+): (\\d+) high score");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingListener listener = new RecordingListener();

    @Test
    void withTheClockStandingStillOnlyTheFirstCommitAndTheLastLeadAreReported() throws Exception {
        // lead 3 waits until the first batch is committed alone
        BlockingEnricher lead3 = new BlockingEnricher(lead(3).email());
        JobService service = service(Duration.ofMillis(250), List.of(lead3));

        Job job = service.submit("alice", JobRequest.of("forty", leads(40)));
        assertThat(lead3.awaitEntered()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(listener.of(job.id())).size() == 1);
        lead3.release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertGapFree(updates);
        assertThat(updates).extracting(JobUpdate::type).containsExactly("status", "log", "progress", "log",
                "progress", "log", "status", "log", "complete");
        assertThat(scoredRanges(updates)).extracting(r -> r[0] + "-" + r[1]).containsExactly("1-2", "3-40");
        List<int[]> ranges = scoredRanges(updates);
        assertThat(progress(updates)).last().extracting(ProgressUpdate::processedLeads, ProgressUpdate::progress)
                .containsExactly(40, 100);
        int high = ranges.stream().mapToInt(r -> r[2]).sum();
        assertThat(high).isEqualTo(service.find("alice", job.id()).orElseThrow().highScoreLeads());
        // what was stored is what was published
        assertThat(service.snapshot("alice", job.id()).orElseThrow().seq()).isEqualTo(updates.size());
        assertThat(service.snapshot("alice", job.id()).orElseThrow().recentLogs())
                .containsExactlyElementsOf(updates.stream().filter(u -> u instanceof LogUpdate).map(u -> ((LogUpdate) u).log()).toList());
    }

    @Test
    void asTheClockMovesReportsAreAtLeastOneIntervalApartAndTogetherCoverEveryLead() {
        // every lead takes 10 ms on the clock: 200 leads are 2 s, so about eight reports at 250 ms
        LeadEnricher tenMillisALead = new LeadEnricher() {
            @Override
            public String name() {
                return "ticking";
            }

            @Override
            public void enrich(Lead lead, EnrichmentContext context) {
                clock.advance(Duration.ofMillis(10));
            }
        };
        JobService service = service(Duration.ofMillis(250), List.of(tenMillisALead));

        Job job = service.submit("alice", JobRequest.of("two hundred", leads(200)));
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertGapFree(updates);
        List<LogUpdate> reports = updates.stream().filter(u -> u instanceof LogUpdate l && SCORED.matcher(l.log().message()).matches())
                .map(u -> (LogUpdate) u).toList();
        assertThat(reports.size()).as("reports for 2 s of work at 250 ms").isBetween(3, 2000 / 250 + 2);
        for (int i = 1; i < reports.size() - 1; i++) {
            assertThat(Duration.between(reports.get(i - 1).log().timestamp(), reports.get(i).log().timestamp()))
                    .as("report %d after report %d", i + 1, i).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        List<int[]> ranges = scoredRanges(updates);
        int expectedFrom = 1;
        for (int[] r : ranges) {
            assertThat(r[0]).isEqualTo(expectedFrom);
            expectedFrom = r[1] + 1;
        }
        assertThat(expectedFrom).isEqualTo(201);
        // each report is one progress update followed by its log entry
        List<ProgressUpdate> progress = progress(updates);
        assertThat(progress).hasSameSizeAs(ranges);
        for (int i = 0; i < ranges.size(); i++) {
            assertThat(progress.get(i).processedLeads()).isEqualTo(ranges.get(i)[1]);
        }
    }

    @Test
    void leadsCommittedBeforeABatchThatTakesLongerAreReportedWhenTheirIntervalIsUp() throws Exception {
        BlockingEnricher lead7 = new BlockingEnricher(lead(7).email());
        JobService service = service(Duration.ofMillis(250), List.of(lead7));

        Job job = service.submit("alice", JobRequest.of("ten", leads(10)));
        assertThat(lead7.awaitEntered()).isTrue();
        // leads 1-6 are committed (the clock stands still, so only the first commit was reported)
        await().atMost(Duration.ofSeconds(10)).until(() -> service.find("alice", job.id()).orElseThrow().processedLeads() == 6);
        int reportedBefore = progress(listener.of(job.id())).size();
        assertThat(progress(listener.of(job.id()))).last().extracting(ProgressUpdate::processedLeads).isNotEqualTo(6);

        clock.advance(Duration.ofMillis(250));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(listener.of(job.id())).size() == reportedBefore + 1);
        assertThat(progress(listener.of(job.id()))).last().extracting(ProgressUpdate::processedLeads).isEqualTo(6);
        assertThat(scoredRanges(listener.of(job.id()))).last().satisfies(r -> assertThat(r[1]).isEqualTo(6));

        lead7.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        assertGapFree(listener.of(job.id()));
        assertThat(progress(listener.of(job.id()))).last().extracting(ProgressUpdate::processedLeads).isEqualTo(10);
    }

    @Test
    void cancellingReportsTheLeadsCommittedSinceTheLastReportBeforeTheCancelledStatus() throws Exception {
        BlockingEnricher lead7 = new BlockingEnricher(lead(7).email());
        JobService service = service(Duration.ofMillis(250), List.of(lead7));

        Job job = service.submit("alice", JobRequest.of("ten", leads(10)));
        assertThat(lead7.awaitEntered()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.find("alice", job.id()).orElseThrow().processedLeads() == 6);
        service.cancel("alice", job.id());
        lead7.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.finished(job.id()));
        List<JobUpdate> updates = listener.of(job.id());
        assertGapFree(updates);
        int stored = service.find("alice", job.id()).orElseThrow().processedLeads();
        assertThat(updates.subList(updates.size() - 4, updates.size())).extracting(JobUpdate::type)
                .containsExactly("progress", "log", "status", "log");
        assertThat(progress(updates)).last().extracting(ProgressUpdate::processedLeads).isEqualTo(stored);
        assertThat(scoredRanges(updates)).last().satisfies(r -> assertThat(r[1]).isEqualTo(stored));
        assertThat(((LogUpdate) updates.get(updates.size() - 1)).log().message())
                .isEqualTo("Job cancelled after " + stored + " of 10 leads");
    }

    @Test
    void anIntervalOfZeroReportsEveryBatch() {
        JobService service = service(Duration.ZERO, List.of());

        Job job = service.submit("alice", JobRequest.of("ten", leads(10)));
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.finished(job.id()));

        List<JobUpdate> updates = listener.of(job.id());
        assertGapFree(updates);
        assertThat(progress(updates)).extracting(ProgressUpdate::processedLeads).containsExactly(2, 4, 6, 8, 10);
        assertThat(scoredRanges(updates)).extracting(r -> r[0] + "-" + r[1]).containsExactly("1-2", "3-4", "5-6", "7-8", "9-10");
    }

    @Test
    void theUpdatesOfAStartAReportAndAnEndWithTheLastReportArePublishedTogether() {
        GroupRecordingPublisher publisher = new GroupRecordingPublisher();
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(1).updateInterval(Duration.ZERO)
                .clock(clock).publisher(publisher));
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("ten", leads(10)));
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.finished(job.id()));

        List<List<String>> groups = publisher.groups.stream().map(g -> g.stream().map(JobUpdate::type).toList()).toList();
        assertThat(groups).first().isEqualTo(List.of("status", "log"));
        // the last commit's report (one or two batches, as any commit) goes out with the status, its log entry and
        // complete: the end in one write
        assertThat(groups).last().isIn(List.of("progress", "log", "status", "log", "complete"),
                List.of("progress", "log", "progress", "log", "status", "log", "complete"));
        // between them, commits: each report's progress update with its log entry, one or two batches per commit
        assertThat(groups.subList(1, groups.size() - 1)).isNotEmpty()
                .allSatisfy(g -> assertThat(g).isIn(List.of("progress", "log"), List.of("progress", "log", "progress", "log")));
        assertThat(publisher.groups.stream().flatMap(List::stream).toList()).isEqualTo(listener.of(job.id()));
    }

    @Test
    void theLastReportStillGoesOutWhenTheJobCannotBeClosed() {
        ForwardingJobStore cannotComplete = new ForwardingJobStore() {
            @Override
            public Job transition(java.util.UUID jobId, JobStatus next, java.util.Optional<String> errorMessage, long lastSeq,
                                  List<LogEntry> logs) {
                if (next == JobStatus.COMPLETED) {
                    throw LeadJobsException.storeFailure("close a job", new java.io.IOException("disk full"));
                }
                return super.transition(jobId, next, errorMessage, lastSeq, logs);
            }
        };
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(1).updateInterval(Duration.ZERO)
                .clock(clock).store(cannotComplete));
        service.events().addListener(listener);

        Job job = service.submit("alice", JobRequest.of("ten", leads(10)));

        // the report of the last commit was held for the closing updates; stored, it is published all the same
        await().atMost(Duration.ofSeconds(20)).until(() -> progress(listener.of(job.id())).stream()
                .anyMatch(p -> p.processedLeads() == 10));
        assertGapFree(listener.of(job.id()));
        assertThat(listener.finished(job.id())).isFalse();
    }

    @Test
    void anIntervalOutsideItsRangeIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> JobService.builder().updateInterval(Duration.ofSeconds(11)))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("updateInterval");
        assertThatThrownBy(() -> JobService.builder().updateInterval(Duration.ofMillis(-1)))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("updateInterval");
        assertThat(JobService.DEFAULT_UPDATE_INTERVAL).isBetween(Duration.ofMillis(100), Duration.ofMillis(250));
    }

    private JobService service(Duration interval, List<LeadEnricher> enrichers) {
        // one batch ahead: commits hold one or two batches, so the reports are the cadence's doing, not the groups'
        JobService service = started(JobService.builder().batchSize(2).batchesAhead(1).updateInterval(interval).clock(clock)
                .enrichers(enrichers));
        service.events().addListener(listener);
        return service;
    }

    private static void assertGapFree(List<JobUpdate> updates) {
        assertThat(updates).extracting(JobUpdate::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, updates.size()).boxed().toList());
    }

    private static List<ProgressUpdate> progress(List<JobUpdate> updates) {
        return updates.stream().filter(u -> u instanceof ProgressUpdate).map(u -> (ProgressUpdate) u).toList();
    }

    /** The {@code from, to, high} of every "Scored leads" entry, in order. */
    private static List<int[]> scoredRanges(List<JobUpdate> updates) {
        List<int[]> out = new ArrayList<>();
        for (JobUpdate u : updates) {
            if (u instanceof LogUpdate l) {
                Matcher m = SCORED.matcher(l.log().message());
                if (m.matches()) {
                    out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4))});
                }
            }
        }
        return out;
    }

    /** The in-memory publisher, remembering which updates were published together. */
    private static final class GroupRecordingPublisher implements JobEventPublisher {
        final JobEventPublisher delegate = InMemory.eventPublisher();
        final List<List<JobUpdate>> groups = new CopyOnWriteArrayList<>();

        @Override
        public void publish(JobUpdate update) {
            groups.add(List.of(update));
            delegate.publish(update);
        }

        @Override
        public void publishAll(List<JobUpdate> updates) {
            groups.add(List.copyOf(updates));
            delegate.publishAll(updates);
        }

        @Override
        public Registration addListener(JobUpdateListener l) {
            return delegate.addListener(l);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
