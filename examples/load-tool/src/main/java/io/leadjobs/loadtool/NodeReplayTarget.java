package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The comparison: {@code node-server.mjs}, a minimal socket.io 4.8 server replaying the update streams recorded
 * in the leadjobs run (see {@link Replay}). "Starting" the jobs starts the replay; a job ends when the server
 * has sent its "Job completed" log entry, and it says so on its stdout.
 *
 * <p>With a server {@code beside}, the same jobs run on a fresh leadjobs server at the same time, watched by
 * nobody: the Node server then delivers with the pipeline's CPU use beside it, as leadjobs does.
 */
final class NodeReplayTarget implements Target {
    private final JsonLinesProcess server;
    private final URI url;
    private final Replay replay;
    private final ChildProcesses children;
    private final Optional<Target> beside;

    private NodeReplayTarget(JsonLinesProcess server, URI url, Replay replay, ChildProcesses children,
                             Optional<Target> beside) {
        this.server = server;
        this.url = url;
        this.replay = replay;
        this.children = children;
        this.beside = beside;
    }

    /**
     * @param beside a leadjobs server that runs the same jobs, unwatched, while the Node server replays them;
     *               empty: the Node server has the machine to itself. It is closed with this target.
     */
    static NodeReplayTarget start(Path nodeDirectory, Replay replay, Path replayFile, int heapMb, ChildProcesses children,
                                  Optional<Target> beside) {
        JsonLinesProcess server = JsonLinesProcess.start("node socket.io server",
                List.of("node", "--expose-gc", "--max-old-space-size=" + heapMb, "node-server.mjs"), nodeDirectory, children);
        JsonNode listening = server.await("listening", Duration.ofSeconds(30));
        URI url = URI.create("http://127.0.0.1:" + listening.path("port").asInt());
        server.send(Map.of("cmd", "load", "file", replayFile.toAbsolutePath().toString()));
        JsonNode loaded = server.await("loaded", Duration.ofSeconds(120));
        System.out.printf("Node socket.io server (%s) pid %d listening on %s, replaying %d updates of %d jobs%n",
                listening.path("node").asText(), server.process().pid(), url, loaded.path("updates").asLong(),
                loaded.path("jobs").asInt());
        return new NodeReplayTarget(server, url, replay, children, beside);
    }

    @Override
    public String name() {
        return beside.isPresent() ? "node socket.io, pipeline beside" : "node socket.io, alone";
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(server.process().pid());
    }

    @Override
    public OptionalLong heapAfterGc() {
        server.send(Map.of("cmd", "heap"));
        JsonNode heap = server.await("heap", Duration.ofSeconds(60));
        return OptionalLong.of(heap.path("heapUsed").asLong() + heap.path("external").asLong());
    }

    @Override
    public String heapMethod() {
        return "V8 heapUsed + external after gc()";
    }

    @Override
    public List<JobRun> startJobs() {
        beside.ifPresent(Target::startJobs);
        double startedAt = JobRun.nowMillis();
        server.send(Map.of("cmd", "start"));
        server.await("started", Duration.ofSeconds(30));
        double answeredAt = JobRun.nowMillis();
        List<JobRun> jobs = new ArrayList<>();
        for (Replay.Job job : replay.jobs()) {
            jobs.add(new JobRun(jobs.size(), job.jobId(), job.leads(), startedAt, answeredAt));
        }
        return jobs;
    }

    @Override
    public void refresh(List<JobRun> jobs) {
        for (JsonNode end = server.poll("job-end"); end != null; end = server.poll("job-end")) {
            for (JobRun job : jobs) {
                if (job.id.equals(end.path("jobId").asText())) {
                    job.endedAt = JobRun.parseInstant(end.path("at").asText());
                }
            }
        }
        for (JsonNode done = server.poll("job-done"); done != null; done = server.poll("job-done")) {
            for (JobRun job : jobs) {
                if (job.id.equals(done.path("jobId").asText())) {
                    job.endSeenAt = JobRun.nowMillis();
                    String type = done.path("type").asText();
                    job.truncated = type.equals("truncated");
                    job.status = switch (type) {
                        case "complete" -> "completed";
                        case "truncated" -> "truncated";
                        default -> "failed";
                    };
                    replay.job(job.id).ifPresent(recorded -> job.finalSeq = recorded.finalSeq());
                }
            }
        }
    }

    @Override
    public void checkAlive() {
        server.checkAlive();
        beside.ifPresent(Target::checkAlive);
    }

    @Override
    public void close() {
        if (server.process().isAlive()) {
            try {
                server.send(Map.of("cmd", "close"));
                server.await("closed", Duration.ofSeconds(10));
            } catch (LoadToolException e) {
                // stopped below in any case
            }
            children.stop(server.process());
        }
        beside.ifPresent(Target::close);
    }
}
