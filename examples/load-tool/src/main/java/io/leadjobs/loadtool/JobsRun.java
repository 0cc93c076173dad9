package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.server.SampleLeads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The {@code jobs} mode: real jobs on the reference server, watched by stock npm socket.io-client connections.
 *
 * <ol>
 * <li>starts the server jar (or attaches to a running server) and measures its heap after a full GC;</li>
 * <li>starts the Node client processes and opens every connection, paced; measures the heap again;</li>
 * <li>submits every job at once over REST and has each client subscribe to its job right away;</li>
 * <li>polls the REST API until every job has ended, then waits for every client's {@code complete};</li>
 * <li>collects the client processes' aggregates and reports; with {@code --compare-node}, does the same against
 *     a Node socket.io server replaying the recorded update streams, alone and with the same jobs running unwatched
 *     on a fresh reference server beside it.</li>
 * </ol>
 */
final class JobsRun {
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final JobsOptions options;
    private final ChildProcesses children = new ChildProcesses().install();
    private Path nodeDirectory;
    private String token;

    JobsRun(JobsOptions options) {
        this.options = options;
    }

    /** A measured run: its figures, its jobs and, when asked for, the recorded update streams (for the replay). */
    private record Measured(RunResult result, List<JobRun> jobs, List<JsonNode> recordings, boolean failed) {
    }

    int run() {
        try {
            return measureAll();
        } finally {
            children.stopAll();
        }
    }

    private int measureAll() {
        nodeDirectory = Locations.nodeDirectory();
        Locations.prepareNode(nodeDirectory);
        Path temp = createTemp();
        String secret = options.secret().orElseGet(JobsRun::randomSecret);
        token = LoadTool.token(secret, options.user(), Duration.ofHours(24));
        List<byte[]> uploads = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int j = 0; j < options.jobs(); j++) {
            byte[] csv = SampleLeads.generate(options.leads(), options.companies(), options.seed() + j);
            if (csv.length > options.maxUploadBytes()) {
                throw new LoadToolException(String.format(Locale.ROOT, "%,d leads make a %,d-byte CSV, over the server's "
                        + "upload limit of %,d bytes; use fewer --leads or raise it with --server-env LEADJOBS_MAX_UPLOAD_BYTES=N",
                        options.leads(), csv.length, options.maxUploadBytes()));
            }
            uploads.add(csv);
            rows.add(options.leads());
        }
        warnAboutOpenFiles();
        String loadBefore = ProcessStats.loadAverage();
        Instant startedAt = Instant.now();
        System.out.printf(Locale.ROOT, "leadjobs load tool, jobs mode: %,d clients (%s, %d Node processes), %d jobs of %,d leads "
                        + "(%,d bytes of CSV each), %d cores, load average %s%n", options.clients(), options.transport(),
                options.clientProcesses(), options.jobs(), options.leads(), uploads.get(0).length,
                Runtime.getRuntime().availableProcessors(), loadBefore);

        List<RunResult> results = new ArrayList<>();
        boolean failed;
        Target leadjobs = leadjobsTarget(temp, secret, uploads, rows);
        Measured first;
        try {
            warmUp(leadjobs);
            first = measure(leadjobs, options.compareNode());
        } finally {
            leadjobs.close();
        }
        results.add(first.result());
        failed = first.failed();

        if (options.compareNode()) {
            Replay replay = Replay.of(first.jobs(), first.recordings());
            Path replayFile = temp.resolve("replay.json");
            replay.write(replayFile);
            for (boolean withPipeline : new boolean[] {false, true}) {
                Optional<Target> beside = withPipeline
                        ? Optional.of(leadjobsTarget(createDirectory(temp.resolve("beside")), secret, uploads, rows))
                        : Optional.empty();
                Target node;
                try {
                    beside.ifPresent(this::warmUp);
                    node = NodeReplayTarget.start(nodeDirectory, replay, replayFile, options.clientHeapMb(), children, beside);
                } catch (RuntimeException e) {
                    beside.ifPresent(Target::close);
                    throw e;
                }
                try {
                    Measured next = measure(node, false);
                    results.add(next.result());
                    failed |= next.failed();
                } finally {
                    node.close();
                }
            }
        }

        String loadAfter = ProcessStats.loadAverage();
        System.out.println();
        Report.print(results, System.out);
        System.out.printf("%nLoad average before %s, after %s%n", loadBefore, loadAfter);
        if (options.json().isPresent()) {
            writeJson(options.json().get(), startedAt, loadBefore, loadAfter, results);
        }
        if (options.keepTemp()) {
            System.out.println("Kept " + temp + " (server log, data, replay)");
        }
        return failed ? 1 : 0;
    }

    /** The reference server: started with its data and log in {@code folder}, or the running one of --server-url. */
    private Target leadjobsTarget(Path folder, String secret, List<byte[]> uploads, List<Integer> rows) {
        return options.serverUrl().isPresent()
                ? LeadjobsTarget.attach(options.serverUrl().get(), options.serverPid(), token, uploads, rows, children)
                : LeadjobsTarget.start(options, folder, secret, token, uploads, rows, children);
    }

    /** Runs --warmup rounds of the jobs on the server, unwatched, each to its end. */
    private void warmUp(Target target) {
        for (int round = 1; round <= options.warmupRounds(); round++) {
            long start = System.nanoTime();
            List<JobRun> jobs = target.startJobs();
            long deadline = start + Duration.ofSeconds(options.jobTimeoutSeconds()).toNanos();
            while (!jobs.stream().allMatch(JobRun::ended)) {
                target.checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new LoadToolException("The warm-up jobs did not end within --job-timeout " + options.jobTimeoutSeconds() + " s");
                }
                pause(250);
                try {
                    target.refresh(jobs);
                } catch (LoadToolException e) { // a busy server may answer slowly for a while: keep asking
                }
            }
            System.out.printf(Locale.ROOT, "Warm-up round %d of %d: %d jobs ended in %.1f s%n", round, options.warmupRounds(),
                    jobs.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    private Measured measure(Target target, boolean record) {
        System.out.printf(Locale.ROOT, "%n== %s at %s%n", target.name(), target.url());
        List<String> problems = new ArrayList<>();
        OptionalLong heapBefore = target.heapAfterGc();
        NodeClients clients = NodeClients.start(nodeDirectory, options.clientProcesses(), options.clients(),
                options.clientHeapMb(), children);
        try {
            System.out.printf(Locale.ROOT, "Connecting %,d clients at %,d per second...%n", options.clients(), options.connectRate());
            NodeClients.Connected connected = clients.connect(target.url(), token, options.transport(), options.connectRate());
            System.out.printf(Locale.ROOT, "Connected %,d of %,d in %.1f s (%,d failed%s)%n", connected.connected(),
                    options.clients(), connected.seconds(), connected.failed(),
                    connected.errors().isEmpty() ? "" : ": " + connected.errors());
            target.checkAlive();
            OptionalLong heapAfter = target.heapAfterGc();

            long serverCpuBefore = cpuNanos(target);
            Map<Long, ProcessStats.ThreadTicks> threadsBefore = target.pid().isPresent()
                    ? ProcessStats.threadTicks(target.pid().getAsLong()) : Map.of();
            long clientCpuBefore = clients.cpuNanos();
            long wallStart = System.nanoTime();
            Optional<RunResult.FanOutFigures> fanOutBefore = target.fanOutCounters();
            List<JobRun> jobs = target.startJobs();
            clients.subscribe(jobs.stream().map(job -> job.id).toList(), record);
            System.out.printf(Locale.ROOT, "Submitted %d jobs (%s); clients subscribing%n", jobs.size(),
                    String.join(", ", jobs.stream().map(job -> job.id.substring(0, Math.min(8, job.id.length()))).toList()));

            awaitEnds(target, clients, jobs, wallStart, problems);
            awaitCompletes(target, clients, jobs, wallStart, problems);

            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            RunResult.FanOutFigures fanOut = fanOutBefore.isEmpty() ? null : target.fanOutCounters()
                    .map(after -> new RunResult.FanOutFigures(after.progressCoalesced() - fanOutBefore.get().progressCoalesced(),
                            after.updatesDropped() - fanOutBefore.get().updatesDropped()))
                    .orElse(null);
            long serverCpu = cpuNanos(target) - serverCpuBefore;
            List<ProcessStats.ThreadGroupCpu> threadGroups = target.pid().isPresent()
                    ? ProcessStats.threadGroups(threadsBefore, ProcessStats.threadTicks(target.pid().getAsLong()), wallSeconds)
                    : List.of();
            long clientCpu = clients.cpuNanos() - clientCpuBefore;
            OptionalLong serverPeak = target.pid().isPresent()
                    ? ProcessStats.peakRssBytes(target.pid().getAsLong()) : OptionalLong.empty();
            OptionalLong clientPeak = clients.peakRssBytes();
            List<JsonNode> reports = clients.reports();

            List<JsonNode> recordings = record ? awaitRecordings(clients, wallStart) : List.of();

            for (JobRun job : jobs) {
                if (job.truncated) {
                    problems.add("The replay of job " + job.id + " ends at its last recorded update: the leadjobs run's "
                            + "recording clients had not received its complete when the tool stopped waiting, so the "
                            + "Node server sent no complete for it");
                } else if (job.ended() && !job.status.equals("completed")) {
                    problems.add("Job " + job.id + " ended " + job.status
                            + (job.errorMessage.isEmpty() ? "" : ": " + job.errorMessage));
                }
            }
            RunResult.Clients clientFigures = Figures.clients(options.clients(), connected, reports);
            double waitMillis = options.completeWaitSeconds() * 1000.0;
            RunResult.Completion completion = Figures.completion(jobs, reports, waitMillis);
            if (completion.atAll() < completion.clients()) {
                problems.add(String.format(Locale.ROOT, "%,d of %,d subscribed clients did not get their job's terminal update "
                        + "within %d s of its end", completion.clients() - completion.atAll(), completion.clients(),
                        options.completeWaitSeconds()));
            }
            int connections = connected.connected();
            Double perConnection = heapBefore.isPresent() && heapAfter.isPresent() && connections > 0
                    ? Figures.round((heapAfter.getAsLong() - heapBefore.getAsLong()) / 1024.0 / connections, 1) : null;
            boolean cpuKnown = target.pid().isPresent();
            RunResult.ServerFigures server = new RunResult.ServerFigures(
                    target.pid().isPresent() ? target.pid().getAsLong() : null,
                    cpuKnown ? Figures.round(serverCpu / 1e9, 2) : null, Figures.round(wallSeconds, 2),
                    cpuKnown ? Figures.round(serverCpu / 1e9 / wallSeconds, 2) : null,
                    serverPeak.isPresent() ? Figures.mib(serverPeak.getAsLong()) : null,
                    heapBefore.isPresent() ? Figures.mib(heapBefore.getAsLong()) : null,
                    heapAfter.isPresent() ? Figures.mib(heapAfter.getAsLong()) : null,
                    connections, perConnection, target.heapMethod(), threadGroups);
            RunResult.ClientFigures clientProcesses = new RunResult.ClientFigures(clients.processCount(),
                    Figures.round(clientCpu / 1e9, 2), Figures.round(clientCpu / 1e9 / wallSeconds, 2),
                    clientPeak.isPresent() ? Figures.mib(clientPeak.getAsLong()) : null);
            RunResult result = new RunResult(target.name(), target.url().toString(), options.transport(), clientFigures,
                    Figures.jobs(jobs, reports, waitMillis), Figures.deliveries(jobs, reports), Figures.latency(reports, "latency"),
                    Figures.latency(reports, "batchLatency"), Figures.tail(reports, jobs), completion,
                    Figures.seq(reports), fanOut, Figures.tally(reports, "disconnects"), Figures.sum(reports, "disconnectsAfterSubscribe"),
                    Figures.tally(reports, "errorEvents"), server, clientProcesses, problems);
            boolean failed = jobs.stream().anyMatch(job -> !job.status.equals("completed") && !job.truncated);
            return new Measured(result, jobs, recordings, failed);
        } finally {
            clients.close();
        }
    }

    /** Polls until every job has ended, or fails the run's figures after --job-timeout. */
    private void awaitEnds(Target target, NodeClients clients, List<JobRun> jobs, long wallStart, List<String> problems) {
        long deadline = wallStart + Duration.ofSeconds(options.jobTimeoutSeconds()).toNanos();
        long nextPrint = System.nanoTime() + PROGRESS_EVERY_NANOS;
        int refreshFailures = 0;
        while (true) {
            target.checkAlive();
            try {
                target.refresh(jobs);
            } catch (LoadToolException e) { // a busy server may answer slowly or not at all for a while: keep asking
                if (refreshFailures++ == 0) {
                    System.out.println("  (asking the server for the jobs' state failed, will keep asking: " + e.getMessage() + ")");
                }
            }
            NodeClients.Progress progress = clients.progress();
            long ended = jobs.stream().filter(JobRun::ended).count();
            if (ended == jobs.size()) {
                printProgress(wallStart, jobs, progress);
                return;
            }
            if (System.nanoTime() > deadline) {
                problems.add(String.format(Locale.ROOT, "%d of %d jobs did not end within --job-timeout %d s",
                        jobs.size() - ended, jobs.size(), options.jobTimeoutSeconds()));
                return;
            }
            if (System.nanoTime() > nextPrint) {
                printProgress(wallStart, jobs, progress);
                nextPrint += PROGRESS_EVERY_NANOS;
            }
            pause(250);
        }
    }

    /** Waits until no subscribed client is still waiting for its job's terminal update, up to --complete-wait after the last end. */
    private void awaitCompletes(Target target, NodeClients clients, List<JobRun> jobs, long wallStart, List<String> problems) {
        if (!jobs.stream().allMatch(JobRun::ended)) {
            return;
        }
        double lastEnd = jobs.stream().mapToDouble(Figures::end).max().orElse(JobRun.nowMillis());
        double deadline = lastEnd + options.completeWaitSeconds() * 1000.0;
        long nextPrint = System.nanoTime() + PROGRESS_EVERY_NANOS;
        while (true) {
            NodeClients.Progress progress = clients.progress();
            if (progress.pending() == 0) {
                printProgress(wallStart, jobs, progress);
                return;
            }
            if (JobRun.nowMillis() > deadline) {
                System.out.printf(Locale.ROOT, "Stopped waiting: %,d clients still without their job's terminal update "
                        + "%d s after the last job's end%n", progress.pending(), options.completeWaitSeconds());
                return;
            }
            target.checkAlive();
            if (System.nanoTime() > nextPrint) {
                printProgress(wallStart, jobs, progress);
                nextPrint += PROGRESS_EVERY_NANOS;
            }
            pause(100);
        }
    }

    /**
     * After the figures are taken: the clients that record the streams for the replay may still be behind (the
     * server lagging); waits for them until --job-timeout after the submission, then takes the recordings.
     */
    private List<JsonNode> awaitRecordings(NodeClients clients, long wallStart) {
        long deadline = wallStart + Duration.ofSeconds(options.jobTimeoutSeconds()).toNanos();
        NodeClients.Progress progress = clients.progress();
        if (progress.recordersPending() > 0) {
            System.out.printf(Locale.ROOT, "Figures taken. For the replay, waiting (until --job-timeout) for the %d recording "
                    + "clients that have not yet received their job's end%n", progress.recordersPending());
        }
        long nextPrint = System.nanoTime() + PROGRESS_EVERY_NANOS;
        while (progress.recordersPending() > 0 && System.nanoTime() < deadline) {
            if (System.nanoTime() > nextPrint) {
                System.out.printf(Locale.ROOT, "  %5.1f s: %,d deliveries, %,d of %,d clients have the terminal update, "
                                + "%d recording clients still waiting%n", (System.nanoTime() - wallStart) / 1e9,
                        progress.deliveries(), progress.completes(), progress.connected(), progress.recordersPending());
                nextPrint += PROGRESS_EVERY_NANOS;
            }
            pause(200);
            progress = clients.progress();
        }
        return clients.recordings();
    }

    private void printProgress(long wallStart, List<JobRun> jobs, NodeClients.Progress progress) {
        System.out.printf(Locale.ROOT, "  %5.1f s: %d of %d jobs ended, %,d deliveries, %,d of %,d clients have the terminal update%n",
                (System.nanoTime() - wallStart) / 1e9, jobs.stream().filter(JobRun::ended).count(), jobs.size(),
                progress.deliveries(), progress.completes(), progress.connected());
    }

    /**
     * The server holds a descriptor per WebSocket connection (long-polling: up to two sockets), and inherits this
     * process's limit; so do the client processes.
     */
    private void warnAboutOpenFiles() {
        OptionalLong limit = ProcessStats.openFilesLimit();
        long needed = (options.transport().equals("websocket") ? 1L : 2L) * options.clients() + 500;
        if (limit.isPresent() && limit.getAsLong() < needed) {
            System.out.printf(Locale.ROOT, "WARNING: open files are limited to %,d (ulimit -n), and %,d clients need about %,d "
                    + "in the server; connections over the limit will fail. Raise it in this shell first: ulimit -n %d%n",
                    limit.getAsLong(), options.clients(), needed, Math.max(65536, needed));
        }
    }

    private static long cpuNanos(Target target) {
        return target.pid().isPresent()
                ? ProcessStats.cpu(target.pid().getAsLong()).map(Duration::toNanos).orElse(0L) : 0L;
    }

    private Path createTemp() {
        try {
            Path temp = Files.createTempDirectory("leadjobs-load-jobs-");
            if (!options.keepTemp()) {
                children.onExit(() -> delete(temp));
            }
            return temp;
        } catch (IOException e) {
            throw new LoadToolException("Could not create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static Path createDirectory(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new LoadToolException("Could not create " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + folder + ": " + e.getMessage());
        }
    }

    private void writeJson(Path file, Instant startedAt, String loadBefore, String loadAfter, List<RunResult> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "leadjobs-load-tool jobs");
        root.put("startedAt", startedAt.toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAfter);
        root.put("machine", machine);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clients", options.clients());
        settings.put("jobs", options.jobs());
        settings.put("leads", options.leads());
        settings.put("clientProcesses", options.clientProcesses());
        settings.put("transport", options.transport());
        settings.put("connectRate", options.connectRate());
        settings.put("completeWaitSeconds", options.completeWaitSeconds());
        settings.put("serverHeap", options.serverHeap().orElse(null));
        settings.put("serverJavaOptions", options.serverJavaOptions());
        settings.put("serverEnv", options.serverEnv().keySet()); // names only: values may be passwords
        settings.put("serverUrl", options.serverUrl().map(Object::toString).orElse(null));
        settings.put("seed", options.seed());
        settings.put("companies", options.companies());
        settings.put("compareNode", options.compareNode());
        settings.put("warmupRounds", options.warmupRounds());
        root.put("options", settings);
        root.put("runs", results);
        try {
            JsonLinesProcess.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            System.out.println("Wrote " + file);
        } catch (IOException e) {
            throw new LoadToolException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadToolException("Interrupted", e);
        }
    }
}
