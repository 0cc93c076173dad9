package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The client processes of a run: {@code clients.mjs} in {@code --client-processes} Node processes, each owning
 * a contiguous share of the clients (global indices {@code first .. first + count - 1}) and opening them at its
 * share of the connection rate.
 */
final class NodeClients {
    private final List<JsonLinesProcess> processes;
    private final int[] first;
    private final int[] count;
    private final ChildProcesses children;

    private NodeClients(List<JsonLinesProcess> processes, int[] first, int[] count, ChildProcesses children) {
        this.processes = processes;
        this.first = first;
        this.count = count;
        this.children = children;
    }

    /** What the connection phase came to, over all processes. */
    record Connected(int connected, int failed, Map<String, Long> errors, double seconds) {
    }

    /**
     * The latest progress of all processes together; {@code pending} (clients still waiting for their job's terminal
     * update) and {@code recordersPending} (recording clients waiting for it) are -1 until every process has subscribed.
     */
    record Progress(int connected, long deliveries, int completes, int pending, int recordersPending) {
    }

    static NodeClients start(Path directory, int processCount, int clients, int heapMb, ChildProcesses children) {
        List<JsonLinesProcess> processes = new ArrayList<>();
        int[] first = new int[processCount];
        int[] count = new int[processCount];
        for (int p = 0; p < processCount; p++) {
            first[p] = (int) ((long) clients * p / processCount);
            count[p] = (int) ((long) clients * (p + 1) / processCount) - first[p];
            processes.add(JsonLinesProcess.start("node clients " + (p + 1),
                    List.of("node", "--max-old-space-size=" + heapMb, "clients.mjs"), directory, children));
        }
        for (JsonLinesProcess process : processes) {
            process.await("ready", Duration.ofSeconds(30));
        }
        return new NodeClients(processes, first, count, children);
    }

    /** Opens every client, paced at {@code ratePerSecond} in all; returns once each attempt has connected or failed. */
    Connected connect(URI url, String token, String transport, int ratePerSecond) {
        int total = count.length == 0 ? 0 : first[count.length - 1] + count[count.length - 1];
        for (int p = 0; p < processes.size(); p++) {
            double share = (double) ratePerSecond * count[p] / total;
            processes.get(p).send(Map.of("cmd", "connect", "url", url.toString(), "token", token, "transport", transport,
                    "first", first[p], "count", count[p], "rate", share));
        }
        Duration timeout = Duration.ofSeconds(total / Math.max(1, ratePerSecond) + 180L);
        int connected = 0;
        int failed = 0;
        double seconds = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (JsonLinesProcess process : processes) {
            JsonNode answer = process.await("connected", timeout);
            connected += answer.path("connected").asInt();
            failed += answer.path("failed").asInt();
            seconds = Math.max(seconds, answer.path("seconds").asDouble());
            answer.path("errors").fields().forEachRemaining(e -> errors.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        return new Connected(connected, failed, errors, seconds);
    }

    /** Has client {@code i} subscribe to {@code jobIds[i % jobIds.size()]}; does not wait for the answers. */
    void subscribe(List<String> jobIds, boolean record) {
        for (JsonLinesProcess process : processes) {
            process.send(Map.of("cmd", "subscribe", "jobIds", jobIds, "record", record));
        }
    }

    Progress progress() {
        int connected = 0;
        long deliveries = 0;
        int completes = 0;
        int pending = 0;
        int recordersPending = 0;
        for (JsonLinesProcess process : processes) {
            process.checkAlive();
            JsonNode latest = process.progress();
            connected += latest.path("connected").asInt();
            deliveries += latest.path("deliveries").asLong();
            completes += latest.path("completes").asInt();
            int waiting = latest.path("pending").asInt(-1);
            pending = pending < 0 || waiting < 0 ? -1 : pending + waiting;
            int recording = latest.path("recordersPending").asInt(-1);
            recordersPending = recordersPending < 0 || recording < 0 ? -1 : recordersPending + recording;
        }
        return new Progress(connected, deliveries, completes, pending, recordersPending);
    }

    /** CPU time of all client processes so far, in nanoseconds. */
    long cpuNanos() {
        long sum = 0;
        for (JsonLinesProcess process : processes) {
            sum += ProcessStats.cpu(process.process().pid()).map(Duration::toNanos).orElse(0L);
        }
        return sum;
    }

    /** The client processes' peak resident sizes added up. */
    OptionalLong peakRssBytes() {
        long sum = 0;
        for (JsonLinesProcess process : processes) {
            OptionalLong peak = ProcessStats.peakRssBytes(process.process().pid());
            if (peak.isEmpty()) {
                return peak;
            }
            sum += peak.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    int processCount() {
        return processes.size();
    }

    /** Every process's aggregate ({@code clients.mjs}'s report event). */
    List<JsonNode> reports() {
        for (JsonLinesProcess process : processes) {
            process.send(Map.of("cmd", "report"));
        }
        List<JsonNode> reports = new ArrayList<>();
        for (JsonLinesProcess process : processes) {
            reports.add(process.await("report", Duration.ofSeconds(120)));
        }
        return reports;
    }

    /** Every process's recordings: per job, the updates its first client on the job received ({@code recordings} event). */
    List<JsonNode> recordings() {
        for (JsonLinesProcess process : processes) {
            process.send(Map.of("cmd", "recordings"));
        }
        List<JsonNode> recordings = new ArrayList<>();
        for (JsonLinesProcess process : processes) {
            recordings.add(process.await("recordings", Duration.ofSeconds(120)));
        }
        return recordings;
    }

    /** Disconnects every client and ends the processes. */
    void close() {
        for (JsonLinesProcess process : processes) {
            if (process.process().isAlive()) {
                try {
                    process.send(Map.of("cmd", "close"));
                } catch (LoadToolException e) {
                    // it is stopped below in any case
                }
            }
        }
        for (JsonLinesProcess process : processes) {
            try {
                process.await("closed", Duration.ofSeconds(15));
            } catch (LoadToolException e) {
                // it is stopped below in any case
            }
            children.stop(process.process());
        }
    }
}
