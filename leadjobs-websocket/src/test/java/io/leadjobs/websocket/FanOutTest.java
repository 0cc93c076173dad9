package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import io.leadjobs.socketio.PreparedEvent;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.testing.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's fan-out: parallel shards, one shared packet, order per recipient, a bounded coalescing queue. */
class FanOutTest {

    private static final UUID JOB = UUID.fromString("1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b");

    private final SocketIoServer io = SocketIoServer.builder().build();
    private final List<FanOut<?>> fanOuts = new ArrayList<>();

    @AfterEach
    void close() {
        fanOuts.forEach(FanOut::close);
        io.close();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    @Test
    void everyRecipientGetsTheJobsUpdatesInOrderAsTheOnePacketEncodedForAll() {
        Recording sink = new Recording();
        FanOut<String> fanOut = fanOut(3, Duration.ofSeconds(10), 4_096, sink);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            recipients.add("client-" + i);
        }
        Map<Long, PreparedEvent> packets = new ConcurrentHashMap<>();

        for (long seq = 1; seq <= 200; seq++) {
            PreparedEvent packet = io.mainNamespace().prepare("job-update", Map.of("seq", seq));
            packets.put(seq, packet);
            fanOut.publish(log(seq), packet, byShard(recipients, fanOut.shards()));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.total() == 30 * 200);
        for (String r : recipients) {
            assertThat(sink.seqs(r)).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(sink.received.get(r)).allSatisfy(d -> assertThat(d.packet()).isSameAs(packets.get(d.update().seq())));
        }
        // the shards ran on several threads
        assertThat(sink.threads).hasSizeGreaterThan(1);
    }

    @Test
    void aStuckShardDelaysOnlyItsOwnRecipients() throws Exception {
        Recording sink = new Recording();
        sink.blockOn("stuck");
        FanOut<String> fanOut = fanOut(2, Duration.ofSeconds(10), 4_096, sink);
        List<List<String>> shards = List.of(List.of("stuck"), List.of("free"));

        for (long seq = 1; seq <= 50; seq++) {
            fanOut.publish(log(seq), io.mainNamespace().prepare("job-update", seq), shards);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.seqs("free").size() == 50);
        assertThat(sink.seqs("stuck")).isEmpty();
        sink.release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.seqs("stuck").size() == 50);
        assertThat(sink.seqs("stuck")).isSorted();
        // what waited meanwhile reached the recipient in one call (over WebSocket, one write), not fifty
        assertThat(sink.calls.get("stuck")).isLessThanOrEqualTo(2);
    }

    @Test
    void aRoundHandsEachRecipientAJobsWaitingUpdatesInOneCallAndItsWholeShareWhenAJobComesBackInIt() throws Exception {
        UUID jobA = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
        UUID jobB = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
        Recording sink = new Recording();
        sink.blockOn("gate");
        FanOut<String> fanOut = fanOut(1, Duration.ofHours(1), 4_096, sink);
        fanOut.publish(log(1), io.mainNamespace().prepare("job-update", 1), List.of(List.of("gate")));
        assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
        List<List<String>> watchA = List.of(new ArrayList<>(List.of("a1", "a2", "both")));
        List<List<String>> watchB = List.of(new ArrayList<>(List.of("b1", "both")));

        // while the shard is busy, a's progress and log entry, then b's, wait for the next round
        fanOut.publish(new ProgressUpdate(jobA, 1, 10, 10, 100), io.mainNamespace().prepare("job-update", "a1"), watchA);
        fanOut.publish(logOf(jobA, 2), io.mainNamespace().prepare("job-update", "a2"), watchA);
        fanOut.publish(new ProgressUpdate(jobB, 1, 10, 10, 100), io.mainNamespace().prepare("job-update", "b1"), watchB);
        fanOut.publish(logOf(jobB, 2), io.mainNamespace().prepare("job-update", "b2"), watchB);
        sink.release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.total() == 1 + 3 * 2 + 2 * 2);
        // one call per recipient and job: over WebSocket, the progress and the log entry in one write
        assertThat(sink.calls).containsEntry("a1", 1).containsEntry("a2", 1).containsEntry("b1", 1).containsEntry("both", 2);
        assertThat(sink.received.get("both")).extracting(d -> d.update().jobId() + "/" + d.update().seq())
                .containsExactly(jobA + "/1", jobA + "/2", jobB + "/1", jobB + "/2");

        // a round in which job a comes back after b (the shard fell behind on both): still one call per recipient,
        // with its whole share of the round in publication order
        Recording second = new Recording();
        second.blockOn("gate");
        FanOut<String> behind = fanOut(1, Duration.ofHours(1), 4_096, second);
        behind.publish(log(1), io.mainNamespace().prepare("job-update", 1), List.of(List.of("gate")));
        assertThat(second.entered.await(20, TimeUnit.SECONDS)).isTrue();
        behind.publish(logOf(jobA, 1), io.mainNamespace().prepare("job-update", "a1"), watchA);
        behind.publish(logOf(jobB, 1), io.mainNamespace().prepare("job-update", "b1"), watchB);
        behind.publish(logOf(jobA, 2), io.mainNamespace().prepare("job-update", "a2"), watchA);
        second.release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> second.total() == 1 + 3 * 2 + 2);
        assertThat(second.calls).containsEntry("a1", 1).containsEntry("b1", 1).containsEntry("both", 1);
        assertThat(second.received.get("both")).extracting(d -> d.update().jobId() + "/" + d.update().seq())
                .containsExactly(jobA + "/1", jobB + "/1", jobA + "/2");
        assertThat(second.seqs("a2")).containsExactly(1L, 2L);
    }

    @Test
    void updatesPublishedTogetherReachEachRecipientInOneCallEvenWhenTheShardStartsMidway() {
        Recording sink = new Recording();
        // the publisher's clock stalls on its second reading until a recipient has been called: a fan-out that
        // queued the updates one by one would have its shard start a round with the first alone meanwhile
        java.util.concurrent.atomic.AtomicInteger readings = new java.util.concurrent.atomic.AtomicInteger();
        FanOut<String> fanOut = new FanOut<>("leadjobs-test-delivery", 2, Duration.ofHours(1), Duration.ofHours(1), 4_096,
                sink, () -> {
                    if (readings.incrementAndGet() == 2) {
                        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1)).until(() -> sink.total() > 0);
                    }
                    return 0L;
                });
        fanOuts.add(fanOut);
        List<List<String>> recipients = List.of(List.of("a", "b"), List.of("c"));

        fanOut.publishAll(List.of(
                new FanOut.Publication<>(progress(1), io.mainNamespace().prepare("job-update", 1), recipients),
                new FanOut.Publication<>(log(2), io.mainNamespace().prepare("job-update", 2), recipients),
                new FanOut.Publication<>(new StatusUpdate(JOB, 3, JobStatus.COMPLETED, "done"),
                        io.mainNamespace().prepare("job-update", 3), recipients)));

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.total() == 3 * 3);
        for (String r : List.of("a", "b", "c")) {
            assertThat(sink.calls.get(r)).as("calls to %s", r).isOne();
            assertThat(sink.seqs(r)).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aShardThatFallsBehindDeliversTheNewestProgressInsteadOfEveryOneAndTellsOfWhatItHadToDrop() throws Exception {
        Recording sink = new Recording();
        sink.blockOn("slow");
        AtomicLong ticker = new AtomicLong();
        FanOut<String> fanOut = new FanOut<>("leadjobs-test-delivery", 1, Duration.ofMillis(100), Duration.ofHours(1), 100,
                sink, ticker::get);
        fanOuts.add(fanOut);
        List<List<String>> slow = List.of(List.of("slow"));
        fanOut.publish(log(1), io.mainNamespace().prepare("job-update", 1), slow);
        assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();

        // a burst that the shard would drain at once keeps every update
        for (long seq = 2; seq <= 40; seq++) {
            fanOut.publish(progress(seq), io.mainNamespace().prepare("job-update", seq), slow);
        }
        assertThat(fanOut.queued()).isEqualTo(39);
        // but once the oldest has waited 100 ms, each progress update replaces the one waiting
        ticker.addAndGet(Duration.ofMillis(100).toNanos());
        for (long seq = 41; seq <= 1_000; seq++) {
            fanOut.publish(progress(seq), io.mainNamespace().prepare("job-update", seq), slow);
        }
        assertThat(fanOut.queued()).isEqualTo(39);
        // logs cannot be replaced: past 100 waiting, they are dropped and the recipient is told
        for (long seq = 1_001; seq <= 1_200; seq++) {
            fanOut.publish(log(seq), io.mainNamespace().prepare("job-update", seq), slow);
        }
        assertThat(fanOut.queued()).isEqualTo(100);
        sink.release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.lost.contains("slow:" + JOB));
        List<Long> seqs = sink.seqs("slow");
        assertThat(seqs).isSorted().doesNotHaveDuplicates().contains(1_000L);
        assertThat(seqs.stream().filter(s -> s >= 2 && s <= 1_000).toList())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(
                        java.util.stream.LongStream.rangeClosed(2, 39).boxed(), java.util.stream.Stream.of(1_000L)).toList());
        assertThat(seqs).last().isEqualTo(1_061L);
    }

    @Test
    void progressAndLogsThatWaitedTooLongAreNotSentButTheirRecipientsAreToldOnceAndTerminalUpdatesStillGoOut()
            throws Exception {
        Recording sink = new Recording();
        sink.blockOn("slow");
        AtomicLong ticker = new AtomicLong();
        FanOut<String> fanOut = new FanOut<>("leadjobs-test-delivery", 1, Duration.ofHours(1), Duration.ofSeconds(1), 4_096,
                sink, ticker::get);
        fanOuts.add(fanOut);
        List<List<String>> both = List.of(List.of("slow", "other"));
        fanOut.publish(log(1), io.mainNamespace().prepare("job-update", 1), both);
        assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();

        for (long seq = 2; seq <= 20; seq++) {
            fanOut.publish(seq % 2 == 0 ? progress(seq) : log(seq), io.mainNamespace().prepare("job-update", seq), both);
        }
        fanOut.publish(new StatusUpdate(JOB, 21, JobStatus.COMPLETED, "done"),
                io.mainNamespace().prepare("job-update", 21), both);
        // they wait a second and more before the shard gets to them
        ticker.addAndGet(Duration.ofMillis(1_500).toNanos());
        fanOut.publish(log(22), io.mainNamespace().prepare("job-update", 22), both);
        sink.release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.seqs("other").contains(22L) && sink.lostCalls.get() == 1);
        for (String r : List.of("slow", "other")) {
            assertThat(sink.seqs(r)).containsExactly(1L, 21L, 22L);
        }
        assertThat(sink.lost).containsExactlyInAnyOrder("slow:" + JOB, "other:" + JOB);
    }

    private <R> FanOut<R> fanOut(int threads, Duration coalesceAfter, int maxQueued, FanOut.Sink<R> sink) {
        FanOut<R> fanOut = new FanOut<>("leadjobs-test-delivery", threads, coalesceAfter, Duration.ofHours(1), maxQueued, sink);
        fanOuts.add(fanOut);
        return fanOut;
    }

    private static List<List<String>> byShard(List<String> recipients, int shards) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < recipients.size(); i++) {
            out.get(i % shards).add(recipients.get(i));
        }
        return out;
    }

    private static LogUpdate logOf(UUID job, long seq) {
        return new LogUpdate(job, seq, LogEntry.of(LogLevel.INFO, "line " + seq, Instant.parse("2026-12-01T00:00:00Z")));
    }

    private static LogUpdate log(long seq) {
        return new LogUpdate(JOB, seq, LogEntry.of(LogLevel.INFO, "line " + seq, Instant.parse("2026-12-01T00:00:00Z")));
    }

    private static ProgressUpdate progress(long seq) {
        return new ProgressUpdate(JOB, seq, (int) (seq / 20), (int) seq, 2_000);
    }

    record Delivered(JobUpdate update, PreparedEvent packet) {
    }

    /** Records deliveries per recipient; can hold one recipient's first delivery until released. */
    private static final class Recording implements FanOut.Sink<String> {
        final Map<String, List<Delivered>> received = new ConcurrentHashMap<>();
        final Set<String> lost = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger lostCalls = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile String blocked = "";

        void blockOn(String recipient) {
            blocked = recipient;
        }

        @Override
        public void deliver(String recipient, List<PreparedUpdate> updates) {
            threads.add(Thread.currentThread().getName());
            if (recipient.equals(blocked)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Delivered> got = received.computeIfAbsent(recipient, r -> new CopyOnWriteArrayList<>());
            updates.forEach(u -> got.add(new Delivered(u.update(), u.packet())));
            calls.merge(recipient, 1, Integer::sum);
        }

        @Override
        public void lost(UUID jobId, List<String> recipients) {
            recipients.forEach(r -> lost.add(r + ":" + jobId));
            lostCalls.incrementAndGet();
        }

        List<Long> seqs(String recipient) {
            return received.getOrDefault(recipient, List.of()).stream().map(d -> d.update().seq()).toList();
        }

        int total() {
            return received.values().stream().mapToInt(List::size).sum();
        }
    }
}
