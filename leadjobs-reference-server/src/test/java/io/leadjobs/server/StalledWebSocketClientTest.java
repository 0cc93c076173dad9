package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.testing.StalledClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading while a job streams an update for every batch, on the reference server
 * (whose frame writer hands ready-made frames straight to Grizzly's write queue): what waited for it reaches it as
 * whole frames, in order, ending with {@code complete}, once it reads again; meanwhile a client that reads gets
 * every update without waiting for it. (That the write queue itself gives back frames whole and in order when the
 * kernel's buffers are full is {@code RawFramesTest}'s.)
 */
class StalledWebSocketClientTest {

    private static final int LEADS = 20_000;
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Test
    void framesThatWaitedForAStalledClientReachItWholeAndInOrderWhileAReaderGetsEverything() throws Exception {
        GateEnricher gate = new GateEnricher();
        // every batch reported on its own: about 1,600 updates while the stalled client reads none
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_UPDATE_INTERVAL", "0ms"),
                s -> SocketIoEndToEndTest.withGate(gate))) {
            String jobId = server.submitCsv("alice", SocketIoEndToEndTest.csv(LEADS));
            SocketClient reader = SocketClient.connect(server.url(), "websocket", server.token("alice"));
            try (StalledClient stalled = new StalledClient(URI.create(server.url()).getPort())) {
                stalled.readUntil("0{");
                stalled.send("40" + new JSONObject(Map.of("token", server.token("alice"))));
                stalled.readUntil("40");
                reader.await("connect");
                assertThat(reader.emitWithAck("subscribe-job", jobId).getBoolean("ok")).isTrue();
                long readerStatusSeq = reader.await("job-status").json().getLong("seq");
                stalled.send("42[\"subscribe-job\",\"" + jobId + "\"]");
                stalled.readUntil("42[\"job-status\"");

                gate.open();
                JSONObject complete = reader.await("job-update", u -> u.string("type").equals("complete")).json();
                assertThat(complete.getJSONObject("results").getInt("processed_leads")).isEqualTo(LEADS);
                List<Long> seqs = new ArrayList<>();
                for (SocketClient.Received update : reader.all("job-update")) {
                    seqs.add(update.json().getLong("seq"));
                }
                assertThat(seqs).hasSizeGreaterThan(800).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(readerStatusSeq + 1, readerStatusSeq + seqs.size())
                                .boxed().toList());

                // the stalled client reads again: whole frames, seqs rising, up to the complete update
                List<Long> stalledSeqs = new ArrayList<>();
                String text;
                do {
                    text = stalled.readText();
                    if (text.startsWith("42[\"job-update\"")) {
                        Matcher seq = SEQ.matcher(text);
                        assertThat(seq.find()).as(text).isTrue();
                        stalledSeqs.add(Long.parseLong(seq.group(1)));
                    }
                } while (!(text.startsWith("42[\"job-update\"") && text.contains("\"type\":\"complete\"")));
                assertThat(stalledSeqs).isSorted().doesNotHaveDuplicates();
                assertThat(stalledSeqs.get(stalledSeqs.size() - 1)).isEqualTo(seqs.get(seqs.size() - 1));
            } finally {
                reader.close();
            }
        }
    }
}
