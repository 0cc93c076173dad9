package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.json.JobJson;
import io.leadjobs.socketio.PreparedEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The job-events state of one connected client: the jobs it watches and what waits to be sent to it.
 *
 * <p>Updates go straight to the transport while the client keeps up. When the transport's queue for this
 * client holds {@link DeliveryLimits#maxBacklog()} messages, updates wait here instead: a newer progress update
 * of a job replaces the waiting one, log updates beyond {@link DeliveryLimits#maxPendingLogs()} are dropped and
 * counted (the client then gets one log entry saying how many), and status, complete, error and job-status
 * events always wait; past {@link DeliveryLimits#maxPendingEvents()} of those the client is disconnected.
 *
 * <p>Per job, updates are sent in {@code seq} order and never twice: each job has a watermark, the highest
 * {@code seq} queued for the client or covered by a {@code job-status}. Thread-safe: every method locks the session.
 */
final class ClientSession {

    private final String id;
    private final String userId;
    private final ClientLink link;
    private final DeliveryLimits limits;
    private final Clock clock;
    private final Consumer<ClientSession> onBacklog;
    private final Map<UUID, Stream> streams = new HashMap<>();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private int pendingLogs;
    private int pendingEvents;
    private boolean closed;

    ClientSession(String id, String userId, ClientLink link, DeliveryLimits limits, Clock clock,
                  Consumer<ClientSession> onBacklog) {
        this.id = id;
        this.userId = userId;
        this.link = link;
        this.limits = limits;
        this.clock = clock;
        this.onBacklog = onBacklog;
    }

    String id() {
        return id;
    }

    String userId() {
        return userId;
    }

    ClientLink link() {
        return link;
    }

    synchronized boolean isWatching(UUID jobId) {
        return streams.containsKey(jobId);
    }

    synchronized int watchedJobs() {
        return streams.size();
    }

    synchronized Set<UUID> jobs() {
        return Set.copyOf(streams.keySet());
    }

    /**
     * Starts watching a job: live updates published from now on are held until {@link #ready} says what the
     * client already has. Returns false if the job was already watched.
     */
    synchronized boolean open(UUID jobId) {
        if (closed || streams.containsKey(jobId)) {
            return false;
        }
        streams.put(jobId, new Stream(jobId));
        return true;
    }

    /** Stops watching a job; whatever waits for it is discarded. Returns false if it was not watched. */
    synchronized boolean close(UUID jobId) {
        Stream stream = streams.remove(jobId);
        if (stream == null) {
            return false;
        }
        stream.closed = true;
        return true;
    }

    /**
     * The client gets {@code status}, a {@code job-status} encoded already (shared by the clients that subscribe
     * while it is current) that covers the updates up to {@code seq}; then held and later updates with a higher
     * {@code seq}.
     */
    synchronized void readyWithStatus(UUID jobId, long seq, PreparedEvent status) {
        Stream stream = streams.get(jobId);
        if (stream == null) {
            return;
        }
        stream.watermark = seq;
        enqueue(new Item(stream, status, null));
        release(stream);
    }

    /** The {@code job-status} packet of {@code snapshot} for this client's namespace. */
    PreparedEvent prepareStatus(JobSnapshot snapshot) {
        return link.prepare("job-status", JobJson.jobStatus(snapshot));
    }

    /**
     * The client gets {@code missed} (the updates after its {@code lastSeq}, up to {@code upToSeq}); then held and
     * later updates with a higher {@code seq}.
     */
    synchronized void readyWithReplay(UUID jobId, List<JobUpdate> missed, long upToSeq) {
        Stream stream = streams.get(jobId);
        if (stream == null) {
            return;
        }
        boolean behind = behind();
        for (JobUpdate update : missed) {
            enqueueUpdate(stream, update, link.prepare("job-update", JobJson.jobUpdate(update)), behind);
        }
        stream.watermark = Math.max(stream.watermark, upToSeq);
        drain();
        release(stream);
    }

    /** Sends the job a fresh {@code job-status} (after the publisher may have lost updates). */
    void resync(UUID jobId, JobSnapshot snapshot) {
        resync(jobId, snapshot.seq(), prepareStatus(snapshot));
    }

    /**
     * Sends the job a fresh {@code job-status} whose packet is encoded already (shared by every client of the job
     * that fell behind) and covers the updates up to {@code seq}.
     */
    synchronized void resync(UUID jobId, long seq, PreparedEvent status) {
        Stream stream = streams.get(jobId);
        if (stream == null || !stream.ready || closed) {
            return;
        }
        stream.watermark = Math.max(stream.watermark, seq);
        enqueue(new Item(stream, status, null));
        drain();
    }

    /** A live update of any job, encoded for this client alone; ignored unless this client watches the job. */
    void offer(JobUpdate update) {
        offer(List.of(new PreparedUpdate(update, link.prepare("job-update", JobJson.jobUpdate(update)))));
    }

    /**
     * Live updates in publication order, each with its packet; those of jobs this client does not watch are
     * ignored. What the transport has room for goes out together (over WebSocket, in one write).
     */
    synchronized void offer(List<PreparedUpdate> updates) {
        if (closed) {
            return;
        }
        boolean queued = false;
        boolean behind = behind();
        for (PreparedUpdate u : updates) {
            JobUpdate update = u.update();
            Stream stream = streams.get(update.jobId());
            if (stream == null) {
                continue;
            }
            if (!stream.ready) {
                if (stream.held.size() >= limits.maxPendingEvents() + limits.maxPendingLogs()) {
                    overflow();
                    return;
                }
                stream.held.add(new Pending(update, u.packet()));
                continue;
            }
            enqueueUpdate(stream, update, u.packet(), behind);
            if (closed) {
                return;
            }
            queued = true;
        }
        if (queued) {
            drain();
        }
    }

    /**
     * Sends what the transport has room for, together (over WebSocket, one write), and again while the transport
     * takes them at once; called again by the gateway while anything waits.
     */
    synchronized boolean drain() {
        int room;
        while (!queue.isEmpty() && !closed && (room = limits.maxBacklog() - link.backlog()) > 0) {
            List<PreparedEvent> out = new ArrayList<>(Math.min(room, queue.size()));
            while (!queue.isEmpty() && out.size() < room) {
                Item item = queue.pollFirst();
                forget(item);
                if (!item.cancelled && !item.stream.closed) {
                    out.add(packetOf(item));
                }
            }
            if (!out.isEmpty()) {
                link.send(out);
            }
        }
        boolean waiting = !queue.isEmpty() && !closed;
        if (waiting) {
            onBacklog.accept(this);
        }
        return waiting;
    }

    synchronized boolean hasPending() {
        return !queue.isEmpty();
    }

    /** The connection ended: nothing more is sent. */
    synchronized void terminate() {
        closed = true;
        queue.clear();
        streams.values().forEach(s -> s.closed = true);
        streams.clear();
    }

    private void release(Stream stream) {
        stream.ready = true;
        List<Pending> held = new ArrayList<>(stream.held);
        stream.held.clear();
        boolean behind = behind();
        for (Pending pending : held) {
            enqueueUpdate(stream, pending.update(), pending.packet(), behind);
        }
        drain();
    }

    /** Whether updates already wait for the transport: the client has fallen behind. */
    private boolean behind() {
        return !queue.isEmpty() || link.backlog() >= limits.maxBacklog();
    }

    /**
     * Queues one update. {@code behind} says whether the client had fallen behind before this round of updates:
     * only then does a progress update replace the one still waiting, and are log entries past the limit dropped;
     * updates offered together to a client that keeps up all go out.
     */
    private void enqueueUpdate(Stream stream, JobUpdate update, PreparedEvent packet, boolean behind) {
        if (update.seq() <= stream.watermark) {
            return;
        }
        stream.watermark = update.seq();
        if (update instanceof ProgressUpdate) {
            if (behind && stream.pendingProgress != null) {
                stream.pendingProgress.cancelled = true;
            }
            Item item = new Item(stream, packet, update);
            stream.pendingProgress = item;
            queue.addLast(item);
            return;
        }
        if (update instanceof LogUpdate) {
            if (behind && pendingLogs >= limits.maxPendingLogs()) {
                stream.droppedLogs++;
                stream.lastDroppedSeq = update.seq();
                if (stream.dropNotice != null) {
                    stream.dropNotice.cancelled = true;
                }
                stream.dropNotice = new Item(stream, null, null);
                queue.addLast(stream.dropNotice);
                return;
            }
            pendingLogs++;
            queue.addLast(new Item(stream, packet, update));
            return;
        }
        enqueue(new Item(stream, packet, update));
    }

    private void enqueue(Item item) {
        if (pendingEvents >= limits.maxPendingEvents()) {
            overflow();
            return;
        }
        pendingEvents++;
        item.counted = true;
        queue.addLast(item);
    }

    private void forget(Item item) {
        if (item.counted) {
            pendingEvents--;
        } else if (item.update instanceof LogUpdate) {
            pendingLogs--;
        }
        Stream stream = item.stream;
        if (stream.pendingProgress == item) {
            stream.pendingProgress = null;
        }
        if (stream.dropNotice == item) {
            stream.dropNotice = null;
        }
    }

    /** The packet an item stands for; a drop notice is written now, saying how many log entries it stands for. */
    private PreparedEvent packetOf(Item item) {
        if (item.packet != null) {
            return item.packet;
        }
        Stream stream = item.stream;
        int dropped = stream.droppedLogs;
        stream.droppedLogs = 0;
        LogUpdate notice = new LogUpdate(stream.jobId, stream.lastDroppedSeq, LogEntry.of(LogLevel.WARN,
                dropped + " log entries were not delivered because this connection fell behind", clock.instant()));
        ObjectNode json = JobJson.jobUpdate(notice);
        json.put("dropped", dropped);
        return link.prepare("job-update", json);
    }

    private void overflow() {
        closed = true;
        queue.clear();
        link.disconnect();
    }

    private static final class Stream {
        final UUID jobId;
        final List<Pending> held = new ArrayList<>();
        boolean ready;
        boolean closed;
        long watermark;
        Item pendingProgress;
        Item dropNotice;
        int droppedLogs;
        long lastDroppedSeq;

        Stream(UUID jobId) {
            this.jobId = jobId;
        }
    }

    private record Pending(JobUpdate update, PreparedEvent packet) {
    }

    /** A packet waiting for the transport; a drop notice (no packet) is written when its turn comes. */
    private static final class Item {
        final Stream stream;
        final PreparedEvent packet;
        final JobUpdate update;
        boolean cancelled;
        boolean counted;

        Item(Stream stream, PreparedEvent packet, JobUpdate update) {
            this.stream = stream;
            this.packet = packet;
            this.update = update;
        }
    }
}
