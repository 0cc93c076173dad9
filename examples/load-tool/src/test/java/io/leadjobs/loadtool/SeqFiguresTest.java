package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Figures.seq}: the Node processes' seq tallies added up, drop notices apart from the numbers skipped. */
class SeqFiguresTest {

    private static JsonNode report(String seq) throws Exception {
        return JsonLinesProcess.JSON.readTree("{\"updatesBeforeStatus\":0,\"repeatedStatuses\":1,\"seq\":" + seq + "}");
    }

    @Test
    void addsUpEveryProcessAndCountsTheLogEntriesDroppedForClientsThatFellBehind() throws Exception {
        RunResult.SeqFigures seq = Figures.seq(List.of(
                report("{\"irregularAhead\":2,\"irregularBehind\":0,\"skippedNumbers\":3,\"clientsAffected\":2,"
                        + "\"dropNotices\":2,\"droppedLogEntries\":5}"),
                report("{\"irregularAhead\":1,\"irregularBehind\":1,\"skippedNumbers\":1,\"clientsAffected\":1,"
                        + "\"dropNotices\":1,\"droppedLogEntries\":40}")));

        assertThat(seq.irregularUpdates()).isEqualTo(4);
        assertThat(seq.ahead()).isEqualTo(3);
        assertThat(seq.behind()).isEqualTo(1);
        assertThat(seq.skippedNumbers()).isEqualTo(4);
        assertThat(seq.clientsAffected()).isEqualTo(3);
        assertThat(seq.repeatedStatuses()).isEqualTo(2);
        assertThat(seq.dropNotices()).isEqualTo(3);
        assertThat(seq.droppedLogEntries()).isEqualTo(45);
    }

    @Test
    void aProcessFromBeforeDropNoticesWereCountedAddsNone() throws Exception {
        RunResult.SeqFigures seq = Figures.seq(List.of(
                report("{\"irregularAhead\":0,\"irregularBehind\":0,\"skippedNumbers\":0,\"clientsAffected\":0}")));

        assertThat(seq.dropNotices()).isZero();
        assertThat(seq.droppedLogEntries()).isZero();
    }
}
