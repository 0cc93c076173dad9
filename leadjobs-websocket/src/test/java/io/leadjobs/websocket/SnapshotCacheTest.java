package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobStatus;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.PreparedEvent;
import io.leadjobs.socketio.SocketIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * When a job-status snapshot read (and encoded) for one subscriber may go to the next, and when the store must be asked
 * again.
 */
class SnapshotCacheTest {

    private static final UUID JOB = UUID.fromString("0b7f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b");
    private static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final SocketIoServer IO = SocketIoServer.builder().build();

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SnapshotCache cache = new SnapshotCache(100, MAX_AGE, nanos::get);
    private final Store store = new Store();

    @Test
    void subscribersOfARunningJobShareOneReadUntilAnUpdateNewerThanItIsHeard() {
        Optional<JobSnapshot> first = publishedAndAskedFor(7, "ana");
        for (int i = 0; i < 99; i++) {
            assertThat(snapshot("ana")).isEqualTo(first);
        }
        assertThat(store.reads.get()).isOne();

        // update 8 goes out: a subscriber registered from now on holds it, but the snapshot lacks it
        store.seq = 8;
        cache.heard(JOB, 8);
        assertThat(snapshot("ana")).get().extracting(JobSnapshot::seq).isEqualTo(8L);
        assertThat(store.reads.get()).isEqualTo(2);
        assertThat(snapshot("ana")).get().extracting(JobSnapshot::seq).isEqualTo(8L);
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void aSnapshotAheadOfWhatTheGatewayHeardIsSharedAndHeardUpdatesArriveInAnyOrder() {
        cache.heard(JOB, 5);
        store.seq = 9; // the store is ahead (another node runs the job; 6-9 are on their way): they will be held
        snapshot("ana");
        cache.heard(JOB, 9);
        cache.heard(JOB, 6); // late, older: changes nothing
        assertThat(snapshot("ana")).get().extracting(JobSnapshot::seq).isEqualTo(9L);
        assertThat(store.reads.get()).isOne();
    }

    @Test
    void aJobWithNoUpdateHeardIsReadEveryTime() {
        store.seq = 0; // queued: nothing published yet, or the gateway started after its updates
        snapshot("ana");
        snapshot("ana");
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void aSnapshotIsSharedOnlyWithTheUserItWasReadForAndOnlyForItsMaximumAge() {
        publishedAndAskedFor(3, "ana");
        snapshot("bob"); // whether bob may see the job is the job service's to say
        assertThat(store.reads.get()).isEqualTo(2);
        snapshot("bob");
        assertThat(store.reads.get()).isEqualTo(2);

        nanos.addAndGet(MAX_AGE.toNanos()); // nothing published for a second: the job may be gone or hidden now
        store.gone = true;
        assertThat(snapshot("bob")).isEmpty();
        assertThat(store.reads.get()).isEqualTo(3);
        assertThat(snapshot("bob")).isEmpty(); // a job not found is never shared
        assertThat(store.reads.get()).isEqualTo(4);
    }

    @Test
    void aJobNobodyAskedAboutForAMinuteIsForgottenAndThenReadUntilAnUpdateIsHeardAgain() {
        publishedAndAskedFor(4, "ana");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());

        // forgotten with what it had heard: it cannot tell which updates went out before, so it asks the store
        snapshot("ana");
        snapshot("ana");
        assertThat(store.reads.get()).isEqualTo(3);
        cache.heard(JOB, 4);
        snapshot("ana");
        snapshot("ana");
        assertThat(store.reads.get()).isEqualTo(4);
    }

    /** Update {@code seq} of the job is stored and heard; then {@code user} subscribes. */
    private Optional<JobSnapshot> publishedAndAskedFor(long seq, String user) {
        store.seq = seq;
        cache.heard(JOB, seq);
        return snapshot(user);
    }

    @Test
    void subscribersSharingASnapshotShareOneEncodedJobStatusAndANewerSnapshotIsEncodedAnew() {
        List<JobSnapshot> encoded = new ArrayList<>();
        Function<JobSnapshot, PreparedEvent> encode = snapshot -> {
            encoded.add(snapshot);
            return IO.mainNamespace().prepare("job-status", JobJson.jobStatus(snapshot));
        };
        publishedAndAskedFor(7, "ana");
        PreparedEvent first = cache.status("ana", JOB, store).orElseThrow().packet(encode);
        for (int i = 0; i < 99; i++) {
            assertThat(cache.status("ana", JOB, store).orElseThrow().packet(encode)).isSameAs(first);
        }
        assertThat(encoded).extracting(JobSnapshot::seq).containsExactly(7L);

        store.seq = 8;
        cache.heard(JOB, 8); // the shared snapshot lacks update 8: read again, and encoded again
        PreparedEvent newer = cache.status("ana", JOB, store).orElseThrow().packet(encode);
        assertThat(newer).isNotSameAs(first);
        assertThat(cache.status("ana", JOB, store).orElseThrow().packet(encode)).isSameAs(newer);
        assertThat(encoded).extracting(JobSnapshot::seq).containsExactly(7L, 8L);

        cache.status("bob", JOB, store).orElseThrow().packet(encode); // another user's read is his own
        assertThat(encoded).hasSize(3);
    }

    @Test
    void aSnapshotThatIsNotSharedIsEncodedForItsSubscriberAlone() {
        store.seq = 0; // nothing heard of the job: every subscriber reads it
        AtomicInteger encodings = new AtomicInteger();
        Function<JobSnapshot, PreparedEvent> encode = snapshot -> {
            encodings.incrementAndGet();
            return IO.mainNamespace().prepare("job-status", JobJson.jobStatus(snapshot));
        };
        cache.status("ana", JOB, store).orElseThrow().packet(encode);
        cache.status("ana", JOB, store).orElseThrow().packet(encode);
        assertThat(encodings.get()).isEqualTo(2);
        assertThat(store.reads.get()).isEqualTo(2);
    }

    private Optional<JobSnapshot> snapshot(String user) {
        return cache.status(user, JOB, store).map(SnapshotCache.Status::snapshot);
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
