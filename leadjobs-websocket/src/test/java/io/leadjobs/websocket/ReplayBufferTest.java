package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.ProgressUpdate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a resumed subscription can be given, and when it is worth waiting for more. */
class ReplayBufferTest {
    private static final UUID JOB = UUID.fromString("0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01");

    private static ProgressUpdate update(long seq) {
        return new ProgressUpdate(JOB, seq, (int) seq, (int) seq, 100);
    }

    @Test
    void givesTheUpdatesAfterLastSeqWhenItHoldsThemAll() {
        ReplayBuffer buffer = new ReplayBuffer(10, 10);
        for (long seq = 1; seq <= 5; seq++) {
            buffer.record(update(seq));
        }

        assertThat(buffer.between(JOB, 2, 5).orElseThrow()).extracting(JobUpdate::seq).containsExactly(3L, 4L, 5L);
        assertThat(buffer.behind(JOB, 2, 5)).isFalse();
    }

    @Test
    void isBehindWhileOnlyTheNewestUpdatesAreMissing() {
        ReplayBuffer buffer = new ReplayBuffer(10, 10);
        assertThat(buffer.behind(JOB, 0, 3)).as("nothing heard of the job yet").isTrue();
        buffer.record(update(1));
        buffer.record(update(2));

        assertThat(buffer.between(JOB, 0, 3)).isEmpty();
        assertThat(buffer.behind(JOB, 0, 3)).isTrue();
        buffer.record(update(3));
        assertThat(buffer.between(JOB, 0, 3)).isPresent();
    }

    @Test
    void isNotBehindWhenTheFirstMissedUpdatesAreGoneOrNothingIsHeldAtAll() {
        ReplayBuffer small = new ReplayBuffer(2, 10);
        for (long seq = 1; seq <= 5; seq++) {
            small.record(update(seq));
        }
        assertThat(small.behind(JOB, 1, 6)).as("updates 2-3 are no longer held").isFalse();
        assertThat(small.behind(JOB, 3, 6)).as("4-5 are held, 6 may come").isTrue();

        ReplayBuffer off = new ReplayBuffer(0, 10);
        off.record(update(1));
        assertThat(off.behind(JOB, 0, 1)).isFalse();
    }
}
