package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LogLinearHistogramTest {

    /** clients.mjs's bucket of a latency in microseconds, written again here to pin the shared layout. */
    static int bucket(long micros) {
        if (micros < 128) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - 6;
        return shift * 64 + (int) (micros >>> shift);
    }

    private static ArrayNode sparse(long... micros) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (long m : micros) {
            counts.merge(bucket(m), 1L, Long::sum);
        }
        ArrayNode buckets = JsonLinesProcess.JSON.createArrayNode();
        counts.forEach((index, count) -> buckets.addArray().add(index).add(count));
        return buckets;
    }

    @Test
    void readsPercentilesWithinOneSixtyFourthOfTheValue() {
        long[] micros = new long[10_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (i + 1) * 1000L; // 1 ms .. 10 s
        }
        LogLinearHistogram histogram = new LogLinearHistogram();
        histogram.add(sparse(micros), 10_000_000);

        assertThat(histogram.count()).isEqualTo(10_000);
        assertThat(histogram.percentileMillis(50)).isCloseTo(5000, within(5000 / 64.0));
        assertThat(histogram.percentileMillis(99)).isCloseTo(9900, within(9900 / 64.0));
        assertThat(histogram.maxMillis()).isEqualTo(10_000);
    }

    @Test
    void addsTheHistogramsOfSeveralProcesses() {
        LogLinearHistogram histogram = new LogLinearHistogram();
        histogram.add(sparse(50, 60, 70), 70);
        histogram.add(sparse(300_000), 300_000);

        assertThat(histogram.count()).isEqualTo(4);
        assertThat(histogram.percentileMillis(50)).isCloseTo(0.06, within(0.001));
        assertThat(histogram.percentileMillis(100)).isEqualTo(300.0);
    }

    @Test
    void bucketsAreContiguousAcrossPowersOfTwo() {
        assertThat(bucket(127)).isEqualTo(127);
        assertThat(bucket(128)).isEqualTo(128);
        assertThat(bucket(255)).isEqualTo(191);
        assertThat(bucket(256)).isEqualTo(192);
        assertThat(bucket(0xffffffffL)).isLessThan(27 * 64);
    }
}
