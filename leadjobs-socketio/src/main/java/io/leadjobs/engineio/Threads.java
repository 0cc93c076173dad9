package io.leadjobs.engineio;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the named daemon threads of this layer, each with an uncaught-exception handler that logs. */
final class Threads {

    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            int n = counter.incrementAndGet();
            Thread thread = new Thread(runnable, n == 1 ? prefix : prefix + "-" + n);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught exception on {}", t.getName(), e));
            return thread;
        };
    }
}
