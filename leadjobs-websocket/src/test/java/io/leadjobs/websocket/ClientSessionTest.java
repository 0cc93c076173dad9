package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import io.leadjobs.json.JobJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import io.leadjobs.socketio.PreparedEvent;
import io.leadjobs.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The per-client delivery policy. The transport is a recording stand-in whose backlog the test sets: a slow
 * socket is hard to provoke precisely; {@code JobEventsGatewayIT} covers a real client that stops reading.
 */
class ClientSessionTest {

    /** Encodes the packets the session sends, as a real namespace does. */
    private static final SocketIoServer IO = SocketIoServer.builder().build();

    private static final UUID JOB = UUID.fromString("0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01");
    private static final UUID OTHER = UUID.fromString("7d1c2b3a-0000-4000-8000-000000000002");
    private static final Instant T = Instant.parse("2026-01-15T10:00:00Z");

    private final RecordingLink link = new RecordingLink();
    private final List<ClientSession> backlogged = new ArrayList<>();
    private final ClientSession session = new ClientSession("s1", "alice", link, new DeliveryLimits(4, 3, 5),
            Clock.fixed(T, ZoneOffset.UTC), backlogged::add);

    private static JobSnapshot snapshot(UUID job, long seq) {
        return new JobSnapshot(job, JobStatus.PROCESSING, 10, 100, 10, 5, 1, Optional.empty(), List.of(), seq);
    }

    private static ProgressUpdate progress(long seq, int percent) {
        return new ProgressUpdate(JOB, seq, percent, percent, 100);
    }

    private static LogUpdate log(long seq) {
        return new LogUpdate(JOB, seq, LogEntry.of(LogLevel.INFO, "entry " + seq, T));
    }

    private void subscribe(UUID job, long seq) {
        assertThat(session.open(job)).isTrue();
        session.readyWithStatus(job, seq, session.prepareStatus(snapshot(job, seq)));
    }

    @Test
    void sendsJobStatusThenLiveUpdatesInOrderToAClientThatKeepsUp() {
        subscribe(JOB, 3);

        session.offer(progress(4, 20));
        session.offer(log(5));
        session.offer(new StatusUpdate(JOB, 6, JobStatus.COMPLETED, "done"));

        assertThat(link.events()).containsExactly("job-status:3", "job-update:progress:4", "job-update:log:5",
                "job-update:status:6");
    }

    @Test
    void updatesOfferedTogetherGoToTheTransportInOneCallInOrder() {
        subscribe(JOB, 3);
        int writesBefore = link.writes.get();

        session.offer(List.of(prepared(progress(4, 20)), prepared(log(5)), prepared(new LogUpdate(OTHER, 9,
                LogEntry.of(LogLevel.INFO, "another job", T)))));

        assertThat(link.events()).containsExactly("job-status:3", "job-update:progress:4", "job-update:log:5");
        assertThat(link.writes.get() - writesBefore).isOne();
    }

    private PreparedUpdate prepared(JobUpdate update) {
        return new PreparedUpdate(update, link.prepare("job-update", JobJson.jobUpdate(update)));
    }

    @Test
    void holdsUpdatesPublishedWhileSubscribingAndSkipsThoseTheStatusCovers() {
        session.open(JOB);
        session.offer(progress(3, 10));
        session.offer(progress(4, 20));
        session.offer(log(5));

        session.readyWithStatus(JOB, 4, session.prepareStatus(snapshot(JOB, 4)));

        assertThat(link.events()).containsExactly("job-status:4", "job-update:log:5");
    }

    @Test
    void ignoresUpdatesOfJobsItDoesNotWatchAndDuplicates() {
        subscribe(JOB, 0);

        session.offer(new ProgressUpdate(OTHER, 1, 1, 1, 100));
        session.offer(progress(1, 1));
        session.offer(progress(1, 1));

        assertThat(link.events()).containsExactly("job-status:0", "job-update:progress:1");
    }

    @Test
    void coalescesProgressWhileTheClientIsBehindSoTheNewestWins() {
        subscribe(JOB, 0);
        link.backlog.set(4);

        for (int seq = 1; seq <= 10; seq++) {
            session.offer(progress(seq, seq * 10));
        }
        assertThat(link.events()).containsExactly("job-status:0");
        assertThat(backlogged).isNotEmpty();

        link.backlog.set(0);
        session.drain();

        assertThat(link.events()).containsExactly("job-status:0", "job-update:progress:10");
        assertThat(link.payloads.get(1).get("progress").asInt()).isEqualTo(100);
    }

    @Test
    void neverDropsStatusOrCompleteButDropsLogsAndSaysHowMany() {
        subscribe(JOB, 0);
        link.backlog.set(4);

        for (int seq = 1; seq <= 8; seq++) {
            session.offer(log(seq));
        }
        session.offer(new StatusUpdate(JOB, 9, JobStatus.PROCESSING, "still going"));
        session.offer(new CompleteUpdate(JOB, 10, JobStatus.COMPLETED,
                new JobSummary(100, 100, 80, 20, 0, 50.0, Map.of(Grade.A, 3))));
        link.backlog.set(0);
        session.drain();

        assertThat(link.events()).containsExactly("job-status:0", "job-update:log:1", "job-update:log:2",
                "job-update:log:3", "job-update:log:8", "job-update:status:9", "job-update:complete:10");
        ObjectNode notice = link.payloads.get(4);
        assertThat(notice.get("dropped").asInt()).isEqualTo(5);
        assertThat(notice.get("log").get("level").asText()).isEqualTo("warn");
        assertThat(notice.get("log").get("message").asText())
                .isEqualTo("5 log entries were not delivered because this connection fell behind");
    }

    @Test
    void disconnectsAClientThatFallsBehindPastTheHardCap() {
        subscribe(JOB, 0);
        link.backlog.set(4);

        for (int seq = 1; seq <= 6; seq++) {
            session.offer(new StatusUpdate(JOB, seq, JobStatus.PROCESSING, "status " + seq));
        }

        assertThat(link.disconnected).isTrue();
        link.backlog.set(0);
        session.drain();
        assertThat(link.events()).containsExactly("job-status:0");
    }

    @Test
    void discardsWhatWaitsForAJobWhenTheClientUnsubscribes() {
        subscribe(JOB, 0);
        subscribe(OTHER, 0);
        link.backlog.set(4);
        session.offer(progress(1, 10));
        session.offer(new StatusUpdate(OTHER, 1, JobStatus.PROCESSING, "other"));

        assertThat(session.close(JOB)).isTrue();
        assertThat(session.close(JOB)).isFalse();
        link.backlog.set(0);
        session.drain();

        assertThat(link.events()).containsExactly("job-status:0", "job-status:0", "job-update:status:1");
    }

    @Test
    void replaysMissedUpdatesInsteadOfAStatus() {
        session.open(JOB);
        session.offer(progress(7, 70));
        List<JobUpdate> missed = List.of(log(5), progress(6, 60));

        session.readyWithReplay(JOB, missed, 6);

        assertThat(link.events()).containsExactly("job-update:log:5", "job-update:progress:6", "job-update:progress:7");
    }

    @AfterAll
    static void closeServer() {
        IO.close();
    }

    /** Records what the session sends; its backlog is what the test says. */
    static final class RecordingLink implements ClientLink {
        final List<String> events = new ArrayList<>();
        final List<ObjectNode> payloads = new ArrayList<>();
        final AtomicInteger backlog = new AtomicInteger();
        /** Packets sent, and calls that sent them (each call one write over WebSocket). */
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private final Map<PreparedEvent, ObjectNode> prepared = new IdentityHashMap<>();
        boolean disconnected;

        @Override
        public synchronized PreparedEvent prepare(String event, ObjectNode payload) {
            PreparedEvent packet = IO.mainNamespace().prepare(event, payload);
            prepared.put(packet, payload);
            return packet;
        }

        @Override
        public synchronized boolean send(List<PreparedEvent> packets) {
            for (PreparedEvent packet : packets) {
                ObjectNode payload = prepared.get(packet);
                String event = packet.event();
                String label = event.equals("job-status") ? event + ":" + payload.get("seq").asLong()
                        : event + ":" + payload.path("type").asText() + ":" + payload.path("seq").asLong();
                events.add(label);
                payloads.add(payload);
                sends.incrementAndGet();
            }
            writes.incrementAndGet();
            return true;
        }

        @Override
        public int backlog() {
            return backlog.get();
        }

        @Override
        public boolean isOpen() {
            return !disconnected;
        }

        @Override
        public void disconnect() {
            disconnected = true;
        }

        List<String> events() {
            return events;
        }
    }
}
