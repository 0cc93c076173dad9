package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst behind a slow listener: bounded, coalescing, in order; removal and gaps. */
class ListenerDeliveryTest {

    private static final UUID JOB = UUID.fromString("5d0f1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f");
    private static final UUID OTHER = UUID.fromString("6e1a2b3c-4d5e-4f60-9a7b-8c9d0e1f2a3b");

    private final AtomicLong ticker = new AtomicLong();
    private final ListenerDelivery delivery = ListenerDelivery.create("test-deliver", 2, 10_000, ticker::get);

    @AfterEach
    void close() {
        delivery.close();
    }

    @Test
    void aBurstBehindASlowListenerKeepsEveryLogButOnlyTheNewestProgressOfEachJob() throws Exception {
        GatedListener listener = new GatedListener();
        delivery.add(listener);
        delivery.deliver(log(JOB, 1));
        assertThat(listener.entered.await(20, TimeUnit.SECONDS)).isTrue();

        // 1,000 updates of two jobs pile up while the listener is stuck: logs on odd numbers, progress on even;
        // the first 50 arrive as one burst, the rest after the oldest has waited 100 ms
        for (long seq = 2; seq <= 1_000; seq++) {
            if (seq == 51) {
                ticker.addAndGet(ListenerDelivery.COALESCE_AFTER.toNanos());
            }
            delivery.deliver(seq % 2 == 1 ? log(JOB, seq) : progress(JOB, seq));
            delivery.deliver(seq % 2 == 1 ? log(OTHER, seq) : progress(OTHER, seq));
        }
        listener.release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.seqs(JOB).contains(1_000L) && listener.seqs(OTHER).contains(1_000L));

        for (UUID job : List.of(JOB, OTHER)) {
            List<JobUpdate> got = listener.of(job);
            assertThat(got).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates();
            assertThat(got).filteredOn(u -> u instanceof LogUpdate).hasSize(job.equals(JOB) ? 500 : 499);
            // the burst kept every progress update; after it, each replaced the one waiting
            assertThat(got).filteredOn(u -> u instanceof ProgressUpdate).extracting(JobUpdate::seq)
                    .containsExactlyElementsOf(java.util.stream.Stream.concat(
                            java.util.stream.LongStream.rangeClosed(1, 24).map(i -> 2 * i).boxed(),
                            java.util.stream.Stream.of(1_000L)).toList());
            assertThat(got.get(got.size() - 1)).isEqualTo(progress(job, 1_000));
        }
        assertThat(listener.gaps.get()).isZero();
    }

    @Test
    void aListenerThatKeepsUpGetsEveryUpdate() {
        GatedListener listener = new GatedListener();
        listener.release.countDown();
        delivery.add(listener);

        for (long seq = 1; seq <= 500; seq++) {
            delivery.deliver(seq % 2 == 1 ? log(JOB, seq) : progress(JOB, seq));
            long expected = seq;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> listener.seqs(JOB).size() == expected);
        }

        assertThat(listener.seqs(JOB)).hasSize(500).isSorted();
    }

    @Test
    void updatesPublishedTogetherReachAListenerInOneCallEvenWhenItsDrainStartsMidway() {
        // the publisher's clock stalls on its second reading until the listener has been called: a delivery that
        // queued the updates one by one would hand the listener the first alone meanwhile
        List<List<JobUpdate>> calls = new CopyOnWriteArrayList<>();
        AtomicInteger readings = new AtomicInteger();
        try (ListenerDelivery stalling = ListenerDelivery.create("test-group", 2, 100, () -> {
            if (readings.incrementAndGet() == 2) {
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1)).until(() -> !calls.isEmpty());
            }
            return 0L;
        })) {
            stalling.add(new JobUpdateListener() {
                @Override
                public void onUpdate(JobUpdate update) {
                    onUpdates(List.of(update));
                }

                @Override
                public void onUpdates(List<JobUpdate> updates) {
                    calls.add(updates);
                }
            });

            stalling.deliverAll(List.of(progress(JOB, 1), log(JOB, 2), log(JOB, 3)));

            await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().mapToInt(List::size).sum() == 3);
            assertThat(calls).containsExactly(List.of(progress(JOB, 1), log(JOB, 2), log(JOB, 3)));
        }
    }

    @Test
    void aListenerThatOnlyTakesUpdatesOneByOneGetsAGroupInOrder() {
        GatedListener listener = new GatedListener();
        listener.release.countDown();
        delivery.add(listener);

        delivery.deliverAll(List.of(progress(JOB, 1), log(JOB, 2), progress(OTHER, 1), log(JOB, 3)));

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.updates.size() == 4);
        assertThat(listener.updates).containsExactly(progress(JOB, 1), log(JOB, 2), progress(OTHER, 1), log(JOB, 3));
    }

    @Test
    void aListenerThatThrowsOnOneUpdateOfAGroupStillGetsTheOthers() {
        List<JobUpdate> got = new CopyOnWriteArrayList<>();
        delivery.add(update -> {
            got.add(update);
            if (update.seq() == 1) {
                throw new IllegalStateException("listener bug");
            }
        });

        delivery.deliverAll(List.of(log(JOB, 1), log(JOB, 2), log(JOB, 3)));
        delivery.deliver(log(JOB, 4));

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 4);
        assertThat(got).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRemovedListenerGetsNothingMoreNotEvenWhatWasQueuedForIt() throws Exception {
        GatedListener listener = new GatedListener();
        JobEventPublisher.Registration registration = delivery.add(listener);
        delivery.deliver(log(JOB, 1));
        assertThat(listener.entered.await(20, TimeUnit.SECONDS)).isTrue();
        for (long seq = 2; seq <= 10; seq++) {
            delivery.deliver(log(JOB, seq));
        }

        registration.close();
        listener.release.countDown();
        GatedListener other = new GatedListener();
        other.release.countDown();
        delivery.add(other);
        delivery.deliver(log(JOB, 11));
        await().atMost(Duration.ofSeconds(20)).until(() -> other.seqs(JOB).contains(11L));

        assertThat(listener.seqs(JOB)).containsExactly(1L);
        assertThat(delivery.listenerCount()).isOne();
    }

    @Test
    void aListenerWhoseQueueOverflowsIsToldOfAGapAfterWhatWasQueued() throws Exception {
        try (ListenerDelivery small = ListenerDelivery.create("test-small", 1, 5)) {
            GatedListener listener = new GatedListener();
            small.add(listener);
            small.deliver(log(JOB, 1));
            assertThat(listener.entered.await(20, TimeUnit.SECONDS)).isTrue();
            for (long seq = 2; seq <= 20; seq++) {
                small.deliver(log(JOB, seq));
            }
            listener.release.countDown();

            await().atMost(Duration.ofSeconds(20)).until(() -> listener.gaps.get() == 1);
            assertThat(listener.seqs(JOB)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    private static LogUpdate log(UUID job, long seq) {
        return new LogUpdate(job, seq, LogEntry.of(LogLevel.INFO, "line " + seq, Instant.parse("2026-12-01T00:00:00Z")));
    }

    private static ProgressUpdate progress(UUID job, long seq) {
        return new ProgressUpdate(job, seq, (int) (seq / 10), (int) seq, 1_000);
    }

    /** Blocks in its first update until released; records the rest. */
    private static final class GatedListener implements JobUpdateListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<JobUpdate> updates = new CopyOnWriteArrayList<>();
        final AtomicInteger gaps = new AtomicInteger();

        @Override
        public void onUpdate(JobUpdate update) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            updates.add(update);
        }

        @Override
        public void onPossibleGap() {
            gaps.incrementAndGet();
        }

        List<JobUpdate> of(UUID job) {
            return updates.stream().filter(u -> u.jobId().equals(job)).toList();
        }

        List<Long> seqs(UUID job) {
            return of(job).stream().map(JobUpdate::seq).toList();
        }
    }
}
