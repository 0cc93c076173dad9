package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar ({@code target/leadjobs-reference-server.jar}, or the {@code leadjobs.jar} property that failsafe
 * sets), run as it ships: {@code java -jar} in a test's working directory, with a JWT secret, the data directory
 * inside the working directory and a free port on loopback. Starts one server at a time and kills it after each
 * test, as a JUnit extension: {@code @RegisterExtension final PackagedJar jar = new PackagedJar(() -> work);} with
 * the test's {@code @TempDir Path work}; {@link #stop()} ends it earlier, so that a test may start another. A real
 * HTTP client speaks to the server.
 */
final class PackagedJar implements AfterEachCallback {

    static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The line the command prints once the server accepts connections (a JSON log line never ends the host). */
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s\"]+):(\\d+)");

    final HttpClient http = HttpClient.newHttpClient();
    private final Supplier<Path> work;
    private final Map<String, String> env;
    private Process server;

    /**
     * The jar run in the directory {@code work} gives when a command is made (a test's {@code @TempDir} field, set
     * after the extension is made), with the usual environment and then {@code env} over it for every command.
     */
    PackagedJar(Supplier<Path> work, Map<String, String> env) {
        this.work = work;
        this.env = Map.copyOf(env);
    }

    PackagedJar(Supplier<Path> work) {
        this(work, Map.of());
    }

    /** {@code java -jar} the jar with {@code args}, in the working directory, with the environment. */
    ProcessBuilder command(String... args) {
        return command(Map.of(), args);
    }

    /** As {@link #command(String...)}, with {@code more} environment variables over the jar's own. */
    ProcessBuilder command(Map<String, String> more, String... args) {
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.get().toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.get().resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().putAll(env);
        builder.environment().putAll(more);
        return builder;
    }

    /** Runs a command to its end and returns what it wrote (both streams), checking its exit code. */
    static String run(ProcessBuilder builder, int expectedExit) throws Exception {
        Process p = builder.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    /** A token for {@code subject}, valid ten minutes, from the jar's {@code token} command. */
    String token(String subject) throws Exception {
        return token(Map.of(), subject);
    }

    /** As {@link #token(String)}, the command run with {@code more} environment variables. */
    String token(Map<String, String> more, String subject) throws Exception {
        Process p = command(more, "token", "--subject", subject, "--ttl", "10m")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the token command's exit code").isZero();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /**
     * Starts the server {@code builder} describes, its output (both streams) going to {@link #log()}, and waits until
     * it says where it listens.
     *
     * @return the base URL, {@code http://127.0.0.1:<port>}
     */
    String start(ProcessBuilder builder) throws IOException {
        server = builder.redirectErrorStream(true).redirectOutput(log().toFile()).start();
        return await().atMost(Duration.ofSeconds(60)).until(this::address, a -> !a.isEmpty());
    }

    /** The server last started. */
    Process server() {
        return server;
    }

    /** Where the server's output goes. */
    Path log() {
        return work.get().resolve("server.log");
    }

    private String address() throws IOException {
        if (!Files.exists(log())) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log()));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }

    /** A GET with the token, which must answer 200; its JSON body. */
    JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Uploads {@code csv} as a job named {@code name}, which must be accepted; its job id. */
    String submit(String base, String token, String name, String csv) throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=" + name))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return JSON.readTree(accepted.body()).get("jobId").asText();
    }

    /** Waits up to {@code atMost} for the job to complete; its status. */
    JsonNode awaitCompleted(String base, String token, String jobId, Duration atMost) {
        return await().atMost(atMost).until(() -> get(base + "/api/jobs/" + jobId, token),
                s -> s.get("status").asText().equals("completed"));
    }

    /** Kills the server, if one runs, before the test's working directory is deleted. */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        stop();
    }

    /**
     * Kills the server, if one runs, and waits up to 30 seconds for it to end, so that a test may start another;
     * whether no server runs any more.
     */
    boolean stop() throws InterruptedException {
        return server == null || !server.isAlive() || server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
}
