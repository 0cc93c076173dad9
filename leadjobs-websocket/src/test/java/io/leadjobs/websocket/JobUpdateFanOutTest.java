package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.Job;
import io.leadjobs.websocket.auth.TestTokens;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Real Socket.IO clients watching one job: each {@code job-update} is serialized once, whatever the number of
 * watchers, and every watcher gets every update, in order, without gaps.
 */
class JobUpdateFanOutTest {

    private static final int WATCHERS = 24;

    @Test
    void eachUpdateIsSerializedOnceForAllItsWatchersAndEveryWatcherGetsItInOrder() throws Exception {
        CountingFactory json = new CountingFactory();
        try (GatewayHarness server = GatewayHarness.start(s -> { }, g -> g.deliveryThreads(3),
                io -> io.objectMapper(new ObjectMapper(json)))) {
            Job job = server.submit("alice", 20);
            List<TestClient> watchers = new ArrayList<>();
            for (int i = 0; i < WATCHERS; i++) {
                TestClient client = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();
                assertThat(client.emitWithAck("subscribe-job", job.id().toString()).toString()).isEqualTo("{\"ok\":true}");
                client.awaitEvent("job-status");
                watchers.add(client);
            }
            int beforeTheJob = json.generators.get();

            server.startWorkers();
            List<List<Long>> seqs = new ArrayList<>();
            for (TestClient client : watchers) {
                client.awaitEvent("job-update", r -> r.json().get("type").asText().equals("complete"));
                seqs.add(client.received("job-update").stream().map(r -> r.json().get("seq").asLong()).toList());
            }

            long updates = server.jobs.find("alice", job.id()).orElseThrow().lastSeq();
            for (List<Long> got : seqs) {
                assertThat(got).containsExactlyElementsOf(LongStream.rangeClosed(1, updates).boxed().toList());
            }
            // one serialization per update, not one per update and watcher
            assertThat(json.generators.get() - beforeTheJob).isEqualTo((int) updates);
            JsonNode last = watchers.get(0).received("job-update").get((int) updates - 1).json();
            assertThat(last.get("type").asText()).isEqualTo("complete");
        }
    }

    /** Counts the JSON generators the Socket.IO server's mapper creates: one per packet it serializes. */
    private static final class CountingFactory extends JsonFactory {
        private static final long serialVersionUID = 1L;
        final transient AtomicInteger generators = new AtomicInteger();

        @Override
        public JsonGenerator createGenerator(Writer w) throws IOException {
            generators.incrementAndGet();
            return super.createGenerator(w);
        }
    }
}
