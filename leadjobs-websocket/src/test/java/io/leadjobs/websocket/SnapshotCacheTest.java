package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When a job-status snapshot read for one subscriber may go to the next, and when the store must be asked again. */
class SnapshotCacheTest {

    private static final UUID JOB = UUID.fromString("0b7f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b");
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SnapshotCache cache = new SnapshotCache(100, MAX_AGE, nanos::get);
    private final Store store = new Store();

    @Test
    void subscribersOfARunningJobShareOneReadUntilAnUpdateNewerThanItIsHeard() {
        Optional<JobSnapshot> first = publishedAndAskedFor(7, "ana");
        for (int i = 0; i < 99; i++) {
            assertThat(cache.snapshot("ana", JOB, store)).isEqualTo(first);
        }
        assertThat(store.reads.get()).isOne();

        // update 8 goes out: a subscriber registered from now on holds it, but the snapshot lacks it
        store.seq = 8;
        cache.heard(JOB, 8);
        assertThat(cache.snapshot("ana", JOB, store)).get().extracting(JobSnapshot::seq).isEqualTo(8L);
        assertThat(store.reads.get()).isEqualTo(2);
        assertThat(cache.snapshot("ana", JOB, store)).get().extracting(JobSnapshot::seq).isEqualTo(8L);
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void aSnapshotAheadOfWhatTheGatewayHeardIsSharedAndHeardUpdatesArriveInAnyOrder() {
        cache.heard(JOB, 5);
        store.seq = 9; // the store is ahead (another node runs the job; 6-9 are on their way): they will be held
        cache.snapshot("ana", JOB, store);
        cache.heard(JOB, 9);
        cache.heard(JOB, 6); // late, older: changes nothing
        assertThat(cache.snapshot("ana", JOB, store)).get().extracting(JobSnapshot::seq).isEqualTo(9L);
        assertThat(store.reads.get()).isOne();
    }

    @Test
    void aJobWithNoUpdateHeardIsReadEveryTime() {
        store.seq = 0; // queued: nothing published yet, or the gateway started after its updates
        cache.snapshot("ana", JOB, store);
        cache.snapshot("ana", JOB, store);
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void aSnapshotIsSharedOnlyWithTheUserItWasReadForAndOnlyForItsMaximumAge() {
        publishedAndAskedFor(3, "ana");
        cache.snapshot("bob", JOB, store); // whether bob may see the job is the job service's to say
        assertThat(store.reads.get()).isEqualTo(2);
        cache.snapshot("bob", JOB, store);
        assertThat(store.reads.get()).isEqualTo(2);

        nanos.addAndGet(MAX_AGE.toNanos()); // nothing published for a second: the job may be gone or hidden now
        store.gone = true;
        assertThat(cache.snapshot("bob", JOB, store)).isEmpty();
        assertThat(store.reads.get()).isEqualTo(3);
        assertThat(cache.snapshot("bob", JOB, store)).isEmpty(); // a job not found is never shared
        assertThat(store.reads.get()).isEqualTo(4);
    }

    @Test
    void aJobNobodyAskedAboutForAMinuteIsForgottenAndThenReadUntilAnUpdateIsHeardAgain() {
        publishedAndAskedFor(4, "ana");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());

        // forgotten with what it had heard: it cannot tell which updates went out before, so it asks the store
        cache.snapshot("ana", JOB, store);
        cache.snapshot("ana", JOB, store);
        assertThat(store.reads.get()).isEqualTo(3);
        cache.heard(JOB, 4);
        cache.snapshot("ana", JOB, store);
        cache.snapshot("ana", JOB, store);
        assertThat(store.reads.get()).isEqualTo(4);
    }

    /** Update {@code seq} of the job is stored and heard; then {@code user} subscribes. */
    private Optional<JobSnapshot> publishedAndAskedFor(long seq, String user) {
        store.seq = seq;
        cache.heard(JOB, seq);
        return cache.snapshot(user, JOB, store);
    }

    /** The job service's snapshot read, counted. */
    private static final class Store implements Supplier<Optional<JobSnapshot>> {
        final AtomicInteger reads = new AtomicInteger();
        volatile long seq;
        volatile boolean gone;

        @Override
        public Optional<JobSnapshot> get() {
            reads.incrementAndGet();
            return gone ? Optional.empty() : Optional.of(new JobSnapshot(JOB, JobStatus.PROCESSING, 10, 100, 10, 10, 2,
                    Optional.empty(), List.of(), seq));
        }
    }
}
