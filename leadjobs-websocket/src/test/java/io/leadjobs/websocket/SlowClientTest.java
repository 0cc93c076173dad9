package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.StatusUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.websocket.auth.TestTokens;
import io.leadjobs.testing.StalledClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading: it must not slow the publisher or the other clients, it loses log entries
 * first, and past the hard cap it is disconnected; on reconnect it gets a fresh job-status.
 */
class SlowClientTest {

    private static final String PADDING = "x".repeat(2_000);

    @Test
    void disconnectsAClientThatStopsReadingWhileOthersGetEveryStatusAndTheCompletion() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(s -> { },
                g -> g.connectRate(RateLimit.off()).slowClientLimits(16, 50, 100), s -> { })) {
            Job job = server.submit("alice", 1);
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));
            TestClient healthy = server.client(token).awaitConnected();
            healthy.emitWithAck("subscribe-job", job.id().toString());
            healthy.awaitEvent("job-status");

            List<String> stalledGot;
            try (StalledClient stalled = new StalledClient(server.port)) {
                stalled.readUntil("0{");
                stalled.send("40{\"token\":\"" + token + "\"}");
                stalled.readUntil("40");
                stalled.send("42[\"subscribe-job\",\"" + job.id() + "\"]");
                stalled.readUntil("42[\"job-status\"");

                JobEventPublisher events = server.jobs.events();
                long seq = 0;
                for (int chunk = 0; chunk < 20; chunk++) {
                    for (int i = 0; i < 200; i++) {
                        events.publish(new LogUpdate(job.id(), ++seq, LogEntry.of(LogLevel.INFO, "line " + seq + " " + PADDING, Instant.now())));
                    }
                    long chunkEnd = seq;
                    await().atMost(Duration.ofSeconds(30)).until(() -> healthy.last("job-update")
                            .map(r -> r.json().get("seq").asLong() >= chunkEnd).orElse(false));
                }
                long firstStatus = seq + 1;
                for (int chunk = 0; chunk < 10; chunk++) {
                    for (int i = 0; i < 30; i++) {
                        events.publish(new StatusUpdate(job.id(), ++seq, JobStatus.PROCESSING, "status " + seq));
                    }
                    long chunkEnd = seq;
                    await().atMost(Duration.ofSeconds(30)).until(() -> healthy.last("job-update")
                            .map(r -> r.json().get("seq").asLong() >= chunkEnd).orElse(false));
                }
                long lastStatus = seq;
                events.publish(new CompleteUpdate(job.id(), ++seq, JobStatus.COMPLETED,
                        new JobSummary(1, 1, 1, 0, 0, 10.0, Map.of())));
                long completeSeq = seq;
                healthy.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete"));

                assertThat(healthy.received("job-update").stream().filter(r -> r.json().get("type").asText().equals("status"))
                        .map(r -> r.json().get("seq").asLong()).toList())
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(firstStatus, lastStatus).boxed().toList());
                assertThat(healthy.isConnected()).isTrue();

                stalledGot = stalled.readToEnd();
                assertThat(stalledGot).noneMatch(m -> m.contains("\"type\":\"complete\"") && m.contains("\"seq\":" + completeSeq));
                assertThat(stalledGot.stream().filter(m -> m.startsWith("42[\"job-update\"")).count())
                        .as("far fewer messages than were published").isLessThan(completeSeq / 2);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> server.gateway.connectedClients() == 1);
            TestClient back = server.client(token).awaitConnected();
            back.emitWithAck("subscribe-job", job.id().toString());
            assertThat(back.awaitEvent("job-status").json().get("jobId").asText()).isEqualTo(job.id().toString());
        }
    }
}
