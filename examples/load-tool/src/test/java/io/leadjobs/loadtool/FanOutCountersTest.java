package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leadjobs server's fan-out counters, read from its {@code /metrics}, and how the report shows them. */
class FanOutCountersTest {

    private static final String METRICS = """
            # HELP leadjobs_updates_coalesced_total Progress updates replaced by a newer one while delivery was behind
            # TYPE leadjobs_updates_coalesced_total counter
            leadjobs_updates_coalesced_total 3.0
            # HELP leadjobs_updates_dropped_total Job updates not delivered to clients because delivery was too far behind
            # TYPE leadjobs_updates_dropped_total counter
            leadjobs_updates_dropped_total{shard="0"} 1.0
            leadjobs_updates_dropped_total{shard="1"} 2.0
            leadjobs_updates_dropped_totals 100.0
            leadjobs_updates_delivered_total 4.2E7
            """;

    @Test
    void sumsEachCounterOverItsSeriesAndNothingElse() {
        RunResult.FanOutFigures figures = LeadjobsTarget.fanOutCounters(METRICS);

        assertThat(figures).isEqualTo(new RunResult.FanOutFigures(3, 3));
    }

    @Test
    void countsZeroForACounterTheServerHasNotExposed() {
        assertThat(LeadjobsTarget.fanOutCounters("leadjobs_updates_delivered_total 5.0\n"))
                .isEqualTo(new RunResult.FanOutFigures(0, 0));
    }

    @Test
    void refusesALineWithoutANumberNamingTheCounter() {
        assertThatThrownBy(() -> LeadjobsTarget.fanOutCounters("leadjobs_updates_coalesced_total many\n"))
                .isInstanceOf(LoadToolException.class)
                .hasMessageContaining("leadjobs_updates_coalesced_total");
    }

    @Test
    void theReportShowsTheCountersOrSaysThatTheServerHasNone() {
        RunResult.Tail tail = new RunResult.Tail(0, 0, 0, List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Report.print(List.of(TestRuns.leadjobs(tail, new RunResult.FanOutFigures(12, 1)), TestRuns.leadjobs(tail, null)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("server fan-out: progress coalesced / dropped +12 / 1 +not reported");
    }
}
