package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged reference server, started by the tool as a child process (or one already running): jobs go in
 * over {@code POST /api/jobs}; their state comes from {@code GET /api/jobs} a few times a second, and once a
 * job has ended, its end time from the "Job completed" entry of its recent logs.
 */
final class LeadjobsTarget implements Target {
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^\\s:/]+):(\\d+)");
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");
    private static final int START_SECONDS = 120;

    private final URI url;
    private final OptionalLong pid;
    private final Process process;
    private final Path log;
    private final ChildProcesses children;
    private final RestClient rest;
    private final List<byte[]> uploads;
    private final List<Integer> uploadRows;

    private LeadjobsTarget(URI url, OptionalLong pid, Process process, Path log, ChildProcesses children, String token,
                           List<byte[]> uploads, List<Integer> uploadRows) {
        this.url = url;
        this.pid = pid;
        this.process = process;
        this.log = log;
        this.children = children;
        this.rest = new RestClient(url, token);
        this.uploads = uploads;
        this.uploadRows = uploadRows;
    }

    /**
     * Starts the server jar with a fresh H2 data folder in {@code temp}, the given secret, port 0 on 127.0.0.1
     * and no connection or submission limits; waits for its "listening" line and {@code /health}.
     */
    static LeadjobsTarget start(JobsOptions options, Path temp, String secret, String token, List<byte[]> uploads,
                                List<Integer> uploadRows, ChildProcesses children) {
        Path jar = options.serverJar();
        if (!Files.isRegularFile(jar)) {
            throw new LoadToolException("The server jar " + jar.toAbsolutePath() + " does not exist; build it with "
                    + "mvn -B -q -DskipTests package -pl leadjobs-reference-server,examples/load-tool -am, or give --server-jar");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.serverHeap().ifPresent(heap -> command.add("-Xmx" + heap));
        command.addAll(options.serverJavaOptions());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = temp.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("LEADJOBS_")); // the caller's shell must not change the server measured
        env.put("LEADJOBS_JWT_SECRET", secret);
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("LEADJOBS_CONNECT_RATE", "0");
        env.put("LEADJOBS_SUBMIT_RATE", "0");
        env.put("LEADJOBS_DATA_DIR", temp.resolve("data").toString());
        env.putAll(options.serverEnv());
        System.out.println("Starting the reference server: " + String.join(" ", command));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LoadToolException("Could not start the reference server: " + e.getMessage(), e);
        }
        children.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        URI url = null;
        while (url == null) {
            Matcher listening = LISTENING.matcher(read(log));
            if (listening.find()) {
                url = URI.create("http://" + listening.group(1) + ":" + listening.group(2));
            } else if (!process.isAlive()) {
                throw new LoadToolException("The reference server ended with exit code " + process.exitValue()
                        + " before listening. The end of its log:\n" + tail(log, 40));
            } else if (System.nanoTime() > deadline) {
                throw new LoadToolException("The reference server did not say it was listening within " + START_SECONDS
                        + " s. The end of its log:\n" + tail(log, 40));
            } else {
                sleep(100);
            }
        }
        LeadjobsTarget target = new LeadjobsTarget(url, OptionalLong.of(process.pid()), process, log, children, token,
                uploads, uploadRows);
        while (!target.rest.healthy()) {
            target.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new LoadToolException("The reference server at " + url + " did not answer /health within "
                        + START_SECONDS + " s. The end of its log:\n" + tail(log, 40));
            }
            sleep(200);
        }
        System.out.println("Reference server pid " + process.pid() + " listening on " + url + " (log: " + log + ")");
        return target;
    }

    /** A server already running at {@code url}; its CPU, memory and heap only where {@code pid} is given. */
    static LeadjobsTarget attach(URI url, OptionalLong pid, String token, List<byte[]> uploads, List<Integer> uploadRows,
                                 ChildProcesses children) {
        LeadjobsTarget target = new LeadjobsTarget(url, pid, null, null, children, token, uploads, uploadRows);
        if (!target.rest.healthy()) {
            throw new LoadToolException("No leadjobs server answers " + url.resolve("/health"));
        }
        return target;
    }

    @Override
    public String name() {
        return "leadjobs";
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public OptionalLong pid() {
        return pid;
    }

    @Override
    public OptionalLong heapAfterGc() {
        return pid.isPresent() ? ProcessStats.liveHeapBytes(pid.getAsLong()) : OptionalLong.empty();
    }

    @Override
    public String heapMethod() {
        return "live objects after a full GC (jcmd GC.class_histogram)";
    }

    /** From {@code /metrics}; empty if the server does not answer it (an older or differently built server). */
    @Override
    public Optional<RunResult.FanOutFigures> fanOutCounters() {
        try {
            return Optional.of(fanOutCounters(rest.metrics()));
        } catch (LoadToolException e) {
            System.out.println("No fan-out counters: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The fan-out counters in a Prometheus text exposition: {@code leadjobs_updates_coalesced_total} and
     * {@code leadjobs_updates_dropped_total}, each summed over its series (0 when absent).
     */
    static RunResult.FanOutFigures fanOutCounters(String prometheus) {
        return new RunResult.FanOutFigures(counter(prometheus, "leadjobs_updates_coalesced_total"),
                counter(prometheus, "leadjobs_updates_dropped_total"));
    }

    private static long counter(String prometheus, String name) {
        double sum = 0;
        for (String line : prometheus.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            if (!rest.startsWith(" ") && !rest.startsWith("{")) {
                continue; // another metric whose name starts with this one
            }
            String value = rest.substring(rest.lastIndexOf('}') + 1).trim().split("\\s+")[0];
            try {
                sum += Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new LoadToolException("The server's /metrics line for " + name + " has no number: " + line);
            }
        }
        return Math.round(sum);
    }

    @Override
    public List<JobRun> startJobs() {
        double submittedAt = JobRun.nowMillis();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (int j = 0; j < uploads.size(); j++) {
            answers.add(rest.submit(uploads.get(j), "load-job-" + (j + 1)));
        }
        List<JobRun> jobs = new ArrayList<>();
        for (int j = 0; j < answers.size(); j++) {
            JsonNode answer;
            try {
                answer = answers.get(j).get(300, TimeUnit.SECONDS);
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new LoadToolException("Submitting job " + (j + 1) + " failed: " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw new LoadToolException("Submitting job " + (j + 1) + " got no answer within 300 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadToolException("Interrupted while submitting the jobs", e);
            }
            int leads = answer.path("total_leads").asInt(uploadRows.get(j));
            jobs.add(new JobRun(j, answer.path("jobId").asText(), leads, submittedAt, JobRun.nowMillis()));
        }
        return jobs;
    }

    @Override
    public void refresh(List<JobRun> jobs) {
        if (jobs.stream().allMatch(JobRun::ended)) {
            return;
        }
        Map<String, JsonNode> listed = rest.jobs();
        for (JobRun job : jobs) {
            JsonNode state = listed.get(job.id);
            if (job.ended() || state == null) {
                continue;
            }
            job.status = state.path("status").asText();
            if (ENDED.contains(job.status)) {
                job.endSeenAt = JobRun.nowMillis();
                JsonNode full = rest.job(job.id);
                job.finalSeq = full.path("seq").asLong(-1);
                job.errorMessage = full.path("error_message").asText("");
                JsonNode logs = full.path("recentLogs");
                for (JsonNode entry : logs) {
                    String message = entry.path("message").asText();
                    double at = JobRun.parseInstant(entry.path("timestamp").asText());
                    if (message.startsWith("Started")) {
                        job.startedLogAt = at;
                    } else if (message.startsWith("Job completed")) {
                        job.endedAt = at;
                    }
                }
                if (Double.isNaN(job.endedAt) && !logs.isEmpty()) { // failed or cancelled: its last entry says so
                    job.endedAt = JobRun.parseInstant(logs.get(logs.size() - 1).path("timestamp").asText());
                }
            }
        }
    }

    @Override
    public void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new LoadToolException("The reference server died (exit code " + process.exitValue()
                    + "). The end of its log:\n" + tail(log, 40));
        }
    }

    /** The last lines of the server's log, for a failure message; empty for a server the tool did not start. */
    String logTail(int lines) {
        return log == null ? "" : tail(log, lines);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            children.stop(process);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String tail(Path file, int lines) {
        String[] all = read(file).split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            out.append("  | ").append(all[i]).append('\n');
        }
        return out.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadToolException("Interrupted while waiting for the reference server", e);
        }
    }
}
