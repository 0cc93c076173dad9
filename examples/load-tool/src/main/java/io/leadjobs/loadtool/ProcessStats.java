package io.leadjobs.loadtool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** CPU, resident memory and live Java heap of a process by its pid (Linux /proc, the JDK's jcmd). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** User plus system CPU time of the whole process so far (every thread). */
    static Optional<Duration> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration());
    }

    /** One thread's name (as the kernel keeps it, at most 15 characters) and its user plus system CPU in clock ticks. */
    record ThreadTicks(String name, long ticks) {
    }

    /** Every thread of the process by its thread id (/proc/pid/task); empty where there is no /proc. */
    static Map<Long, ThreadTicks> threadTicks(long pid) {
        Map<Long, ThreadTicks> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after the name: state is field 3, utime field 14 and stime field 15 (1-based, man proc)
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(stat.substring(open + 1, close), ticks));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux, or the process is gone
        }
        return out;
    }

    /** CPU of one kind of thread (names with their numbers taken out) between two readings. */
    record ThreadGroupCpu(String name, int threads, double cpuSeconds, double busiestThreadCores) {
    }

    /**
     * The CPU each kind of thread used between {@code before} and {@code after} over {@code wallSeconds}, busiest
     * kinds first: how many threads, their CPU seconds together, and the busiest single thread's share of a core.
     */
    static List<ThreadGroupCpu> threadGroups(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after, double wallSeconds) {
        double hz = 100.0; // USER_HZ; Linux reports /proc tick counts in it on every architecture it runs on
        Map<String, double[]> groups = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadTicks then = before.get(tid);
            long used = now.ticks() - (then == null ? 0 : then.ticks());
            if (used <= 0) {
                return;
            }
            String group = now.name().replaceAll("\\d+", "N");
            double[] g = groups.computeIfAbsent(group, k -> new double[3]);
            g[0]++;
            g[1] += used / hz;
            g[2] = Math.max(g[2], used / hz / wallSeconds);
        });
        List<ThreadGroupCpu> out = new ArrayList<>();
        groups.forEach((name, g) -> out.add(new ThreadGroupCpu(name, (int) g[0], Figures.round(g[1], 2), Figures.round(g[2], 2))));
        out.sort(Comparator.comparingDouble(ThreadGroupCpu::cpuSeconds).reversed());
        return out;
    }

    /** Peak resident set size ({@code VmHWM} of /proc/pid/status). */
    static OptionalLong peakRssBytes(long pid) {
        return statusKib(pid, "VmHWM:");
    }

    /** Resident set size now ({@code VmRSS}). */
    static OptionalLong rssBytes(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    private static OptionalLong statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /** This process's soft limit on open files (children inherit it), from /proc/self/limits; empty if unknown or unlimited. */
    static OptionalLong openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }

    /** The machine's load averages as /proc/loadavg gives them ({@code "0.31 0.40 0.18"}), or "n/a". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }

    /**
     * Bytes of live objects in a JVM's heap: {@code jcmd <pid> GC.class_histogram} runs a full collection and
     * counts what survives; the lower of two readings. Empty (with the reason on stderr) where jcmd cannot
     * attach, e.g. the process is no JVM or runs as another user.
     */
    static OptionalLong liveHeapBytes(long pid) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            OptionalLong reading = histogramTotal(pid);
            if (reading.isEmpty()) {
                return reading;
            }
            best = Math.min(best, reading.getAsLong());
        }
        return OptionalLong.of(best);
    }

    private static OptionalLong histogramTotal(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String command = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        String output;
        try {
            output = Commands.run(List.of(command, Long.toString(pid), "GC.class_histogram"), Path.of("."), 120,
                    "jcmd " + pid + " GC.class_histogram");
        } catch (LoadToolException e) {
            System.err.println("  heap not measured: " + e.getMessage());
            return OptionalLong.empty();
        }
        String[] lines = output.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("Total")) {
                String[] parts = line.split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[parts.length - 1]));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        String tail = output.length() > 300 ? output.substring(output.length() - 300) : output;
        System.err.println("  heap not measured: jcmd " + pid + " GC.class_histogram gave no total: " + tail.trim());
        return OptionalLong.empty();
    }
}
