package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.websocket.auth.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The seed's happy path with a real Socket.IO client against a real server. */
class JobEventsOverSocketIoTest {

    @Test
    void streamsJobStatusProgressToOneHundredAndCompleteWhoseResultsMatchTheJob() throws Exception {
        try (GatewayHarness server = GatewayHarness.start()) {
            Job job = server.submit("alice", 5);
            TestClient client = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();

            JsonNode ack = client.emitWithAck("subscribe-job", job.id().toString());
            assertThat(ack.toString()).isEqualTo("{\"ok\":true}");
            JsonNode status = client.awaitEvent("job-status").json();
            assertThat(status.get("jobId").asText()).isEqualTo(job.id().toString());
            assertThat(status.get("status").asText()).isEqualTo("queued");
            assertThat(status.get("progress").asInt()).isZero();
            assertThat(status.get("total_leads").asInt()).isEqualTo(5);
            assertThat(status.get("processed_leads").asInt()).isZero();
            assertThat(status.get("enriched_leads").asInt()).isZero();
            assertThat(status.get("high_score_leads").asInt()).isZero();
            assertThat(status.get("error_message").isNull()).isTrue();
            assertThat(status.get("recentLogs").size()).isZero();
            assertThat(status.get("seq").asLong()).isZero();

            server.startWorkers();
            JsonNode complete = client.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete")).json();

            List<JsonNode> updates = client.received("job-update").stream().map(TestClient.Received::json).toList();
            assertThat(updates).extracting(u -> u.get("seq").asLong())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, updates.size()).boxed().toList());
            assertThat(updates).allSatisfy(u -> assertThat(u.get("jobId").asText()).isEqualTo(job.id().toString()));
            List<JsonNode> progress = updates.stream().filter(u -> u.get("type").asText().equals("progress")).toList();
            assertThat(progress).extracting(p -> p.get("progress").asInt()).containsExactly(40, 80, 100);
            assertThat(progress.get(2).get("processedLeads").asInt()).isEqualTo(5);
            assertThat(progress.get(2).get("totalLeads").asInt()).isEqualTo(5);
            assertThat(updates).anySatisfy(u -> {
                assertThat(u.get("type").asText()).isEqualTo("status");
                assertThat(u.get("status").asText()).isEqualTo("completed");
                assertThat(u.get("message").asText()).isEqualTo("Job completed successfully");
            });
            assertThat(updates).anySatisfy(u -> {
                assertThat(u.get("type").asText()).isEqualTo("log");
                assertThat(u.get("log").get("level").asText()).isEqualTo("info");
                assertThat(u.get("log").get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            });

            JobSnapshot finished = server.jobs.snapshot("alice", job.id()).orElseThrow();
            JsonNode results = complete.get("results");
            assertThat(complete.get("status").asText()).isEqualTo("completed");
            assertThat(results.get("total_leads").asInt()).isEqualTo(finished.totalLeads()).isEqualTo(5);
            assertThat(results.get("processed_leads").asInt()).isEqualTo(finished.processedLeads()).isEqualTo(5);
            assertThat(results.get("enriched_leads").asInt()).isEqualTo(finished.enrichedLeads());
            assertThat(results.get("high_score_leads").asInt()).isEqualTo(finished.highScoreLeads());
            assertThat(results.get("rejected_leads").asInt()).isZero();
            assertThat(results.get("progress").asInt()).isEqualTo(100);
            JsonNode grades = results.get("grades");
            int graded = 0;
            for (String grade : List.of("A", "B", "C", "D", "E", "F")) {
                graded += grades.get(grade).asInt();
            }
            assertThat(graded).isEqualTo(5);
            assertThat(server.jobs.results("alice", job.id(), 0, 10)).hasSize(5);
        }
    }

    @Test
    void servesTheSameProtocolOverLongPolling() throws Exception {
        try (GatewayHarness server = GatewayHarness.start()) {
            Job job = server.submit("alice", 3);
            TestClient client = server.client(o -> {
                o.auth = java.util.Map.of("token", TestTokens.hs256("alice", Duration.ofMinutes(5)));
                o.transports = new String[] {"polling"};
            }).awaitConnected();

            assertThat(client.emitWithAck("subscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");
            assertThat(client.awaitEvent("job-status").json().get("status").asText()).isEqualTo("queued");
            server.startWorkers();
            JsonNode complete = client.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete")).json();

            assertThat(complete.get("results").get("total_leads").asInt()).isEqualTo(3);
        }
    }
}
