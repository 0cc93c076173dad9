package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadNicenessTest {

    /** The calling thread's nice value, where {@code /proc/thread-self/stat} tells it. */
    private static OptionalInt currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
            // fields after the command name in parentheses, which may hold spaces: state is field 3, nice field 19
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt niceOfAPoolThread(int increment) throws Exception {
        ExecutorService pool = LeadJobsExecutors.fixed("nice-test", 1, 1, increment);
        try {
            return pool.submit(ThreadNicenessTest::currentNice).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackgroundPoolsThreadsRaiseTheirNiceValueByTheIncrementAndOtherThreadsKeepTheirs() throws Exception {
        assumeThat(Files.isSymbolicLink(Path.of("/proc/thread-self"))).as("Linux").isTrue();
        OptionalInt mine = currentNice();
        assertThat(mine).isPresent();
        assumeThat(mine.getAsInt()).as("room to lower the priority").isLessThanOrEqualTo(9);

        assertThat(niceOfAPoolThread(10)).hasValue(mine.getAsInt() + 10);
        assertThat(niceOfAPoolThread(0)).hasValue(mine.getAsInt());
        assertThat(currentNice()).hasValue(mine.getAsInt());
    }
}
