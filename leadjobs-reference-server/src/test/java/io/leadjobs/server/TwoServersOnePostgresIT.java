package io.leadjobs.server;

import io.leadjobs.core.testing.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster issue's "done when": two reference-server processes (the shaded jar) on one fresh PostgreSQL
 * database with one JWT secret. A real Socket.IO client on the server that does not process the job follows
 * every update of it in {@code seq} order; the processing server is killed with SIGKILL mid-job; the other
 * takes the job over when the lease (2 s here) runs out, and the client sees it complete, with every lead in
 * the results exactly once. Runs in the failsafe {@code integration-test} phase, after the jar is built.
 */
class TwoServersOnePostgresIT {
    private static final String SECRET = "cluster-test-secret-" + UUID.randomUUID();
    private static final int LEADS = 3_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String database = "leadjobs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void createDatabase() throws SQLException {
        sql("postgres", "CREATE DATABASE " + database);
    }

    @AfterEach
    void stopEverything() throws Exception {
        sockets.forEach(Socket::close);
        for (ServerProcess s : servers) {
            s.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void aClientOnOneServerFollowsAJobThatTheOtherServerProcessesThroughItsCrashAndTheTakeover() throws Exception {
        ServerProcess one = start("one");
        ServerProcess two = start("two");
        String token = token("alice");

        Watcher onOne = connect(one, token);
        Watcher onTwo = connect(two, token);
        UUID jobId = submit(one, token);
        onOne.subscribe(jobId);
        onTwo.subscribe(jobId);

        await().atMost(WAIT).until(() -> one.logged("Job " + jobId + " started") || two.logged("Job " + jobId + " started"));
        ServerProcess b = one.logged("Job " + jobId + " started") ? one : two;
        ServerProcess a = b == one ? two : one;
        Watcher client = b == one ? onTwo : onOne;

        // mid-job: the client on A has seen B's progress, and the job is not finished
        await().atMost(WAIT).until(() -> client.progress() >= 10);
        List<Long> seenBeforeKill = client.updateSeqs(); // one snapshot: updates keep arriving while we read it
        client.seqAtKill = seenBeforeKill.get(seenBeforeKill.size() - 1);
        b.kill();
        assertThat(client.sawComplete()).as("the job finished before server B was killed; make it longer").isFalse();
        int progressAtKill = client.progress();

        await().atMost(WAIT).until(client::sawComplete);
        assertThat(a.logged("Job " + jobId + " resumed at lead")).isTrue();
        assertThat(progressAtKill).isLessThan(100);

        // every update in seq order. The subscription (lastSeq 0) first replays what the server already heard; in
        // that catch-up burst the gateway lets a newer progress update supersede a queued one (its documented policy
        // for progress), so there seqs only have to rise. From the first progress update on, the client is live: it
        // must get every update, through the crash and the takeover, or a job-status covering what it missed.
        List<Long> seqs = client.updateSeqs();
        assertThat(seqs).as(client.summary()).isSorted().doesNotHaveDuplicates();
        if (seqs.get(0) != 1L) {
            // a delivery more than a second behind (a loaded machine) drops the oldest logs for one job-status
            assertThat(client.statusSeqsAfter(seqs.get(0) - 1)).as("updates 1-%d were neither delivered nor covered by a "
                    + "job-status; the client got %s", seqs.get(0) - 1, client.summary()).isNotEmpty();
        }
        long live = client.firstProgressSeq();
        long last = seqs.get(seqs.size() - 1);
        for (long s = live; s <= last; s++) {
            if (!seqs.contains(s)) {
                long missing = s;
                assertThat(client.statusSeqsAfter(missing)).as("update %d was neither delivered nor covered by a job-status; the client got %s",
                        missing, client.summary()).isNotEmpty();
            }
        }
        assertThat(client.seqAtKill).as("the client was live before the kill").isGreaterThan(live);
        JsonNode complete = client.complete();
        assertThat(complete.path("status").asText()).isEqualTo("completed");
        assertThat(complete.path("results").path("processed_leads").asInt()).isEqualTo(LEADS);

        JsonNode results = JSON.readTree(get(a, "/api/jobs/" + jobId + "/results", token));
        List<String> emails = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (JsonNode lead : results.path("leads")) {
            emails.add(lead.path("email").asText());
            indices.add(lead.path("index").asInt());
        }
        assertThat(indices).hasSize(LEADS).doesNotHaveDuplicates();
        assertThat(emails).containsExactlyInAnyOrderElementsOf(leadEmails());
    }

    @Test
    void aCancelSentToTheOtherServerStopsTheJobBetweenTwoBatches() throws Exception {
        ServerProcess one = start("one");
        ServerProcess two = start("two");
        String token = token("alice");
        UUID jobId = submit(one, token, 10_000);
        await().atMost(WAIT).until(() -> one.logged("Job " + jobId + " started") || two.logged("Job " + jobId + " started"));
        ServerProcess running = one.logged("Job " + jobId + " started") ? one : two;
        ServerProcess other = running == one ? two : one;

        HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(other.url() + "/api/jobs/" + jobId + "/cancel"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).as("the job was still running when the other server took the cancel: %s", cancel.body())
                .isEqualTo(200);

        await().atMost(WAIT).until(() -> JSON.readTree(get(other, "/api/jobs/" + jobId, token)).path("status").asText()
                .equals("cancelled"));
        assertThat(running.logged("Job " + jobId + " cancelled at lead")).as("the server running the job stopped it").isTrue();
        JsonNode job = JSON.readTree(get(other, "/api/jobs/" + jobId, token));
        assertThat(job.path("processed_leads").asInt()).isLessThan(10_000);
        JsonNode results = JSON.readTree(get(other, "/api/jobs/" + jobId + "/results", token));
        assertThat(results.path("leads").size()).isEqualTo(job.path("processed_leads").asInt());
    }

    // ---- the two servers --------------------------------------------------------------------------

    private ServerProcess start(String name) throws IOException {
        Path log = Files.createTempFile("leadjobs-" + name + "-", ".log");
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("LEADJOBS_DB_URL", TestPostgres.serverUrl() + database);
        env.put("LEADJOBS_DB_USER", "postgres");
        env.put("LEADJOBS_JWT_SECRET", SECRET);
        env.put("LEADJOBS_LEASE", "2s");
        // no network in the tests: a DNS server that is not there makes the network enrichers fail fast
        env.put("LEADJOBS_DNS_SERVER", "127.0.0.1:9");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        ServerProcess server = new ServerProcess(name, pb.start(), log);
        servers.add(server);
        await().atMost(WAIT).until(() -> server.port() > 0 || !server.process.isAlive());
        assertThat(server.process.isAlive()).as("server %s started; its log:%n%s", name, server.log()).isTrue();
        assertThat(server.logged("Job updates travel through PostgreSQL channel")).as("server %s carries updates through PostgreSQL", name)
                .isTrue();
        return server;
    }

    private record ServerProcess(String name, Process process, Path logFile) {
        private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s]+:(\\d+)");

        int port() {
            Matcher m = LISTENING.matcher(log());
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        String log() {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        boolean logged(String text) {
            return log().contains(text);
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        void kill() throws Exception {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
        }
    }

    // ---- REST and tokens --------------------------------------------------------------------------

    private static String token(String user) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static List<String> leadEmails() {
        return leadEmails(LEADS);
    }

    private static List<String> leadEmails(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("lead" + i + "@company" + (i % 50) + ".example");
        }
        return out;
    }

    private UUID submit(ServerProcess server, String token) throws Exception {
        return submit(server, token, LEADS);
    }

    private UUID submit(ServerProcess server, String token, int leads) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\":\"cluster takeover\",\"leads\":[");
        List<String> emails = leadEmails(leads);
        for (int i = 0; i < leads; i++) {
            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"email\":\"%s\",\"first_name\":\"Lead\",\"last_name\":\"N%d\",\"company\":\"Company %d\",\"title\":\"VP of Sales\"}",
                    emails.get(i), i, i % 50));
        }
        body.append("]}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/jobs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).path("jobId").asText());
    }

    private String get(ServerProcess server, String path, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    // ---- the Socket.IO client ---------------------------------------------------------------------

    private Watcher connect(ServerProcess server, String token) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("token", token);
        Socket socket = IO.socket(URI.create(server.url()), options);
        sockets.add(socket);
        Watcher w = new Watcher(socket);
        socket.on("job-update", args -> w.events.add(new Event("job-update", read(args[0]))));
        socket.on("job-status", args -> w.events.add(new Event("job-status", read(args[0]))));
        CompletableFuture<Boolean> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.connect();
        assertThat(connected.get(20, TimeUnit.SECONDS)).isTrue();
        return w;
    }

    private static JsonNode read(Object payload) {
        try {
            return JSON.readTree(String.valueOf(payload));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    private record Event(String name, JsonNode json) {
    }

    private static final class Watcher {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final Socket socket;
        volatile long seqAtKill;

        Watcher(Socket socket) {
            this.socket = socket;
        }

        /** lastSeq 0: the server replays what it holds of the job from seq 1 (it has heard every update since it started). */
        void subscribe(UUID jobId) throws Exception {
            CompletableFuture<JsonNode> ack = new CompletableFuture<>();
            socket.emit("subscribe-job", new Object[] {new JSONObject(Map.of("jobId", jobId.toString(), "lastSeq", 0))},
                    (Ack) args -> ack.complete(read(args.length > 0 ? args[0] : null)));
            assertThat(ack.get(20, TimeUnit.SECONDS).path("ok").asBoolean()).isTrue();
        }

        long firstProgressSeq() {
            return events.stream().filter(e -> e.name.equals("job-update") && e.json.path("type").asText().equals("progress"))
                    .mapToLong(e -> e.json.path("seq").asLong()).findFirst().orElseThrow();
        }

        List<Long> updateSeqs() {
            return events.stream().filter(e -> e.name.equals("job-update")).map(e -> e.json.path("seq").asLong()).toList();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            for (Event e : events) {
                sb.append(e.name.equals("job-status") ? "status@" + e.json.path("seq").asText() : e.json.path("type").asText() + "#" + e.json.path("seq").asText()).append(' ');
                if (sb.length() > 3000) {
                    break;
                }
            }
            return sb.toString();
        }

        List<Long> statusSeqsAfter(long seq) {
            return events.stream().filter(e -> e.name.equals("job-status") && e.json.path("seq").asLong() >= seq)
                    .map(e -> e.json.path("seq").asLong()).toList();
        }

        int progress() {
            int p = 0;
            for (Event e : events) {
                if (e.name.equals("job-update") && e.json.path("type").asText().equals("progress")) {
                    p = e.json.path("progress").asInt();
                }
            }
            return p;
        }

        boolean sawComplete() {
            return events.stream().anyMatch(e -> e.name.equals("job-update") && e.json.path("type").asText().equals("complete"));
        }

        JsonNode complete() {
            return events.stream().filter(e -> e.name.equals("job-update") && e.json.path("type").asText().equals("complete"))
                    .findFirst().orElseThrow().json;
        }
    }

    private static void sql(String db, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.serverUrl() + db, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
