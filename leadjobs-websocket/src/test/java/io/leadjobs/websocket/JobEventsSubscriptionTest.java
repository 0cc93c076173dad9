package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.websocket.auth.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** subscribe-job / unsubscribe-job over the wire: validation, authorization, acknowledgements, resume. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobEventsSubscriptionTest {

    private GatewayHarness server;

    @BeforeAll
    void start() throws Exception {
        server = GatewayHarness.start(g -> g.connectRate(RateLimit.off()).eventsPerSecond(RateLimit.off()));
        server.startWorkers();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private TestClient connect(String user) {
        return server.client(TestTokens.hs256(user, Duration.ofMinutes(10))).awaitConnected();
    }

    private static JSONObject object(String json) {
        try {
            return new JSONObject(json);
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Job finishedJob(String owner, int leads) {
        Job job = server.submit(owner, leads);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> server.jobs.find(owner, job.id()).orElseThrow().status().isTerminal());
        return job;
    }

    @Test
    void refusesJobIdsThatAreNotUuidsWithAnErrorEventAndAnErrorAck() {
        TestClient client = connect("alice");
        List<Object> invalid = List.of("not-a-uuid", "../../etc/passwd", "", "0b6f3c1e8a524d8e9a3f2c1d5e7f9a01",
                "{0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01}", 12345, object("{\"jobId\":42}"), object("{\"id\":\"x\"}"),
                object("{\"jobId\":\"not-a-uuid\",\"lastSeq\":3}"));

        for (Object arg : invalid) {
            assertThat(client.emitWithAck("subscribe-job", arg).toString()).as("ack for %s", arg)
                    .isEqualTo("{\"error\":\"Invalid job id\"}");
        }
        client.emit("subscribe-job", "still-not-a-uuid");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> client.received("error").size() == invalid.size() + 1);
        assertThat(client.received("error")).allSatisfy(e ->
                assertThat(e.json().toString()).isEqualTo("{\"message\":\"Invalid job id\"}"));
        assertThat(client.received("job-status")).isEmpty();
    }

    @Test
    void refusesAnInvalidLastSeqWithItsOwnErrorNotAsAnInvalidJobId() {
        Job job = finishedJob("alice", 2);
        TestClient client = connect("alice");
        List<String> badSeqs = List.of("\"3\"", "-1", "1.5", "true", "[1]", "{}");

        for (String seq : badSeqs) {
            assertThat(client.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":" + seq + "}"))
                    .toString()).as("ack for lastSeq %s", seq)
                    .isEqualTo("{\"error\":\"Invalid lastSeq: it must be a whole number of 0 or more\"}");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> client.received("error").size() == badSeqs.size());
        assertThat(client.received("error")).allSatisfy(e -> assertThat(e.json().toString())
                .isEqualTo("{\"message\":\"Invalid lastSeq: it must be a whole number of 0 or more\"}"));
        assertThat(client.received("job-status")).isEmpty();
        assertThat(client.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":0}")).toString())
                .isEqualTo("{\"ok\":true}");
    }

    @Test
    void answersAJobOfAnotherUserExactlyLikeAJobThatDoesNotExist() {
        Job bobs = server.submit("bob", 3);
        TestClient alice = connect("alice");

        JsonNode foreignAck = alice.emitWithAck("subscribe-job", bobs.id().toString());
        JsonNode missingAck = alice.emitWithAck("subscribe-job", UUID.randomUUID().toString());

        assertThat(foreignAck.toString()).isEqualTo("{\"error\":\"Job not found\"}");
        assertThat(missingAck.toString()).isEqualTo(foreignAck.toString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> alice.received("error").size() == 2);
        assertThat(alice.received("error")).extracting(e -> e.json().toString())
                .containsOnly("{\"message\":\"Job not found\"}");
        assertThat(alice.received("job-status")).isEmpty();
        assertThat(alice.received("job-update")).isEmpty();
    }

    @Test
    void givesTheSameAnswerToEveryGuessWhenEnumeratingJobIds() {
        List<Job> bobsJobs = List.of(server.submit("bob", 1), server.submit("bob", 1));
        TestClient mallory = connect("mallory");
        List<String> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guesses.add(UUID.randomUUID().toString());
        }
        guesses.add(5, bobsJobs.get(0).id().toString());
        guesses.add(15, bobsJobs.get(1).id().toString().toUpperCase());

        List<String> answers = guesses.stream().map(id -> mallory.emitWithAck("subscribe-job", id).toString()).toList();

        assertThat(answers).containsOnly("{\"error\":\"Job not found\"}");
        assertThat(mallory.received("job-status")).isEmpty();
    }

    @Test
    void sendsTheStatusWithRecentLogsOfAFinishedJobAndAcksUnsubscribeIdempotently() {
        Job job = finishedJob("carol", 4);
        TestClient carol = connect("carol");

        assertThat(carol.emitWithAck("subscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");
        JsonNode status = carol.awaitEvent("job-status").json();

        assertThat(status.get("status").asText()).isEqualTo("completed");
        assertThat(status.get("progress").asInt()).isEqualTo(100);
        assertThat(status.get("recentLogs").size()).isBetween(1, 50);
        assertThat(status.get("recentLogs").get(0).fieldNames()).toIterable().containsExactly("level", "message", "timestamp");
        assertThat(status.get("seq").asLong()).isPositive();
        assertThat(carol.emitWithAck("unsubscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");
        assertThat(carol.emitWithAck("unsubscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");
        assertThat(carol.emitWithAck("unsubscribe-job", "nope").toString()).isEqualTo("{\"error\":\"Invalid job id\"}");
    }

    @Test
    void checksAuthorizationOnEverySubscribeNotOnlyAtConnect() {
        Job daves = finishedJob("dave", 1);
        Job erins = finishedJob("erin", 1);
        TestClient dave = connect("dave");

        assertThat(dave.emitWithAck("subscribe-job", daves.id().toString()).toString()).isEqualTo("{\"ok\":true}");
        assertThat(dave.emitWithAck("subscribe-job", erins.id().toString()).toString()).isEqualTo("{\"error\":\"Job not found\"}");
        assertThat(dave.emitWithAck("subscribe-job", daves.id().toString()).toString()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void stopsSendingUpdatesAfterUnsubscribe() {
        Job job;
        try (GatewayHarness fresh = GatewayHarness.start(g -> g.connectRate(RateLimit.off()))) {
            job = fresh.submit("frank", 6);
            TestClient leaving = fresh.client(TestTokens.hs256("frank", Duration.ofMinutes(5))).awaitConnected();
            TestClient staying = fresh.client(TestTokens.hs256("frank", Duration.ofMinutes(5))).awaitConnected();
            leaving.emitWithAck("subscribe-job", job.id().toString());
            staying.emitWithAck("subscribe-job", job.id().toString());
            leaving.awaitEvent("job-status");
            assertThat(leaving.emitWithAck("unsubscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");

            fresh.startWorkers();
            staying.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete"));
            Job other = fresh.submit("frank", 1);
            leaving.emitWithAck("subscribe-job", other.id().toString());
            leaving.awaitEvent("job-status", r -> r.json().get("jobId").asText().equals(other.id().toString()));

            assertThat(leaving.received("job-update")).allSatisfy(u ->
                    assertThat(u.json().get("jobId").asText()).isNotEqualTo(job.id().toString()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void replaysTheUpdatesAfterLastSeqInsteadOfAStatus() throws Exception {
        try (GatewayHarness fresh = GatewayHarness.start(g -> g.connectRate(RateLimit.off()))) {
            Job job = fresh.submit("gina", 4);
            TestClient watcher = fresh.client(TestTokens.hs256("gina", Duration.ofMinutes(5))).awaitConnected();
            watcher.emitWithAck("subscribe-job", job.id().toString());
            watcher.awaitEvent("job-status");
            fresh.startWorkers();
            watcher.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete"));
            List<TestClient.Received> live = watcher.received("job-update");
            long last = live.get(live.size() - 1).json().get("seq").asLong();

            TestClient resumed = fresh.client(TestTokens.hs256("gina", Duration.ofMinutes(5))).awaitConnected();
            JsonNode ack = resumed.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":3}"));

            assertThat(ack.toString()).isEqualTo("{\"ok\":true}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> resumed.received("job-update").size() == last - 3);
            assertThat(resumed.received("job-update")).extracting(r -> r.json())
                    .containsExactlyElementsOf(live.stream().skip(3).map(TestClient.Received::json).toList());
            assertThat(resumed.received("job-status")).isEmpty();
        }
    }

    @Test
    void replaysUpdatesTheJobStoreHasBeforeThisNodeHasHeardThemInsteadOfAStatus() throws Exception {
        // as in a cluster: the job's updates are stored, but reach this node's gateway only when the test says
        try (HeldPublisher publisher = new HeldPublisher(InMemory.eventPublisher());
             GatewayHarness node = GatewayHarness.start(service -> service.publisher(publisher),
                     g -> g.connectRate(RateLimit.off()).replayCatchUp(Duration.ofSeconds(10)), server -> { })) {
            node.startWorkers();
            Job job = node.submit("ivan", 4);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> node.jobs.find("ivan", job.id()).orElseThrow().status().isTerminal());
            long last = node.jobs.find("ivan", job.id()).orElseThrow().lastSeq();
            TestClient watcher = node.client(TestTokens.hs256("ivan", Duration.ofMinutes(5))).awaitConnected();

            JsonNode ack = watcher.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":0}"));
            publisher.release();

            assertThat(ack.toString()).isEqualTo("{\"ok\":true}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.received("job-update").stream().anyMatch(r -> r.json().get("type").asText().equals("complete")));
            // replayed from seq 1 on; in a replay burst a newer progress update may supersede a queued one
            List<Long> seqs = watcher.received("job-update").stream().map(r -> r.json().get("seq").asLong()).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L, 2L).endsWith(last);
            long lastProgress = watcher.received("job-update").stream().filter(r -> r.json().get("type").asText().equals("progress"))
                    .mapToLong(r -> r.json().get("seq").asLong()).max().orElseThrow();
            assertThat(LongStream.rangeClosed(1, last).filter(seq -> !seqs.contains(seq))).allMatch(seq -> seq < lastProgress);
            assertThat(watcher.received("job-status")).isEmpty();
        }
    }

    @Test
    void answersWithAStatusWhenThisNodeDoesNotHearTheStoredUpdatesInTime() throws Exception {
        try (HeldPublisher publisher = new HeldPublisher(InMemory.eventPublisher());
             GatewayHarness node = GatewayHarness.start(service -> service.publisher(publisher),
                     g -> g.connectRate(RateLimit.off()).replayCatchUp(Duration.ofMillis(50)), server -> { })) {
            node.startWorkers();
            Job job = node.submit("judy", 4);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> node.jobs.find("judy", job.id()).orElseThrow().status().isTerminal());
            TestClient watcher = node.client(TestTokens.hs256("judy", Duration.ofMinutes(5))).awaitConnected();

            watcher.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":0}"));
            JsonNode status = watcher.awaitEvent("job-status").json();
            publisher.release();

            assertThat(status.get("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void refusesAReplayCatchUpOutsideItsRange() {
        assertThatThrownBy(() -> JobEventsGateway.builder().replayCatchUp(Duration.ofSeconds(11)))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("replayCatchUp");
        assertThatThrownBy(() -> JobEventsGateway.builder().replayCatchUp(Duration.ofMillis(-1)))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("replayCatchUp");
    }

    /** Passes updates on only once released; until then it keeps them, in order. */
    private static final class HeldPublisher implements JobEventPublisher {
        private final JobEventPublisher delegate;
        private final List<JobUpdate> held = new ArrayList<>();
        private boolean released;

        HeldPublisher(JobEventPublisher delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void publish(JobUpdate update) {
            if (released) {
                delegate.publish(update);
            } else {
                held.add(update);
            }
        }

        synchronized void release() {
            released = true;
            held.forEach(delegate::publish);
            held.clear();
        }

        @Override
        public Registration addListener(JobUpdateListener listener) {
            return delegate.addListener(listener);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void sendsAFreshStatusWhenTheMissedUpdatesAreNoLongerHeld() throws Exception {
        try (GatewayHarness small = GatewayHarness.start(g -> g.connectRate(RateLimit.off()).replayBuffer(2, 10))) {
            small.startWorkers();
            Job job = small.submit("hank", 6);
            TestClient watcher = small.client(TestTokens.hs256("hank", Duration.ofMinutes(5))).awaitConnected();
            watcher.emitWithAck("subscribe-job", job.id().toString());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> small.jobs.find("hank", job.id()).orElseThrow().status().isTerminal());

            TestClient resumed = small.client(TestTokens.hs256("hank", Duration.ofMinutes(5))).awaitConnected();
            resumed.emitWithAck("subscribe-job", object("{\"jobId\":\"" + job.id() + "\",\"lastSeq\":1}"));
            JsonNode status = resumed.awaitEvent("job-status").json();

            assertThat(status.get("status").asText()).isEqualTo("completed");
            assertThat(resumed.received("job-update")).isEmpty();
        }
    }
}
