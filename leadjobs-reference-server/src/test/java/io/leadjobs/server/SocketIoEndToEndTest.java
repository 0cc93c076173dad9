package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path over the wire, on each Socket.IO transport: a CSV submitted over REST, a real Socket.IO client
 * subscribed, job-status, progress to 100, complete, results whose counts match, and another user refused.
 */
class SocketIoEndToEndTest {

    static String csv(int leads) {
        StringBuilder csv = new StringBuilder("email,first_name,last_name,company,title,website,country\n");
        for (int i = 1; i <= leads; i++) {
            csv.append("person").append(i).append("@acme").append(i).append(".com,P").append(i).append(",Q,Acme ")
                    .append(i).append(',').append(i % 2 == 0 ? "VP Sales" : "Engineer").append(",,US\n");
        }
        csv.append(",,Nobody,No Contact,,,\n");
        return csv.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void aSubscriberSeesTheJobFromStatusToCompleteAndTheResultsMatch(String transport) throws Exception {
        GateEnricher gate = new GateEnricher();
        try (RunningServer server = RunningServer.start(Map.of(), s -> withGate(gate))) {
            String jobId = server.submitCsv("alice", csv(60));

            try (SocketClient alice = SocketClient.connect(server.url(), transport, server.token("alice"));
                 SocketClient bob = SocketClient.connect(server.url(), transport, server.token("bob"))) {
                alice.await("connect");
                JSONObject ack = alice.emitWithAck("subscribe-job", jobId);
                assertThat(ack.getBoolean("ok")).isTrue();
                JSONObject status = alice.await("job-status").json();
                assertThat(status.getString("jobId")).isEqualTo(jobId);
                assertThat(status.getInt("total_leads")).isEqualTo(60);
                assertThat(status.getInt("progress")).isZero();

                bob.await("connect");
                JSONObject refused = bob.emitWithAck("subscribe-job", jobId);
                assertThat(refused.getString("error")).isEqualTo("Job not found");
                assertThat(bob.await("error").json().getString("message")).isEqualTo("Job not found");

                gate.open();

                JSONObject complete = alice.await("job-update", u -> u.string("type").equals("complete")).json();
                List<Integer> progress = new ArrayList<>();
                for (SocketClient.Received update : alice.all("job-update")) {
                    if (update.json().getString("type").equals("progress")) {
                        progress.add(update.json().getInt("progress"));
                    }
                }
                assertThat(progress).isSorted().isNotEmpty().endsWith(100);
                assertThat(complete.getString("status")).isEqualTo("completed");
                JSONObject results = complete.getJSONObject("results");
                assertThat(results.getInt("processed_leads")).isEqualTo(60);
                assertThat(results.getInt("rejected_leads")).isEqualTo(1);
                assertThat(bob.all("job-update")).isEmpty();
                assertThat(bob.all("job-status")).isEmpty();

                JsonNode rest = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", server.token("alice")));
                assertThat(rest.get("leads")).hasSize(results.getInt("processed_leads"));
                assertThat(rest.get("rejected")).hasSize(results.getInt("rejected_leads"));
                int highScores = 0;
                for (JsonNode lead : rest.get("leads")) {
                    highScores += lead.get("high_score").asBoolean() ? 1 : 0;
                }
                assertThat(highScores).isEqualTo(results.getInt("high_score_leads"));
                assertThat(server.get("/api/jobs/" + jobId + "/results", server.token("bob")).statusCode()).isEqualTo(404);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void refusesAConnectionWithABadTokenNamingTheReasonOnly(String transport) throws Exception {
        try (RunningServer server = RunningServer.start();
             SocketClient client = SocketClient.connect(server.url(), transport, server.token("alice") + "x")) {
            JSONObject error = client.await("connect_error").json();
            assertThat(error.getString("message")).isEqualTo("Authentication failed: invalid signature");
            assertThat(client.connected()).isFalse();
        }
    }

    static List<LeadEnricher> withGate(GateEnricher gate) {
        List<LeadEnricher> enrichers = new ArrayList<>(Enrichers.defaults());
        enrichers.add(gate);
        return enrichers;
    }
}
