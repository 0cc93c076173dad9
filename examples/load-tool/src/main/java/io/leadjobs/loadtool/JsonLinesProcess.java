package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process (the Node scripts) spoken to in JSON lines: commands on its stdin, events on its stdout
 * ({@code {"event": name, ...}}), its stderr passed through. {@code progress} events only replace the latest
 * one; every other event waits in a queue of its name for {@link #await}. A {@code fatal} event, or the
 * process ending, fails every later wait with what is known.
 */
final class JsonLinesProcess {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final Map<String, BlockingQueue<JsonNode>> events = new ConcurrentHashMap<>();
    private volatile JsonNode progress;
    private volatile String fatal;
    private volatile boolean ended;

    private JsonLinesProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "load-tool-" + name.replace(' ', '-'));
        reader.setDaemon(true);
        reader.start();
    }

    static JsonLinesProcess start(String name, List<String> command, Path directory, ChildProcesses children) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            children.add(process);
            return new JsonLinesProcess(name, process);
        } catch (IOException e) {
            throw new LoadToolException("Could not start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("{")) {
                    System.err.println("  [" + name + "] " + line);
                    continue;
                }
                JsonNode event = JSON.readTree(line);
                String type = event.path("event").asText();
                switch (type) {
                    case "progress" -> progress = event;
                    case "fatal" -> {
                        fatal = event.path("message").asText();
                        System.err.println("  [" + name + "] " + fatal);
                    }
                    default -> queue(type).add(event);
                }
            }
        } catch (IOException e) {
            fatal = "reading its output failed: " + e.getMessage();
        } finally {
            ended = true;
        }
    }

    private BlockingQueue<JsonNode> queue(String event) {
        return events.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    /** The latest {@code progress} event, or an empty object before the first. */
    JsonNode progress() {
        JsonNode latest = progress;
        return latest == null ? JSON.createObjectNode() : latest;
    }

    synchronized void send(Map<String, ?> command) {
        try {
            stdin.write(JSON.writeValueAsString(command));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new LoadToolException(name + " no longer takes commands (" + describeEnd() + "): " + e.getMessage(), e);
        }
    }

    /** The next event called {@code event}; fails if it does not come within {@code timeout} or the process ends. */
    JsonNode await(String event, Duration timeout) {
        BlockingQueue<JsonNode> queue = queue(event);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return next;
                }
                if (fatal != null) {
                    throw new LoadToolException(name + " failed: " + fatal);
                }
                if (ended) {
                    next = queue.poll();
                    if (next != null) {
                        return next;
                    }
                    throw new LoadToolException(name + " ended before it sent '" + event + "' (" + describeEnd() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new LoadToolException(name + " did not send '" + event + "' within " + timeout.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadToolException("Interrupted while waiting for " + name + " to send '" + event + "'", e);
        }
    }

    /** The next event called {@code event} if one has come, else null (without waiting). */
    JsonNode poll(String event) {
        return queue(event).poll();
    }

    /** Fails with what is known if the process has ended or reported a fatal error. */
    void checkAlive() {
        if (fatal != null) {
            throw new LoadToolException(name + " failed: " + fatal);
        }
        if (ended) {
            throw new LoadToolException(name + " ended unexpectedly (" + describeEnd() + ")");
        }
    }

    private String describeEnd() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "exit code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }
}
