package io.leadjobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.ProgressUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final UUID JOB = UUID.randomUUID();

    private static ProgressUpdate progress(long seq) {
        return new ProgressUpdate(JOB, seq, 1, (int) seq, 100);
    }

    @Test
    void fullOutboxWithNoWaitRefusesTheUpdateAtOnce() {
        Outbox outbox = new Outbox(1, Duration.ZERO);
        assertThat(outbox.offer(progress(1))).isTrue();
        assertThat(outbox.offer(progress(2))).isFalse();
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void fullOutboxWithAWaitQueuesTheUpdateOnceTheSendingThreadMakesRoom() throws Exception {
        Outbox outbox = new Outbox(1, Duration.ofMinutes(1));
        assertThat(outbox.offer(progress(1))).isTrue();
        CompletableFuture<Boolean> waiting = new CompletableFuture<>();
        Thread publisher = new Thread(() -> waiting.complete(outbox.offer(progress(2))), "publisher");
        publisher.start();
        while (publisher.getState() != Thread.State.TIMED_WAITING && !waiting.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(waiting).as("the offer waits for room while the outbox is full").isNotDone();
        List<JobUpdate> batch = new ArrayList<>();
        assertThat(outbox.nextBatch(batch, 1_000, 1)).isTrue();
        assertThat(batch).extracting(JobUpdate::seq).containsExactly(1L);
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isTrue();
        batch.clear();
        assertThat(outbox.nextBatch(batch, 60_000, 10)).isTrue();
        assertThat(batch).extracting(JobUpdate::seq).containsExactly(2L);
    }

    @Test
    void updatesOfferedTogetherAreTakenInOneBatchAndThoseWithoutRoomAreReturned() {
        Outbox outbox = new Outbox(4, Duration.ZERO);
        assertThat(outbox.offerAll(List.of(progress(1), progress(2), progress(3)))).isEmpty();
        List<JobUpdate> batch = new ArrayList<>();
        assertThat(outbox.nextBatch(batch, 1_000, 10)).isTrue();
        assertThat(batch).extracting(JobUpdate::seq).containsExactly(1L, 2L, 3L);

        // room for two of three: they are queued one by one, the last is refused
        assertThat(outbox.offer(progress(4))).isTrue();
        assertThat(outbox.offer(progress(5))).isTrue();
        assertThat(outbox.offerAll(List.of(progress(6), progress(7), progress(8)))).extracting(JobUpdate::seq)
                .containsExactly(8L);
        batch.clear();
        assertThat(outbox.nextBatch(batch, 1_000, 10)).isTrue();
        assertThat(batch).extracting(JobUpdate::seq).containsExactly(4L, 5L, 6L, 7L);
    }
}
