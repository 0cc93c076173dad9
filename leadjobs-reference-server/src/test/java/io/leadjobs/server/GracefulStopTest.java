package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulStopTest {

    @TempDir
    Path dataDir;

    @Test
    void closeLetsTheRunningBatchBeStoredDisconnectsClientsAndTheJobResumesAtTheNextStart() throws Exception {
        Map<String, String> settings = Map.of("LEADJOBS_DATA_DIR", dataDir.toString());
        GateEnricher gate = new GateEnricher();
        String jobId;
        RunningServer first = RunningServer.start(settings, s -> SocketIoEndToEndTest.withGate(gate));
        try (SocketClient client = SocketClient.connect(first.url(), "websocket", first.token("alice"))) {
            jobId = first.submitCsv("alice", SocketIoEndToEndTest.csv(60));
            client.await("connect");
            client.emitWithAck("subscribe-job", jobId);
            assertThat(gate.awaitEntered()).isTrue();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
            // the server stops claiming and answering new requests while the batch in hand finishes
            await().atMost(Duration.ofSeconds(10)).until(() -> first.http.send(
                    java.net.http.HttpRequest.newBuilder(first.uri("/api/jobs")).header("Authorization",
                            "Bearer " + first.token("alice")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
            gate.open();
            closing.get(60, TimeUnit.SECONDS);

            SocketClient.Received progress = client.await("job-update", u -> u.string("type").equals("progress"));
            assertThat(progress.integer("processedLeads")).isEqualTo(25);
            assertThat(client.await("disconnect").payload()).isEqualTo("io server disconnect");
        }

        try (RunningServer second = RunningServer.start(settings, s -> SocketIoEndToEndTest.withGate(gate))) {
            String token = second.token("alice");
            JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                    () -> RunningServer.json(second.get("/api/jobs/" + jobId, token)),
                    s -> s.get("status").asText().equals("completed"));
            assertThat(done.get("processed_leads").asInt()).isEqualTo(60);
            assertThat(RunningServer.json(second.get("/api/jobs/" + jobId + "/results", token)).get("leads")).hasSize(60);
        }
    }
}
