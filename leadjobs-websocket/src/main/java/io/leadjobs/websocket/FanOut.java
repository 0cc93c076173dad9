package io.leadjobs.websocket;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.spi.LeadJobsExecutors;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.socketio.PreparedEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands each job update to its recipients on several threads at once. Every recipient belongs to one shard
 * (chosen when it connects); a shard's deliveries run in publication order on one thread at a time, so each
 * recipient sees a job's updates in order, and the shards run in parallel on a pool of {@code threads}. The
 * packet is encoded once by the caller and shared by every recipient: per recipient there is only its own
 * queue offer and write. A shard takes all the deliveries waiting for it at once and hands each recipient a job's
 * waiting updates in one call (a progress update and the log entry after it: one write to the client, not two;
 * updates published together, {@link #publishAll}, are queued in one step, so a round starts between them only when
 * more than a round's 256 deliveries wait);
 * consecutive deliveries to the same recipients go out together with no per-recipient bookkeeping, and only a
 * round in which a job comes back after another one (the shard fell behind) gathers each recipient's whole share.
 *
 * <p>Each shard's queue is bounded and cannot hide latency. Once the oldest delivery waiting in a shard has
 * waited {@code coalesceAfter}, a newer progress update of a job replaces the one of that job still waiting
 * (its recipients skip a progress value, never get an old one late; a burst that the shard drains at once is
 * never coalesced, so a recipient that keeps up sees every update). A progress or log update that has waited
 * {@code dropAfter} when its turn comes is not delivered at all, nor is any update past {@code maxQueued}
 * waiting ones: the shard is falling behind, and instead of sending ever older updates it hands their
 * recipients to {@link Sink#lost}, once per job, when it has caught up, so that the gateway sends them one fresh
 * {@code job-status} (which carries the recent log entries). Status, complete and error updates are never
 * dropped for age. Thread-safe.
 *
 * @param <R> a recipient
 */
final class FanOut<R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    /** Deliveries a shard hands out in one round at most. */
    private static final int ROUND = 256;

    /** What the fan-out does with recipients. Called on the fan-out's threads; must not block. */
    interface Sink<R> {
        /** The recipient's updates, in publication order (one or more). */
        void deliver(R recipient, List<PreparedUpdate> updates);

        /** These recipients missed updates of the job because their shard fell behind. */
        void lost(UUID jobId, List<R> recipients);

        /** A waiting progress delivery was replaced by a newer one of its job. */
        default void coalesced() {
        }

        /** A delivery to {@code recipients} recipients was dropped. */
        default void dropped(int recipients) {
        }
    }

    private final Sink<R> sink;
    private final long coalesceAfterNanos;
    private final long dropAfterNanos;
    private final int maxQueued;
    private final LongSupplier nanoTime;
    private final ExecutorService pool;
    private final List<Shard> shards = new ArrayList<>();

    FanOut(String threadName, int threads, Duration coalesceAfter, Duration dropAfter, int maxQueued, Sink<R> sink) {
        this(threadName, threads, coalesceAfter, dropAfter, maxQueued, sink, System::nanoTime);
    }

    /** With the ticker that times waiting deliveries (tests move it by hand). */
    FanOut(String threadName, int threads, Duration coalesceAfter, Duration dropAfter, int maxQueued, Sink<R> sink,
           LongSupplier nanoTime) {
        this.sink = sink;
        this.coalesceAfterNanos = coalesceAfter.toNanos();
        this.dropAfterNanos = dropAfter.toNanos();
        this.maxQueued = maxQueued;
        this.nanoTime = nanoTime;
        // each shard has at most one task queued or running, so the work queue is bounded by the shard count
        this.pool = LeadJobsExecutors.fixed(threadName, threads, threads);
        for (int i = 0; i < threads; i++) {
            shards.add(new Shard());
        }
    }

    /** The number of shards; a recipient's shard is any number in {@code [0, shards())}. */
    int shards() {
        return shards.size();
    }

    /**
     * Queues {@code update} for {@code recipients}: {@code byShard.get(i)} lists those of shard {@code i} (empty
     * lists are skipped). Returns at once.
     */
    void publish(JobUpdate update, PreparedEvent packet, List<List<R>> byShard) {
        publishAll(List.of(new Publication<>(update, packet, byShard)));
    }

    /**
     * Queues updates published together, in order, each for its recipients. A shard takes them into the same round,
     * so a recipient of several gets them in one {@link Sink#deliver} call. Returns at once.
     */
    void publishAll(List<Publication<R>> publications) {
        long now = nanoTime.getAsLong();
        for (int i = 0; i < shards.size(); i++) {
            List<Delivery<R>> forShard = new ArrayList<>(publications.size());
            for (Publication<R> p : publications) {
                List<R> recipients = p.byShard().get(i);
                if (!recipients.isEmpty()) {
                    forShard.add(new Delivery<>(new PreparedUpdate(p.update(), p.packet()), recipients, now));
                }
            }
            if (!forShard.isEmpty()) {
                shards.get(i).offer(forShard);
            }
        }
    }

    /**
     * An update to queue, with its packet and its recipients by shard ({@code byShard.get(i)} lists those of shard
     * {@code i}; one list per shard, empty ones skipped).
     */
    record Publication<R>(JobUpdate update, PreparedEvent packet, List<List<R>> byShard) {
    }

    /** Deliveries waiting in all shards now; for tests and metrics. */
    int queued() {
        int n = 0;
        for (Shard shard : shards) {
            n += shard.size();
        }
        return n;
    }

    @Override
    public void close() {
        LeadJobsExecutors.shutdown(pool, Duration.ofSeconds(5));
    }

    private static boolean droppable(JobUpdate update) {
        return update instanceof ProgressUpdate || update instanceof LogUpdate;
    }

    private static final class Delivery<R> {
        final PreparedUpdate prepared;
        final JobUpdate update;
        final List<R> recipients;
        final long queuedAt;
        boolean superseded;

        Delivery(PreparedUpdate prepared, List<R> recipients, long queuedAt) {
            this.prepared = prepared;
            this.update = prepared.update();
            this.recipients = recipients;
            this.queuedAt = queuedAt;
        }
    }

    private final class Shard implements Runnable {
        private final ArrayDeque<Delivery<R>> queue = new ArrayDeque<>();
        /** The progress delivery of each job waiting in the queue, to be replaced by a newer one. */
        private final Map<UUID, Delivery<R>> waitingProgress = new HashMap<>();
        /** Recipients of deliveries dropped since the shard last caught up, by job. */
        private final Map<UUID, Set<R>> lost = new LinkedHashMap<>();
        private int live;
        private boolean scheduled;

        synchronized int size() {
            return live;
        }

        /** Queues deliveries published together; the shard's next round takes them all. */
        void offer(List<Delivery<R>> deliveries) {
            boolean start;
            synchronized (this) {
                for (Delivery<R> delivery : deliveries) {
                    enqueue(delivery);
                }
                start = !scheduled;
                scheduled = true;
            }
            if (start) {
                try {
                    pool.execute(this);
                } catch (RejectedExecutionException e) {
                    synchronized (this) {
                        scheduled = false; // closing
                    }
                }
            }
        }

        /** Called with the lock held. */
        private void enqueue(Delivery<R> delivery) {
            if (live >= maxQueued) {
                drop(delivery, "more than " + maxQueued + " wait");
                return;
            }
            if (delivery.update instanceof ProgressUpdate) {
                Delivery<R> older = waitingProgress.put(delivery.update.jobId(), delivery);
                Delivery<R> oldest = queue.peekFirst();
                if (older != null && oldest != null && delivery.queuedAt - oldest.queuedAt >= coalesceAfterNanos) {
                    older.superseded = true;
                    live--;
                    sink.coalesced();
                }
            }
            queue.addLast(delivery);
            live++;
        }

        /** Called with the lock held. */
        private void drop(Delivery<R> delivery, String why) {
            lost.computeIfAbsent(delivery.update.jobId(), k -> new LinkedHashSet<>()).addAll(delivery.recipients);
            sink.dropped(delivery.recipients.size());
            LOG.debug("Job {}: update {} not delivered to {} clients whose delivery thread is behind ({})",
                    delivery.update.jobId(), delivery.update.seq(), delivery.recipients.size(), why);
        }

        @Override
        public void run() {
            while (true) {
                List<Delivery<R>> round = new ArrayList<>();
                Map<UUID, Set<R>> missed = Map.of();
                synchronized (this) {
                    long now = nanoTime.getAsLong();
                    Delivery<R> next;
                    while (round.size() < ROUND && (next = queue.pollFirst()) != null) {
                        if (next.superseded) {
                            continue;
                        }
                        live--;
                        if (next.update instanceof ProgressUpdate) {
                            waitingProgress.remove(next.update.jobId(), next);
                        }
                        if (droppable(next.update) && now - next.queuedAt >= dropAfterNanos) {
                            drop(next, "waited " + (now - next.queuedAt) / 1_000_000 + " ms");
                        } else {
                            round.add(next);
                        }
                    }
                    if (round.isEmpty()) { // nothing left: dropping does not fill a round, so the queue is empty
                        scheduled = false;
                        if (!lost.isEmpty()) {
                            missed = new LinkedHashMap<>(lost);
                            lost.clear();
                        }
                    }
                }
                if (round.isEmpty()) {
                    missed.forEach(this::lostQuietly);
                    return;
                }
                deliver(round);
            }
        }

        private void deliver(List<Delivery<R>> round) {
            // runs of deliveries to the same recipients (a job's progress and the log entry after it)
            List<Integer> runStarts = new ArrayList<>();
            for (int i = 0; i < round.size(); i++) {
                if (i == 0 || !round.get(i).recipients.equals(round.get(i - 1).recipients)) {
                    runStarts.add(i);
                }
            }
            if (!aJobComesBack(round, runStarts)) {
                // each recipient is in one run at most: it gets that run's updates in one call, with no
                // per-recipient bookkeeping
                for (int r = 0; r < runStarts.size(); r++) {
                    int from = runStarts.get(r);
                    int to = r + 1 < runStarts.size() ? runStarts.get(r + 1) : round.size();
                    List<PreparedUpdate> updates = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        updates.add(round.get(i).prepared);
                    }
                    deliverAll(round.get(from).recipients, List.copyOf(updates));
                }
                return;
            }
            // a recipient is in several runs (its shard fell behind on more than one job): gather its share of
            // the round, in publication order, for one call
            Map<R, List<PreparedUpdate>> shares = new LinkedHashMap<>();
            for (Delivery<R> d : round) {
                for (R r : d.recipients) {
                    shares.computeIfAbsent(r, k -> new ArrayList<>(round.size())).add(d.prepared);
                }
            }
            shares.forEach((r, updates) -> deliverAll(List.of(r), updates));
        }

        /**
         * Whether a job has deliveries in two runs: its recipients would then get two calls where one can carry
         * both. (Recipients that watch two jobs get one call per job's run, each in order.)
         */
        private boolean aJobComesBack(List<Delivery<R>> round, List<Integer> runStarts) {
            List<UUID> jobs = new ArrayList<>(runStarts.size());
            for (int start : runStarts) {
                UUID job = round.get(start).update.jobId();
                if (jobs.contains(job)) {
                    return true;
                }
                jobs.add(job);
            }
            return false;
        }

        /** Hands {@code updates} to each of {@code recipients}; log lines meanwhile carry the (first) update's job id. */
        private void deliverAll(List<R> recipients, List<PreparedUpdate> updates) {
            JobUpdate first = updates.get(0).update();
            try (MDC.MDCCloseable mdc = MDC.putCloseable("jobId", first.jobId().toString())) {
                for (R recipient : recipients) {
                    try {
                        sink.deliver(recipient, updates);
                    } catch (RuntimeException e) {
                        LOG.warn("Job {}: delivering update {} to a client failed", first.jobId(), first.seq(), e);
                    }
                }
            }
        }

        private void lostQuietly(UUID jobId, Set<R> recipients) {
            try {
                sink.lost(jobId, List.copyOf(recipients));
            } catch (RuntimeException e) {
                LOG.warn("Job {}: resynchronizing clients that missed updates failed", jobId, e);
            }
        }
    }
}
