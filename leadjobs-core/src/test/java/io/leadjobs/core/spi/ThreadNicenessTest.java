package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadNicenessTest {

    private static OptionalInt niceOfAPoolThread(int increment) throws Exception {
        ExecutorService pool = LeadJobsExecutors.fixed("nice-test", 1, 1, increment);
        try {
            return pool.submit(ThreadNiceness::currentNice).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackgroundPoolsThreadsRaiseTheirNiceValueByTheIncrementAndOtherThreadsKeepTheirs() throws Exception {
        assumeThat(Files.isSymbolicLink(Path.of("/proc/thread-self"))).as("Linux").isTrue();
        OptionalInt mine = ThreadNiceness.currentNice();
        assertThat(mine).isPresent();
        assumeThat(mine.getAsInt()).as("room to lower the priority").isLessThanOrEqualTo(9);

        assertThat(niceOfAPoolThread(10)).hasValue(mine.getAsInt() + 10);
        assertThat(niceOfAPoolThread(0)).hasValue(mine.getAsInt());
        assertThat(ThreadNiceness.currentNice()).hasValue(mine.getAsInt());
    }
}
