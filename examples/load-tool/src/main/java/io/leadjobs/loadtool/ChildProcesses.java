package io.leadjobs.loadtool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process a run starts, so that all of them end with it: normally one by one as the run finishes with
 * them, and on any other exit (an error, Ctrl-C) from the shutdown hook that {@link #install()} registers.
 * Each gets SIGTERM first (the reference server stops gracefully), then SIGKILL after a grace period.
 */
final class ChildProcesses {
    private static final long GRACE_SECONDS = 15;

    private final List<Process> processes = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    /** Registers the shutdown hook that stops whatever is still running, then runs the cleanups. */
    ChildProcesses install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "load-tool-cleanup"));
        return this;
    }

    synchronized void add(Process process) {
        processes.add(process);
    }

    /** Runs after every process has ended (e.g. deleting the run's temporary folder). */
    synchronized void onExit(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    /** Stops one process (SIGTERM, then SIGKILL after the grace period) and forgets it. */
    void stop(Process process) {
        synchronized (this) {
            processes.remove(process);
        }
        terminate(List.of(process));
    }

    void stopAll() {
        List<Process> running;
        List<Runnable> after;
        synchronized (this) {
            running = new ArrayList<>(processes);
            processes.clear();
            after = new ArrayList<>(cleanups);
            cleanups.clear();
        }
        terminate(running);
        after.forEach(Runnable::run);
    }

    private static void terminate(List<Process> running) {
        for (Process process : running) {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        for (Process process : running) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
