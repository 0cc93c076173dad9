package io.leadjobs.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The npm {@code socket.io-client} 4.8 (driven by src/test/node/interop.mjs) against the server on embedded
 * Tomcat: auth refusal, connect with auth, acks both ways, binary, room broadcast, reconnect after a drop.
 * Needs Node.js and npm on the PATH (CI has them); runs {@code npm ci} when node_modules is missing.
 */
class NodeClientInteropTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node");

    private SocketIoServer io;
    private EmbeddedTomcat tomcat;

    @BeforeAll
    static void installClient() throws Exception {
        try {
            run(List.of("node", "--version"), Duration.ofSeconds(30));
            run(List.of("npm", "--version"), Duration.ofSeconds(30));
        } catch (IOException e) {
            fail("Node.js and npm must be on the PATH for the npm socket.io-client interop test: " + e.getMessage());
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("socket.io-client"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as("npm ci in %s:%n%s", NODE_DIR, install.output()).isZero();
        }
    }

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().build();
        Namespace main = io.mainNamespace();
        main.use(socket -> socket.handshake().authString("token").filter("secret"::equals).isPresent()
                ? Admission.accept() : Admission.refuse("Authentication failed: missing token"));
        main.onConnection(socket -> {
            socket.on("echo", (s, event) -> event.acknowledge(event.args().toArray()));
            socket.on("binary", (s, event) -> event.acknowledge(event.args().toArray()));
            socket.on("join", (s, event) -> {
                s.join(event.arg(0).orElseThrow().asText());
                event.acknowledge(Map.of("ok", true));
            });
            socket.on("broadcast", (s, event) ->
                    s.namespace().to(event.arg(0).orElseThrow().asText()).emit("news", event.arg(1).orElseThrow()));
            socket.on("ask-me", (s, event) -> s.emitWithAck("question", Duration.ofSeconds(10), "life")
                    .thenAccept(reply -> s.emit("answer-received", reply.get(0))));
            socket.on("drop-me", (s, event) -> s.connection().close());
        });
        tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping());
    }

    @AfterEach
    void stop() {
        io.close();
        tomcat.close();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "websocket"})
    void npmClientConnectsAcknowledgesBroadcastsAndReconnects(String transports) throws Exception {
        Result result = run(List.of("node", "interop.mjs", tomcat.httpUrl(), transports), Duration.ofSeconds(90));

        assertThat(result.exitCode()).as("node interop.mjs output:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("step: reconnect after the server drops the connection").endsWith("OK\n");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("leadjobs-node", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(NODE_DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeout + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
