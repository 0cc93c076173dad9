package io.leadjobs.websocket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.socketio.PreparedEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The last {@code job-status} snapshot read for each job, shared by the clients of the same user that subscribe
 * while it is current: a crowd opening a job at once (a team's dashboards as the job starts) costs the store one
 * read, not one per client.
 *
 * <p>A snapshot may go to a subscriber only if it includes every update the gateway has already handed to the
 * fan-out for the job. The subscriber is registered before it asks, so each later update finds it and is held for
 * it; the earlier ones must be in the snapshot. The gateway tells the cache of each update ({@link #heard}) before
 * it looks up the update's subscribers, and a snapshot is shared only while its {@code seq} is at least the last one
 * heard. A job the cache has heard nothing of since it started (or since it forgot the job) is always read from the
 * store. A shared snapshot is at most {@code maxAge} old, so that what no update announces (a deleted job, a changed
 * access policy) shows within that time, and it is shared only with the user it was read for, since whether a user
 * may see a job is the job service's to decide. Its {@code job-status} packet is encoded once, by the first subscriber
 * that sends it, and shared with the others like the snapshot: a crowd costs one read and one encoding, not one of each
 * per client. Thread-safe.
 */
final class SnapshotCache {

    private final Cache<UUID, Entry> jobs;
    private final Ticker ticker;
    private final long maxAgeNanos;

    /**
     * @param maxJobs the jobs it remembers at most (the least recently used are forgotten, as is a job nobody
     *                subscribed to and nothing was heard of for a minute: forgetting is always safe, it only costs
     *                the next subscriber a read)
     * @param maxAge  how long a snapshot may be shared after it was read
     */
    SnapshotCache(int maxJobs, Duration maxAge, Ticker ticker) {
        this.ticker = ticker;
        this.maxAgeNanos = maxAge.toNanos();
        this.jobs = Caffeine.newBuilder().maximumSize(maxJobs).expireAfterAccess(Duration.ofMinutes(1)).ticker(ticker)
                .build();
    }

    /** An update of the job is about to be handed to the job's subscribers. */
    void heard(UUID jobId, long seq) {
        jobs.get(jobId, k -> new Entry(seq)).lastHeard.accumulateAndGet(seq, Math::max);
    }

    /**
     * The job's status for {@code userId}: the one shared for the job if it is current, else one of {@code read}'s
     * snapshot, which is then shared. Call it after the subscriber is registered for the job's updates.
     */
    Optional<Status> status(String userId, UUID jobId, Supplier<Optional<JobSnapshot>> read) {
        Objects.requireNonNull(userId, "userId");
        Entry entry = jobs.getIfPresent(jobId);
        if (entry == null) { // nothing heard of the job (a queued job, a made-up id): nothing to share it with
            return read.get().map(Status::new);
        }
        long heard = entry.lastHeard.get(); // after registering: every update after this one finds the subscriber
        Shared shared = entry.shared;
        long now = ticker.read();
        if (shared != null && shared.userId.equals(userId) && shared.status.snapshot().seq() >= heard
                && now - shared.readAt < maxAgeNanos) {
            return Optional.of(shared.status);
        }
        Optional<Status> fresh = read.get().map(Status::new);
        fresh.ifPresent(s -> entry.shared = new Shared(userId, s, now));
        return fresh;
    }

    /** A job's snapshot as subscribers get it, with its {@code job-status} packet once one of them has encoded it. */
    static final class Status {
        private final JobSnapshot snapshot;
        private volatile PreparedEvent packet;

        Status(JobSnapshot snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        }

        JobSnapshot snapshot() {
            return snapshot;
        }

        /**
         * The snapshot's {@code job-status} packet: {@code encode}'s the first time, the same packet after that (two
         * subscribers asking at the same moment may both encode it; either packet says the same).
         */
        PreparedEvent packet(Function<JobSnapshot, PreparedEvent> encode) {
            PreparedEvent encoded = packet;
            if (encoded == null) {
                encoded = Objects.requireNonNull(encode.apply(snapshot), "encoded packet");
                packet = encoded;
            }
            return encoded;
        }
    }

    /** A job the cache has heard of: the last update heard, and the snapshot it shares (none yet: null). */
    private static final class Entry {
        final AtomicLong lastHeard;
        volatile Shared shared;

        Entry(long firstHeard) {
            this.lastHeard = new AtomicLong(firstHeard);
        }
    }

    private record Shared(String userId, Status status, long readAt) {
    }
}
