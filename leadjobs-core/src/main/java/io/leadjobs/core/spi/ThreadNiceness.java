package io.leadjobs.core.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread on Linux, where the nice value belongs to each thread:
 * background work (enriching leads) then yields the cores to the threads that answer requests and deliver
 * updates whenever both want them, and takes every core when nothing else does. The JDK has no call for it, so
 * the thread runs {@code renice} on its own thread id (found through {@code /proc/thread-self}); raising a nice
 * value needs no privilege. Elsewhere, or when that fails, the thread runs as it was, and one line says why.
 */
final class ThreadNiceness {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNiceness.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ThreadNiceness() {
    }

    /** Raises the calling thread's nice value by {@code increment} (1-19); false where it could not. */
    static boolean lowerCurrent(int increment) {
        if (increment < 1 || increment > 19) {
            throw new IllegalArgumentException("a nice increment is between 1 and 19, was " + increment);
        }
        if (!Files.isSymbolicLink(THREAD_SELF)) {
            return cannot("there is no /proc/thread-self (not Linux)");
        }
        try {
            // "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(increment), "-p", tid)
                    .redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return cannot("renice did not end within 10 s");
            }
            if (renice.exitValue() != 0) {
                return cannot("renice ended with " + renice.exitValue() + ": " + output);
            }
            return true;
        } catch (IOException e) {
            return cannot("renice could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cannot("interrupted");
        }
    }

    private static boolean cannot(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.info("Enrichment threads keep their scheduling priority: {}", why);
        }
        return false;
    }
}
