package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which updates the report names as the tail: {@code Figures.tail} over the Node processes' histograms by update. */
class TailFiguresTest {

    private static final List<JobRun> JOBS = List.of(new JobRun(0, "job-a", 100, 0, 0), new JobRun(1, "job-b", 100, 0, 0));

    /** One entry of a process's {@code batchLatencyByUpdate}: {@code count} receipts of each latency in {@code millis}. */
    private static ObjectNode update(int job, long seq, String message, int count, double... millis) {
        ObjectNode u = JsonLinesProcess.JSON.createObjectNode().put("job", job).put("seq", seq).put("message", message);
        Map<Integer, Long> counts = new TreeMap<>();
        long max = 0;
        for (double ms : millis) {
            long micros = Math.round(ms * 1000);
            counts.merge(LogLinearHistogramTest.bucket(micros), (long) count, Long::sum);
            max = Math.max(max, micros);
        }
        ArrayNode buckets = u.putArray("buckets");
        counts.forEach((index, n) -> buckets.addArray().add(index).add(n));
        return u.put("maxMicros", max);
    }

    private static JsonNode report(ObjectNode... updates) {
        ObjectNode report = JsonLinesProcess.JSON.createObjectNode();
        ArrayNode list = report.putArray("batchLatencyByUpdate");
        for (ObjectNode u : updates) {
            list.add(u);
        }
        return report;
    }

    @Test
    void namesTheUpdatesWithTheMostEntriesPastTheRunsP99AddingUpEveryProcess() {
        // 1,000 entries: 900 quick ones of a busy update, the job's first report late for all its 60 subscribers
        // (30 in each process), and a few late entries of another update
        List<JsonNode> reports = List.of(
                report(update(0, 5, "Scored leads 26-50 of 100: 3 high score", 450, 20),
                        update(0, 7, "Scored leads 1-25 of 100: 2 high score", 30, 150),
                        update(1, 2, "Started scoring 100 leads", 8, 15, 300)),
                report(update(0, 5, "Scored leads 26-50 of 100: 3 high score", 450, 20),
                        update(0, 7, "Scored leads 1-25 of 100: 2 high score", 30, 160),
                        update(1, 9, "Job completed: 100 leads scored", 4, 10)));

        RunResult.Tail tail = Figures.tail(reports, JOBS);

        assertThat(tail.samples()).isEqualTo(900 + 60 + 16 + 4);
        assertThat(tail.updates()).isEqualTo(4);
        // the 99th percentile of 980 entries is the 971st: among the first report's 150-160 ms
        assertThat(tail.p99Ms()).isBetween(148.0, 162.0);
        List<RunResult.TailUpdate> slowest = tail.slowest();
        assertThat(slowest).hasSize(3);
        // the "Started" entries at 300 ms are the only ones in a bucket above the p99's; the first report's lie in
        // the p99's bucket (160 ms) or below it (150 ms)
        assertThat(slowest.get(0).job()).isEqualTo(2);
        assertThat(slowest.get(0).jobId()).isEqualTo("job-b");
        assertThat(slowest.get(0).seq()).isEqualTo(2);
        assertThat(slowest.get(0).message()).isEqualTo("Started scoring 100 leads");
        assertThat(slowest.get(0).samples()).isEqualTo(16);
        assertThat(slowest.get(0).pastP99()).isEqualTo(8);
        assertThat(slowest.get(0).maxMs()).isEqualTo(300.0);
        assertThat(slowest.get(1).seq()).isEqualTo(7);
        assertThat(slowest.get(1).jobId()).isEqualTo("job-a");
        assertThat(slowest.get(1).samples()).isEqualTo(60);
        assertThat(slowest.get(1).pastP99()).isZero();
        assertThat(slowest.get(1).p50Ms()).isBetween(148.0, 152.0);
        // then, with none past it, the highest p50: the busy update's 900 quick entries come after the first report
        assertThat(slowest.get(2).seq()).isEqualTo(5);
        assertThat(slowest.get(2).samples()).isEqualTo(900);
        assertThat(slowest.get(2).pastP99()).isZero();
        assertThat(slowest.get(2).p50Ms()).isBetween(19.7, 20.3);
    }

    @Test
    void reportsWhereTheTailIsForEveryServerOfTheRun() {
        RunResult.Tail tail = Figures.tail(List.of(report(update(0, 7, "Scored leads 1-25 of 100: 2 high score", 10, 5, 90))),
                JOBS);
        RunResult run = TestRuns.leadjobs(tail, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report.print(List.of(run), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Where the tail is")
                .containsPattern("  leadjobs, p99 \\d+(\\.\\d+)? ms: job 1 seq 7 \"Scored leads 1-25 of 100: 2 high score\": "
                        + "0 of 20 past it, p50 \\d+(\\.\\d+)? ms, max 90(\\.0)? ms");
    }
}
