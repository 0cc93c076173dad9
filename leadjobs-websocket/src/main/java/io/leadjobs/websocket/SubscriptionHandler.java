package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code subscribe-job} and {@code unsubscribe-job} events of connected clients: rate and argument checks on
 * the I/O thread, then the access check, the registry and the resume by {@code lastSeq} on the client's own
 * {@link SerialRunner}.
 */
final class SubscriptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventsGateway.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How often a resumed subscription looks again for updates this node has not heard yet. */
    static final Duration REPLAY_CATCH_UP_STEP = Duration.ofMillis(10);

    static final String INVALID_JOB_ID = "Invalid job id";
    /** A {@code lastSeq} that is not a whole number of 0 or more (the job id itself was fine). */
    static final String INVALID_LAST_SEQ = "Invalid lastSeq: it must be a whole number of 0 or more";
    static final String JOB_NOT_FOUND = "Job not found";
    static final String RATE_LIMIT_EXCEEDED = "Rate limit exceeded";
    static final String TOO_MANY_SUBSCRIPTIONS = "Too many subscriptions";

    private final GatewaySettings settings;
    private final ReplayBuffer replay;
    private final SnapshotCache snapshots;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closed;

    SubscriptionHandler(GatewaySettings settings, ReplayBuffer replay, SnapshotCache snapshots,
                        ScheduledExecutorService timer, BooleanSupplier closed) {
        this.settings = settings;
        this.replay = replay;
        this.snapshots = snapshots;
        this.timer = timer;
        this.closed = closed;
    }

    /** Listens to the client's events. */
    void listen(ConnectedClient client) {
        client.socket.on("subscribe-job", (s, event) -> onSubscribe(client, event));
        client.socket.on("unsubscribe-job", (s, event) -> onUnsubscribe(client, event));
        // other events mean nothing here, but they count against the same rate: a flood of them is refused
        client.socket.onUnhandled((s, event) -> admitEvent(client, event));
    }

    private void onSubscribe(ConnectedClient client, Event event) {
        if (!admitEvent(client, event)) {
            return;
        }
        Optional<SubscriptionRequest> request = SubscriptionRequest.parse(event.arg(0), true);
        if (request.isEmpty()) {
            refuse(client, event, SubscriptionRequest.hasValidJobIdButBadLastSeq(event.arg(0))
                    ? INVALID_LAST_SEQ : INVALID_JOB_ID);
            return;
        }
        if (!client.runner.submit(() -> guarded(client, event, () -> subscribe(client, request.get(), event)))) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
        }
    }

    private void onUnsubscribe(ConnectedClient client, Event event) {
        if (!admitEvent(client, event)) {
            return;
        }
        Optional<SubscriptionRequest> request = SubscriptionRequest.parse(event.arg(0), false);
        if (request.isEmpty()) {
            refuse(client, event, INVALID_JOB_ID);
            return;
        }
        if (!client.runner.submit(() -> guarded(client, event, () -> unsubscribe(client, request.get().jobId(), event)))) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
        }
    }

    private boolean admitEvent(ConnectedClient client, Event event) {
        if (client.eventBucket.isPresent() && !client.eventBucket.get().tryAcquire(System.nanoTime())) {
            refuse(client, event, RATE_LIMIT_EXCEEDED);
            return false;
        }
        return true;
    }

    private void guarded(ConnectedClient client, Event event, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("A job-events request failed", e);
            refuse(client, event, "Request failed");
        }
    }

    private void subscribe(ConnectedClient client, SubscriptionRequest request, Event event) {
        ClientSession session = client.session;
        UUID jobId = request.jobId();
        boolean alreadyWatching = session.isWatching(jobId);
        if (!alreadyWatching && session.watchedJobs() >= settings.maxSubscriptionsPerConnection()) {
            refuse(client, event, TOO_MANY_SUBSCRIPTIONS);
            return;
        }
        if (!alreadyWatching) {
            session.open(jobId);
            settings.registry().subscribe(session.id(), jobId);
        }
        // registered first: from here on, every update of the job is held for the client (see SnapshotCache)
        Optional<SnapshotCache.Status> status = snapshots.status(session.userId(), jobId,
                () -> settings.jobService().snapshot(session.userId(), jobId));
        if (status.isEmpty()) {
            session.close(jobId);
            settings.registry().unsubscribe(session.id(), jobId);
            LOG.debug("Job {}: refused a subscription to a job the user cannot see or that does not exist", jobId);
            refuse(client, event, JOB_NOT_FOUND);
            return;
        }
        SnapshotCache.Status current = status.get();
        if (alreadyWatching) {
            session.resync(jobId, current.snapshot().seq(), current.packet(session::prepareStatus));
        } else if (request.lastSeq().isPresent()) {
            resume(client, jobId, request.lastSeq().get(), current, System.nanoTime() + settings.replayCatchUp().toNanos());
        } else {
            readyWithStatus(client, jobId, current);
        }
        acknowledgeOk(event);
    }

    /**
     * Readies a resumed subscription with the updates after {@code afterSeq}, or with a {@code job-status} when
     * this node no longer holds them. The database can be a few milliseconds ahead of what this node has heard
     * (another node processes the job and its updates are still on their way here): while this node's updates
     * of the job are only behind {@code current}, it looks again every {@link #REPLAY_CATCH_UP_STEP} until
     * {@code deadline} ({@link JobEventsGateway.Builder#replayCatchUp}). Meanwhile live updates are held for the
     * client, as during any subscription.
     */
    private void resume(ConnectedClient client, UUID jobId, long afterSeq, SnapshotCache.Status current, long deadline) {
        long upToSeq = current.snapshot().seq();
        Optional<List<JobUpdate>> missed = replay.between(jobId, afterSeq, upToSeq);
        if (missed.isPresent()) {
            client.session.readyWithReplay(jobId, missed.get(), upToSeq);
        } else if (replay.behind(jobId, afterSeq, upToSeq) && System.nanoTime() - deadline < 0
                && !closed.getAsBoolean()) {
            try {
                timer.schedule(() -> client.runner.submit(() -> {
                    try {
                        resume(client, jobId, afterSeq, current, deadline);
                    } catch (RuntimeException e) {
                        LOG.warn("Job {}: could not resume a subscription", jobId, e);
                        readyWithStatus(client, jobId, current);
                    }
                }), REPLAY_CATCH_UP_STEP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                readyWithStatus(client, jobId, current); // the gateway is closing
            }
        } else {
            readyWithStatus(client, jobId, current);
        }
    }

    /** The client gets the job's {@code job-status}, encoded once for every client that shares {@code status}. */
    private static void readyWithStatus(ConnectedClient client, UUID jobId, SnapshotCache.Status status) {
        client.session.readyWithStatus(jobId, status.snapshot().seq(), status.packet(client.session::prepareStatus));
    }

    private void unsubscribe(ConnectedClient client, UUID jobId, Event event) {
        client.session.close(jobId);
        settings.registry().unsubscribe(client.session.id(), jobId);
        acknowledgeOk(event);
    }

    private static void acknowledgeOk(Event event) {
        ObjectNode ok = NODES.objectNode();
        ok.put("ok", true);
        event.acknowledge(ok);
    }

    private static void refuse(ConnectedClient client, Event event, String message) {
        client.socket.droppable().emit("error", JobJson.error(message));
        ObjectNode error = NODES.objectNode();
        error.put("error", message);
        event.acknowledge(error);
    }
}
