package io.leadjobs.websocket;

import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.Namespace;
import io.leadjobs.socketio.PreparedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every job update once: records it for resume, encodes its {@code job-update} packet once and hands it
 * with the job's subscribers, grouped by shard, to the fan-out, which delivers on its own threads (updates
 * heard together, such as a commit's progress and log entries, are handed over together). Returns as
 * soon as that is queued, so the publisher never waits for clients. Also retries clients whose transport was
 * backlogged, and resynchronizes those that missed updates.
 */
final class UpdateDispatcher implements JobUpdateListener, FanOut.Sink<ConnectedClient>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);

    /**
     * How far behind a fan-out shard may fall before a newer progress update of a job replaces the waiting one, and
     * before progress and log updates are dropped for its clients (who then get one fresh job-status, with the
     * recent log entries), and the deliveries it may hold at most.
     */
    static final Duration DELIVERY_COALESCE_AFTER = Duration.ofMillis(500);
    static final Duration DELIVERY_DROP_AFTER = Duration.ofSeconds(1);
    static final int DELIVERY_MAX_QUEUED = 4_096;

    private final GatewaySettings settings;
    private final ReplayBuffer replay;
    private final SnapshotCache snapshots;
    private final Map<String, ConnectedClient> clients;
    private final ExecutorService pool;
    private final Supplier<Namespace> namespace;
    private final FanOut<ConnectedClient> fanOut;
    private final AtomicInteger nextShard = new AtomicInteger();
    private final Set<ClientSession> backlogged = ConcurrentHashMap.newKeySet();

    UpdateDispatcher(GatewaySettings settings, ReplayBuffer replay, SnapshotCache snapshots,
                     Map<String, ConnectedClient> clients, ExecutorService pool, Supplier<Namespace> namespace) {
        this.settings = settings;
        this.replay = replay;
        this.snapshots = snapshots;
        this.clients = clients;
        this.pool = pool;
        this.namespace = namespace;
        this.fanOut = new FanOut<>("leadjobs-delivery", settings.deliveryThreads(), DELIVERY_COALESCE_AFTER,
                DELIVERY_DROP_AFTER, DELIVERY_MAX_QUEUED, this);
    }

    /** The fan-out shard for the next client to connect, taken in turn. */
    int nextShard() {
        return Math.floorMod(nextShard.getAndIncrement(), fanOut.shards());
    }

    /** Remembers a client whose transport is full, for {@link #retryBacklogged}. */
    void backlogged(ClientSession session) {
        backlogged.add(session);
    }

    /** Forgets a client that is gone. */
    void forget(ClientSession session) {
        backlogged.remove(session);
    }

    /** Offers the waiting updates again to each client whose transport was full; runs on the timer thread. */
    void retryBacklogged() {
        for (ClientSession session : List.copyOf(backlogged)) {
            backlogged.remove(session);
            try {
                session.drain();
            } catch (RuntimeException e) {
                LOG.warn("Retrying delivery to a slow client failed", e);
            }
        }
    }

    @Override
    public void close() {
        fanOut.close();
    }

    // ---------------------------------------------------------------------------------- JobUpdateListener

    @Override
    public void onUpdate(JobUpdate update) {
        onUpdates(List.of(update));
    }

    /**
     * Updates that waited together (at least those published together): each is recorded and encoded, and they
     * go to the fan-out as one, so that a client watching their jobs gets them in one write.
     */
    @Override
    public void onUpdates(List<JobUpdate> updates) {
        Namespace ns = namespace.get();
        List<FanOut.Publication<ConnectedClient>> publications = new ArrayList<>(updates.size());
        for (JobUpdate update : updates) {
            try {
                prepare(update, ns).ifPresent(publications::add);
            } catch (RuntimeException e) {
                // one update that cannot be sent costs its subscribers that update, not the others with it
                LOG.warn("Job {}: update {} could not be prepared for its subscribers", update.jobId(), update.seq(), e);
            }
        }
        if (!publications.isEmpty()) {
            fanOut.publishAll(publications);
        }
    }

    /** Records the update and, if anyone here watches its job, encodes its packet and groups them by shard. */
    private Optional<FanOut.Publication<ConnectedClient>> prepare(JobUpdate update, Namespace ns) {
        settings.observer().updatePublished();
        replay.record(update);
        snapshots.heard(update.jobId(), update.seq()); // before the lookup: see SnapshotCache
        Set<String> subscribers = settings.registry().subscribers(update.jobId());
        if (ns == null || subscribers.isEmpty()) {
            return Optional.empty();
        }
        PreparedEvent packet = ns.prepare("job-update", JobJson.jobUpdate(update));
        List<List<ConnectedClient>> byShard = new ArrayList<>(fanOut.shards());
        for (int i = 0; i < fanOut.shards(); i++) {
            byShard.add(new ArrayList<>());
        }
        for (String id : subscribers) {
            ConnectedClient client = clients.get(id);
            if (client != null) {
                byShard.get(client.shard).add(client);
            }
        }
        return Optional.of(new FanOut.Publication<>(update, packet, byShard));
    }

    @Override
    public void onPossibleGap() {
        LOG.warn("The job event publisher may have lost updates; sending every subscriber a fresh job-status");
        for (ConnectedClient client : List.copyOf(clients.values())) {
            client.runner.submit(() -> client.session.jobs().forEach(jobId -> resync(client, jobId)));
        }
    }

    /** Sends the client a fresh {@code job-status} of a job it watches, after it may have missed updates. */
    private void resync(ConnectedClient client, UUID jobId) {
        try {
            Optional<JobSnapshot> snapshot = settings.jobService().snapshot(client.session.userId(), jobId);
            if (snapshot.isPresent()) {
                client.session.resync(jobId, snapshot.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("Job {}: could not resynchronize a subscriber", jobId, e);
        }
    }

    // ------------------------------------------------------------------------------------ FanOut.Sink

    @Override
    public void deliver(ConnectedClient client, List<PreparedUpdate> updates) {
        client.session.offer(updates);
        settings.observer().updatesDelivered(updates.size());
    }

    @Override
    public void coalesced() {
        settings.observer().updateCoalesced();
    }

    @Override
    public void dropped(int recipients) {
        settings.observer().updateDropped(recipients);
    }

    /**
     * Clients that missed updates of a job because delivery fell behind get one fresh {@code job-status}: one
     * snapshot and one packet for all of them (they all passed the access check when they subscribed, as the
     * live updates they were missing did not need one either).
     */
    @Override
    public void lost(UUID jobId, List<ConnectedClient> missed) {
        Namespace ns = namespace.get();
        ConnectedClient first = missed.get(0);
        try {
            pool.execute(() -> {
                try {
                    Optional<JobSnapshot> snapshot = settings.jobService().snapshot(first.session.userId(), jobId);
                    if (snapshot.isPresent()) {
                        PreparedEvent status = ns.prepare("job-status", JobJson.jobStatus(snapshot.get()));
                        missed.forEach(c -> c.session.resync(jobId, snapshot.get().seq(), status));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Job {}: could not resynchronize {} subscribers that fell behind", jobId, missed.size(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Job {}: not resynchronizing subscribers, the gateway is closing", jobId);
        }
    }
}
