package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobEventPublisher} promises: each listener gets every update it has room for (a progress
 * update may be replaced by a newer one of its job while it waits for a listener that fell behind), the
 * updates of one job in {@code seq} order; publishing never waits for a slow listener; a failing listener
 * harms nobody; a closed registration receives nothing more. Implementations extend this class (it ships
 * in leadjobs-core's test-jar).
 */
public abstract class JobEventPublisherContractTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected JobEventPublisher publisher;
    private final List<JobEventPublisher.Registration> registrations = new ArrayList<>();

    /** A new publisher; for a clustered one, publishing and listening through the same node is enough. */
    protected abstract JobEventPublisher createPublisher();

    /** Called after each test, before the publisher is closed. */
    protected void cleanUp(JobEventPublisher publisher) {
    }

    @BeforeEach
    void openPublisher() {
        publisher = createPublisher();
    }

    @AfterEach
    void closePublisher() {
        registrations.forEach(JobEventPublisher.Registration::close);
        try {
            cleanUp(publisher);
        } finally {
            publisher.close();
        }
    }

    protected static class Recorder implements JobUpdateListener {
        final List<JobUpdate> updates = new CopyOnWriteArrayList<>();

        @Override
        public void onUpdate(JobUpdate update) {
            updates.add(update);
        }

        List<Long> seqs(UUID jobId) {
            return updates.stream().filter(u -> u.jobId().equals(jobId)).map(JobUpdate::seq).toList();
        }
    }

    protected JobEventPublisher.Registration listen(JobUpdateListener listener) {
        JobEventPublisher.Registration r = publisher.addListener(listener);
        registrations.add(r);
        return r;
    }

    protected static JobUpdate update(UUID jobId, long seq) {
        return switch ((int) (seq % 3)) {
            case 0 -> new ProgressUpdate(jobId, seq, (int) (seq % 101), (int) seq, 1000);
            case 1 -> new LogUpdate(jobId, seq, LogEntry.of(LogLevel.INFO, "line " + seq, Instant.parse("2026-01-05T09:00:00Z")));
            default -> new StatusUpdate(jobId, seq, JobStatus.PROCESSING, "Job started");
        };
    }

    private static List<Long> oneTo(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void everyListenerGetsEachJobsUpdatesInSeqOrder() throws Exception {
        twoJobsPublishedAtOnceReachTwoListeners(job -> {
            for (int i = 1; i <= 300; i++) {
                publisher.publish(update(job, i));
            }
        });
    }

    @Test
    void updatesPublishedTogetherReachEveryListenerInSeqOrder() throws Exception {
        // groups of three (a log entry, a status, a progress update), as a job's commits publish them
        twoJobsPublishedAtOnceReachTwoListeners(job -> {
            for (int i = 1; i <= 300; i += 3) {
                publisher.publishAll(List.of(update(job, i), update(job, i + 1), update(job, i + 2)));
            }
        });
    }

    /**
     * Two jobs publish updates 1 to 300 at the same time, each as {@code publishing} does it; two listeners get each
     * job's updates in order.
     */
    private void twoJobsPublishedAtOnceReachTwoListeners(Consumer<UUID> publishing) throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        listen(a);
        listen(b);
        UUID job1 = UUID.randomUUID();
        UUID job2 = UUID.randomUUID();
        int n = 300;

        CompletableFuture.allOf(CompletableFuture.runAsync(() -> publishing.accept(job1)),
                CompletableFuture.runAsync(() -> publishing.accept(job2))).get(20, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> List.of(a, b).stream().allMatch(r -> r.seqs(job1).contains((long) n)
                && r.seqs(job2).contains((long) n)));
        for (Recorder r : List.of(a, b)) {
            assertEveryUpdateButWaitingProgress(r, job1, n);
            assertEveryUpdateButWaitingProgress(r, job2, n);
        }
    }

    @Test
    void aListenerThatKeepsUpGetsEveryUpdateProgressIncluded() {
        Recorder r = new Recorder();
        listen(r);
        UUID job = UUID.randomUUID();

        for (int i = 1; i <= 60; i++) {
            publisher.publish(update(job, i));
            int expected = i;
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> r.updates.size() == expected);
        }

        assertThat(r.updates).containsExactlyElementsOf(oneTo(60).stream().map(s -> update(job, s)).toList());
    }

    /**
     * The listener got the job's updates 1 to {@code n} in order, each one at most once, every one of them but
     * progress updates that a newer progress update replaced while they waited (a listener that fell behind),
     * and the last one.
     */
    private static void assertEveryUpdateButWaitingProgress(Recorder r, UUID job, int n) {
        List<JobUpdate> got = r.updates.stream().filter(u -> u.jobId().equals(job)).toList();
        assertThat(got).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates().contains((long) n);
        assertThat(got).allSatisfy(u -> assertThat(u).isEqualTo(update(job, u.seq())));
        assertThat(got).extracting(JobUpdate::seq).containsAll(oneTo(n).stream()
                .filter(seq -> !(update(job, seq) instanceof ProgressUpdate)).toList());
    }

    @Test
    void slowListenerDelaysNeitherThePublisherNorOtherListeners() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowEntered = new CountDownLatch(1);
        Recorder slow = new Recorder() {
            @Override
            public void onUpdate(JobUpdate update) {
                slowEntered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.onUpdate(update);
            }
        };
        Recorder fast = new Recorder();
        listen(slow);
        listen(fast);
        UUID job = UUID.randomUUID();

        try {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= 100; i++) {
                    publisher.publish(update(job, i));
                }
            });
            publishing.get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> fast.seqs(job).contains(100L));
            assertEveryUpdateButWaitingProgress(fast, job, 100);
            assertThat(slowEntered.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.updates).isEmpty();
        } finally {
            release.countDown();
        }
        await().atMost(WAIT).until(() -> slow.seqs(job).contains(100L));
        assertEveryUpdateButWaitingProgress(slow, job, 100);
    }

    @Test
    void listenerThatThrowsKeepsReceivingAndHarmsNoOne() {
        Recorder failing = new Recorder() {
            @Override
            public void onUpdate(JobUpdate update) {
                super.onUpdate(update);
                if (update.seq() == 1) {
                    throw new IllegalStateException("listener bug");
                }
            }
        };
        Recorder other = new Recorder();
        listen(failing);
        listen(other);
        UUID job = UUID.randomUUID();

        for (int i = 1; i <= 3; i++) {
            publisher.publish(update(job, i));
        }

        await().atMost(WAIT).until(() -> failing.updates.size() == 3 && other.updates.size() == 3);
        assertThat(other.seqs(job)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void closedRegistrationReceivesNothingMore() {
        Recorder removed = new Recorder();
        Recorder kept = new Recorder();
        JobEventPublisher.Registration registration = listen(removed);
        listen(kept);
        UUID job = UUID.randomUUID();
        publisher.publish(update(job, 1));
        await().atMost(WAIT).until(() -> removed.updates.size() == 1 && kept.updates.size() == 1);

        registration.close();
        publisher.publish(update(job, 2));
        publisher.publish(update(job, 3));

        await().atMost(WAIT).until(() -> kept.updates.size() == 3);
        assertThat(removed.seqs(job)).containsExactly(1L);
    }
}
