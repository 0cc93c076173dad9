package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Many real Socket.IO clients (the Java {@code io.socket} client, both transports) watch real jobs uploaded over
 * REST and run by the real pipeline at its own speed, some from before the first lead, some joining midway: every
 * one of them gets {@code complete}, and the updates after its {@code job-status} without a gap (one that joins
 * after the end gets a {@code job-status} that says so, and nothing after it).
 */
class LiveUpdatesEndToEndTest {

    private static final int LEADS = 20_000;

    @Test
    void everyWatcherOfTwoFullSpeedJobsGetsCompleteAndEveryUpdateAfterItsStatusWithoutAGap() throws Exception {
        GateEnricher gate = new GateEnricher();
        try (RunningServer server = RunningServer.start(Map.of(), s -> SocketIoEndToEndTest.withGate(gate))) {
            List<String> jobs = List.of(server.submitCsv("alice", SocketIoEndToEndTest.csv(LEADS)),
                    server.submitCsv("alice", SocketIoEndToEndTest.csv(LEADS)));
            List<Watcher> watchers = new ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) {
                    watchers.add(watch(server, jobs.get(i % 2), i % 3 == 0 ? "polling" : "websocket"));
                }
                gate.open();
                // more watchers join while the jobs run
                watchers.get(0).client.await("job-update", u -> u.string("type").equals("progress"));
                for (int i = 0; i < 8; i++) {
                    watchers.add(watch(server, jobs.get(i % 2), i % 4 == 0 ? "polling" : "websocket"));
                }

                for (Watcher w : watchers) {
                    if (w.status.equals("completed")) {
                        // joined after the end: the job-status says so, and nothing follows it
                        long last = RunningServer.json(server.get("/api/jobs/" + w.jobId, server.token("alice")))
                                .get("seq").asLong();
                        assertThat(w.statusSeq).isEqualTo(last);
                        assertThat(w.client.all("job-update")).isEmpty();
                        continue;
                    }
                    JSONObject complete = w.client.await("job-update", u -> u.string("type").equals("complete")).json();
                    // read once the job is over: its last update is the complete update
                    long last = RunningServer.json(server.get("/api/jobs/" + w.jobId, server.token("alice")))
                            .get("seq").asLong();
                    assertThat(complete.getJSONObject("results").getInt("processed_leads")).isEqualTo(LEADS);
                    List<Long> seqs = new ArrayList<>();
                    for (SocketClient.Received update : w.client.all("job-update")) {
                        seqs.add(update.json().getLong("seq"));
                    }
                    assertThat(seqs).as("updates after job-status seq %d (%s)", w.statusSeq, w.transport)
                            .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(w.statusSeq + 1,
                                    w.statusSeq + seqs.size()).boxed().toList());
                    assertThat(seqs.get(seqs.size() - 1)).isEqualTo(last);
                }
            } finally {
                watchers.forEach(w -> w.client.close());
            }
        }
    }

    private static Watcher watch(RunningServer server, String jobId, String transport) throws Exception {
        SocketClient client = SocketClient.connect(server.url(), transport, server.token("alice"));
        client.await("connect");
        assertThat(client.emitWithAck("subscribe-job", jobId).getBoolean("ok")).isTrue();
        JSONObject status = client.await("job-status").json();
        return new Watcher(client, jobId, transport, status.getLong("seq"), status.getString("status"));
    }

    private record Watcher(SocketClient client, String jobId, String transport, long statusSeq, String status) {
    }
}
