package io.leadjobs.loadtool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small {@link RunResult}s for the report's tests: 10 clients, 20 log entries, nothing else of note. */
final class TestRuns {

    private TestRuns() {
    }

    static RunResult leadjobs(RunResult.Tail tail, RunResult.FanOutFigures fanOut) {
        return new RunResult("leadjobs", "http://127.0.0.1:1", "websocket",
                new RunResult.Clients(10, 10, 0, Map.of(), 1, 10, 0, 0, Map.of(), 0), List.of(),
                new RunResult.Deliveries(0, 0, 0), new RunResult.Latency(20, 5, 90, 90, 90, 0),
                new RunResult.Latency(20, 5, 90, 90, 90, 0), tail, new RunResult.Completion(10, 10, 10, 10, 1.0, 1.0),
                new RunResult.SeqFigures(0, 0, 0, 0, 0, 0, 0, 0, 0), fanOut, Map.of(), 0, Map.of(),
                new RunResult.ServerFigures(null, null, 1, null, null, null, null, 10, null, "n/a", List.of()),
                new RunResult.ClientFigures(1, 0, 0, null), new ArrayList<>());
    }
}
