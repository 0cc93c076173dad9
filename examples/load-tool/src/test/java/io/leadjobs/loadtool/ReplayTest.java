package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final double SUBMITTED = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    private static ObjectNode update(long seq, String type, String logAt) {
        return update(seq, type, logAt, "Scored leads");
    }

    private static ObjectNode update(long seq, String type, String logAt, String message) {
        ObjectNode update = JsonLinesProcess.JSON.createObjectNode().put("type", type).put("jobId", "j").put("seq", seq);
        if (logAt != null) {
            update.putObject("log").put("level", "info").put("message", message).put("timestamp", logAt);
        }
        return update;
    }

    /** A client process's recordings event with one job. */
    private static JsonNode recording(ObjectNode... updates) {
        ObjectNode report = JsonLinesProcess.JSON.createObjectNode();
        ObjectNode recorder = report.putArray("jobs").addObject();
        recorder.putObject("status").put("jobId", "j").put("status", "processing").put("seq", 0);
        ArrayNode recorded = recorder.putArray("updates");
        double receivedAt = SUBMITTED + 5000;
        for (ObjectNode update : updates) {
            recorded.addArray().add(receivedAt).add(update);
        }
        return report;
    }

    @Test
    void sendsEachUpdateAtItsPublishTimeNotWhenTheRecordingClientGotIt() {
        JobRun job = new JobRun(0, "j", 100, SUBMITTED, SUBMITTED + 10);
        JsonNode recording = recording(
                update(1, "status", null),
                update(2, "log", "2026-12-01T10:00:00.100Z"),
                update(3, "progress", null),
                update(4, "log", "2026-12-01T10:00:00.350Z"),
                update(5, "complete", null));

        Replay replay = Replay.of(List.of(job), List.of(recording));

        List<Double> at = replay.jobs().get(0).updates().stream().map(Replay.Entry::at).toList();
        assertThat(at).containsExactly(100.0, 100.0, 350.0, 350.0, 350.0);
        assertThat(replay.jobs().get(0).truncated()).isFalse();
    }

    @Test
    void anEnrichersWarningGoesOutWithTheReportThatPublishedItAndKeepsItsOwnTime() {
        // leadjobs writes the warning when its lead is enriched (0.120 s) and publishes it with the batch's report
        // after the commit, together with the progress before it and the Scored entry after it (0.400 s)
        JobRun job = new JobRun(0, "j", 100, SUBMITTED, SUBMITTED + 10);
        JsonNode recording = recording(
                update(1, "log", "2026-12-01T10:00:00.050Z", "Started scoring 100 leads"),
                update(2, "progress", null),
                update(3, "log", "2026-12-01T10:00:00.120Z", "DNS lookups are unavailable: no answer"),
                update(4, "log", "2026-12-01T10:00:00.400Z", "Scored leads 1-25 of 100"),
                update(5, "complete", null));

        List<Replay.Entry> updates = Replay.of(List.of(job), List.of(recording)).jobs().get(0).updates();

        assertThat(updates).extracting(Replay.Entry::at).containsExactly(50.0, 400.0, 400.0, 400.0, 400.0);
        assertThat(updates.get(2).stampAt()).isEqualTo(120.0);
        assertThat(updates.get(3).stampAt()).isEqualTo(400.0);
        assertThat(updates.get(1).stampAt()).isNaN();
    }

    @Test
    void aRecordingThatStopsBeforeTheCompleteIsTruncated() {
        JobRun job = new JobRun(0, "j", 100, SUBMITTED, SUBMITTED + 10);
        JsonNode recording = recording(update(1, "status", null), update(2, "log", "2026-12-01T10:00:00.100Z"));

        assertThat(Replay.of(List.of(job), List.of(recording)).jobs().get(0).truncated()).isTrue();
    }

    @Test
    void keepsTheRecordedOrderWhenTimestampsGoBack() {
        JobRun job = new JobRun(0, "j", 100, SUBMITTED, SUBMITTED + 10);
        JsonNode recording = recording(
                update(1, "log", "2026-12-01T10:00:00.500Z"),
                update(2, "log", "2026-12-01T10:00:00.200Z"));

        Replay replay = Replay.of(List.of(job), List.of(recording));

        assertThat(replay.jobs().get(0).updates()).extracting(Replay.Entry::at).containsExactly(500.0, 500.0);
        assertThat(replay.jobs().get(0).updates()).extracting(e -> e.update().path("seq").asLong()).containsExactly(1L, 2L);
    }

    @Test
    void takesTheLongestRecordingOfAJob() {
        JobRun job = new JobRun(0, "j", 100, SUBMITTED, SUBMITTED + 10);
        JsonNode shorter = recording(update(2, "log", "2026-12-01T10:00:00.100Z"));
        JsonNode longer = recording(update(1, "status", null), update(2, "log", "2026-12-01T10:00:00.100Z"));

        Replay replay = Replay.of(List.of(job), List.of(shorter, longer));

        assertThat(replay.jobs().get(0).updates()).hasSize(2);
    }
}
