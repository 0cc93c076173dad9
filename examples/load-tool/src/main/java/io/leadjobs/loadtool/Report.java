package io.leadjobs.loadtool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Prints one run's figures, or several side by side (leadjobs and the Node replays), as a plain table. */
final class Report {
    private static final int LABEL = 48;
    private static final int COLUMN = 36;
    private static final List<String> TYPES = List.of("progress", "log", "status", "complete", "error");

    private Report() {
    }

    static void print(List<RunResult> runs, PrintStream out) {
        Table table = new Table(runs, out);
        table.header();

        table.section("Clients");
        table.row("connected / requested", r -> count(r.clients().connected()) + " / " + count(r.clients().requested()));
        table.row("connect failures", r -> count(r.clients().connectFailed()) + tally(r.clients().connectErrors()));
        table.row("connecting took", r -> String.format(Locale.ROOT, "%.1f s", r.clients().connectSeconds()));
        table.row("subscribed (ack ok) / refused / no answer", r -> count(r.clients().subscribed()) + " / "
                + count(r.clients().subscribeRefused()) + " / " + count(r.clients().subscribeUnanswered()));
        table.row("job had ended before subscribing", r -> count(r.clients().endedBeforeSubscribing()));

        int jobCount = runs.get(0).jobs().size();
        for (int j = 0; j < jobCount; j++) {
            int index = j;
            RunResult.JobFigures first = runs.get(0).jobs().get(j);
            table.section(String.format(Locale.ROOT, "Job %d (%s, %,d leads)", j + 1, first.jobId(), first.leads()));
            table.row("status", r -> job(r, index).status());
            table.row("submit -> end (its 'Job completed' entry)", r -> seconds(job(r, index).submitToEndSeconds()));
            table.row("'Started' -> 'Job completed' entries", r -> seconds(job(r, index).startedToEndSeconds()));
            table.row("submit -> end seen over REST / replay", r -> seconds(job(r, index).endSeenAfterSeconds()));
            table.row("updates emitted (last seq)", r -> job(r, index).updatesEmitted() == null ? "n/a"
                    : count(job(r, index).updatesEmitted()));
            table.row("one client received, by type", r -> byType(job(r, index).receivedByType()));
            table.row("delivered to its subscribers", r -> percent(job(r, index).deliveredPercent()));
            table.row("terminal update <=1 s / <=2 s / in the wait", r -> completes(job(r, index).completion()));
            table.row("end -> client's terminal update, p99 / max", r -> delays(job(r, index).completion()));
        }

        table.section("All jobs");
        table.row("deliveries (job-update events received)", r -> count(r.deliveries().total()));
        table.row("deliveries per second", r -> String.format(Locale.ROOT, "%,.0f over %.1f s", r.deliveries().perSecond(),
                r.deliveries().seconds()));
        table.row("log latency p50 / p99 / max, all entries", r -> latency(r.logLatency()));
        table.row("  Started/Scored/Job completed entries", r -> latency(r.batchLogLatency()));
        table.row("terminal update <=1 s / <=2 s / in the wait", r -> completes(r.completion()));
        table.row("end -> terminal update, p99 / max", r -> delays(r.completion()));
        table.row("seq gaps: irregular updates / clients", r -> count(r.seq().irregularUpdates()) + " / "
                + count(r.seq().clientsAffected()));
        table.row("  skipped ahead / duplicate or older", r -> count(r.seq().ahead()) + " / " + count(r.seq().behind()));
        table.row("  updates before job-status / repeated status", r -> count(r.seq().updatesBeforeStatus()) + " / "
                + count(r.seq().repeatedStatuses()));
        table.row("  dropped log entries / notices (fell behind)", r -> count(r.seq().droppedLogEntries()) + " / "
                + count(r.seq().dropNotices()));
        table.row("server fan-out: progress coalesced / dropped", r -> r.serverFanOut() == null ? "not reported"
                : count(r.serverFanOut().progressCoalesced()) + " / " + count(r.serverFanOut().updatesDropped()));
        table.row("disconnects before the terminal update", r -> count(r.disconnectsBeforeComplete()));
        table.row("disconnect reasons", r -> r.disconnects().isEmpty() ? "none" : tally(r.disconnects()).trim());
        table.row("error events", r -> r.errorEvents().isEmpty() ? "none" : tally(r.errorEvents()).trim());

        table.section("Processes (CPU from submission to the end of the wait)");
        table.row("server CPU", r -> r.serverProcess().cpuSeconds() == null ? "n/a (no pid)"
                : String.format(Locale.ROOT, "%.1f s = %.2f cores over %.1f s", r.serverProcess().cpuSeconds(),
                        r.serverProcess().cores(), r.serverProcess().wallSeconds()));
        for (int i = 0; i < 5; i++) {
            int rank = i;
            table.row(i == 0 ? "server CPU by thread, busiest" : "", r -> threadGroup(r.serverProcess().threads(), rank));
        }
        table.row("server peak RSS", r -> mib(r.serverProcess().peakRssMiB()));
        table.row("server heap before / after connecting", r -> mib(r.serverProcess().heapBeforeMiB()) + " / "
                + mib(r.serverProcess().heapAfterMiB()));
        table.row("server heap per connection", r -> r.serverProcess().heapPerConnectionKiB() == null ? "n/a"
                : String.format(Locale.ROOT, "%.1f KiB", r.serverProcess().heapPerConnectionKiB()));
        table.row("client CPU (all Node processes)", r -> String.format(Locale.ROOT, "%.1f s = %.2f cores",
                r.clientProcesses().cpuSeconds(), r.clientProcesses().cores()));
        table.row("client peak RSS (added up)", r -> mib(r.clientProcesses().peakRssMiB()));

        out.println();
        out.println("Where the tail is: the updates with the most Started/Scored/Job completed entries past the run's p99");
        for (RunResult run : runs) {
            tail(run, out);
        }

        for (RunResult run : runs) {
            out.println();
            out.println("Heap (" + run.server() + "): " + run.serverProcess().heapMethod());
            for (String problem : run.problems()) {
                out.println("PROBLEM (" + run.server() + "): " + problem);
            }
        }
    }

    /**
     * {@code leadjobs, p99 90.1 ms: job 1 seq 7 "Scored leads 1-50 of 19841: 33 high score": 422 of 500 past it, p50
     * 122 ms, max 169 ms}, one line per update.
     */
    private static void tail(RunResult run, PrintStream out) {
        RunResult.Tail tail = run.batchLogTail();
        String head = String.format(Locale.ROOT, "  %s, p99 %s ms: ", run.server(), millis(tail.p99Ms()));
        if (tail.slowest().isEmpty()) {
            out.println(head + "no entries");
            return;
        }
        String indent = " ".repeat(head.length());
        for (int i = 0; i < tail.slowest().size(); i++) {
            RunResult.TailUpdate u = tail.slowest().get(i);
            out.println((i == 0 ? head : indent) + String.format(Locale.ROOT,
                    "job %d seq %d \"%s\": %s of %s past it, p50 %s ms, max %s ms", u.job(), u.seq(), u.message(),
                    count(u.pastP99()), count(u.samples()), millis(u.p50Ms()), millis(u.maxMs())));
        }
    }

    /** {@code leadjobs-deliver x2  12.3 s, busiest thread 0.31 cores}: the rank-th kind of thread by CPU. */
    private static String threadGroup(List<ProcessStats.ThreadGroupCpu> groups, int rank) {
        if (groups == null || rank >= groups.size()) {
            return "";
        }
        ProcessStats.ThreadGroupCpu g = groups.get(rank);
        return String.format(Locale.ROOT, "%s x%d  %.1f s, busiest thread %.2f cores", g.name(), g.threads(),
                g.cpuSeconds(), g.busiestThreadCores());
    }

    private static RunResult.JobFigures job(RunResult run, int index) {
        return run.jobs().get(index);
    }

    private static String latency(RunResult.Latency l) {
        return String.format(Locale.ROOT, "%s / %s / %s ms (%s)", millis(l.p50Ms()), millis(l.p99Ms()), millis(l.maxMs()),
                count(l.count()));
    }

    private static String completes(RunResult.Completion c) {
        return count(c.within1s()) + " / " + count(c.within2s()) + " / " + count(c.atAll()) + " of " + count(c.clients());
    }

    private static String delays(RunResult.Completion c) {
        return c.endToLastMs() == null ? "n/a" : millis(c.endToP99Ms()) + " / " + millis(c.endToLastMs()) + " ms";
    }

    private static String byType(Map<String, Long> types) {
        if (types.isEmpty()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        for (String type : TYPES) {
            if (types.containsKey(type)) {
                parts.add(count(types.get(type)) + " " + type);
            }
        }
        types.forEach((type, n) -> {
            if (!TYPES.contains(type)) {
                parts.add(count(n) + " " + type);
            }
        });
        return String.join(", ", parts);
    }

    private static String tally(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((what, n) -> parts.add(what + ": " + count(n)));
        return " (" + String.join("; ", parts) + ")";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String seconds(Double s) {
        return s == null ? "n/a" : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String millis(Double ms) {
        return ms == null ? "n/a" : String.format(Locale.ROOT, ms >= 100 ? "%,.0f" : "%.1f", ms);
    }

    private static String mib(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%,.1f MiB", value);
    }

    private static String percent(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f %%", value);
    }

    /** Rows of a label and one cell per run; a cell too wide for its column takes the rest of the line. */
    private record Table(List<RunResult> runs, PrintStream out) {

        void header() {
            StringBuilder line = new StringBuilder(pad("", LABEL));
            for (RunResult run : runs) {
                line.append(pad(run.server() + " (" + run.transport() + ")", COLUMN));
            }
            out.println(line.toString().stripTrailing());
        }

        void section(String title) {
            out.println();
            out.println(title);
        }

        void row(String label, Function<RunResult, String> cell) {
            StringBuilder line = new StringBuilder(pad("  " + label, LABEL));
            for (RunResult run : runs) {
                String value;
                try {
                    value = cell.apply(run);
                } catch (IndexOutOfBoundsException e) {
                    value = "n/a";
                }
                line.append(runs.size() == 1 ? value : pad(value, COLUMN));
            }
            out.println(line.toString().stripTrailing());
        }

        private static String pad(String text, int width) {
            return text.length() >= width ? text + "  " : text + " ".repeat(width - text.length());
        }
    }
}
