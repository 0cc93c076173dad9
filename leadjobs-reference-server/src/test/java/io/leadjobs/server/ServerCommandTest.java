package io.leadjobs.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ServerCommandTest {

    private static final String SECRET = SettingsParserTest.SECRET;
    private static final Pattern JWT = Pattern.compile("^(ey[\\w-]+\\.[\\w-]+\\.[\\w-]+)$", Pattern.MULTILINE);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Thread> hooks = new CopyOnWriteArrayList<>();
    private volatile ServerCommand command;

    private CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = ServerCommand.commandLine(env, hooks::add);
        command = commandLine.getCommand();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    @AfterEach
    void stopServer() {
        if (command != null && command.server() != null) {
            command.server().close();
        }
    }

    private static JWTClaimsSet verified(String token, String secret) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        CommandLine commandLine = commandLine(Map.of("PORT", "4000", "LEADJOBS_CONNECT_RATE", "10",
                "LEADJOBS_JWT_SECRET", SECRET));
        commandLine.parseArgs("--port", "5000", "--in-memory");

        ServerSettings settings = command.settings();

        assertThat(settings.port()).isEqualTo(5000);
        assertThat(settings.connectRate()).isEqualTo(10);
        assertThat(settings.storage()).isEqualTo(new Storage.InMemory());
    }

    @Test
    void theUploadLimitsHaveFlags() {
        CommandLine commandLine = commandLine(Map.of("LEADJOBS_MAX_LEADS", "10", "LEADJOBS_JWT_SECRET", SECRET));
        commandLine.parseArgs("--max-leads", "20", "--max-concurrent-uploads", "3", "--in-memory");

        ServerSettings settings = command.settings();

        assertThat(settings.maxLeads()).isEqualTo(20);
        assertThat(settings.maxConcurrentUploads()).isEqualTo(3);
    }

    @Test
    void stopsStartUpWithAMessageNamingABadSetting() {
        int code = commandLine(Map.of("LEADJOBS_CONNECT_RATE", "lots")).execute("--port", "0");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(err.toString()).contains("Cannot start: LEADJOBS_CONNECT_RATE (--connect-rate) must be a whole number");
        assertThat(command.server()).isNull();
        assertThat(hooks).isEmpty();
    }

    @Test
    void devModeServesHealthOnLoopbackPrintsAWorkingDemoTokenAndStopsOnSigterm() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> commandLine(Map.of()).execute("--port", "0", "--in-memory"));
        await().atMost(Duration.ofSeconds(20)).until(() -> command != null && command.server() != null);
        ReferenceServer server = command.server();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("listening on"));
        assertThat(out.toString()).contains("DEV MODE").contains("loopback");
        Matcher token = JWT.matcher(out.toString());
        assertThat(token.find()).as("a token on a line of its own in:%n%s", out).isTrue();
        JWTClaimsSet claims = verified(token.group(1), server.settings().jwtSecret().orElseThrow().value());
        assertThat(claims.getSubject()).isEqualTo("demo");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));

        assertThat(hooks).singleElement().extracting(Thread::getName).isEqualTo("leadjobs-shutdown");
        hooks.get(0).start();

        assertThat(exit).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(ServerCommand.EXIT_OK);
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void withASecretPrintsNoDemoToken() {
        CompletableFuture.runAsync(() -> commandLine(Map.of("LEADJOBS_JWT_SECRET", SECRET, "HOST", "127.0.0.1"))
                .execute("--port", "0", "--in-memory"));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("listening on"));

        assertThat(out.toString()).doesNotContain("DEV MODE").doesNotContain(SECRET);
        assertThat(JWT.matcher(out.toString()).find()).isFalse();
    }

    @Test
    void refusesToStartOnAPortInUse() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int code = commandLine(Map.of()).execute("--port", Integer.toString(taken.getLocalPort()), "--in-memory");

            assertThat(code).isEqualTo(ServerCommand.EXIT_FAILED);
            assertThat(err.toString()).contains("Cannot start").contains(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void tokenCommandSignsWithTheConfiguredSecretIssuerAndAudience() throws Exception {
        int code = commandLine(Map.of("LEADJOBS_JWT_SECRET", SECRET, "LEADJOBS_JWT_ISSUER", "leadjobs-test"))
                .execute("--jwt-audience", "leadjobs-api", "token", "--subject", "alice", "--ttl", "2h");

        assertThat(code).isEqualTo(ServerCommand.EXIT_OK);
        JWTClaimsSet claims = verified(out.toString().strip(), SECRET);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("leadjobs-test");
        assertThat(claims.getAudience()).containsExactly("leadjobs-api");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void tokenCommandDefaultsToOneHour() throws Exception {
        commandLine(Map.of()).execute("--jwt-secret", SECRET, "token", "--subject", "bob");

        JWTClaimsSet claims = verified(out.toString().strip(), SECRET);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void tokenCommandRefusesWithoutAConfiguredSecret() {
        int code = commandLine(Map.of()).execute("token", "--subject", "alice");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("LEADJOBS_JWT_SECRET (--jwt-secret) is not set");
    }

    @Test
    void tokenCommandRefusesABadTtl() {
        int code = commandLine(Map.of("LEADJOBS_JWT_SECRET", SECRET)).execute("token", "--subject", "alice", "--ttl", "soon");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(err.toString()).contains("--ttl must be a duration such as 1h");
    }

    @Test
    void tokenCommandNeedsASubject() {
        int code = commandLine(Map.of("LEADJOBS_JWT_SECRET", SECRET)).execute("token");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(err.toString()).contains("--subject");
    }

    @Test
    void sampleCommandWritesTheGeneratedLeads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leads.csv");
        int code = commandLine(Map.of()).execute("sample", "--leads", "250", "--seed", "7", "--output", file.toString());

        assertThat(code).as(err.toString()).isEqualTo(ServerCommand.EXIT_OK);
        assertThat(Files.readAllBytes(file)).isEqualTo(SampleLeads.generate(250, 300, 7));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(251);
        assertThat(lines.get(0)).isEqualTo(SampleLeads.HEADER);
    }

    @Test
    void sampleCommandRefusesAnImpossibleSize() {
        int code = commandLine(Map.of()).execute("sample", "--leads", "0");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(err.toString()).contains("--leads must be 1 to 1000000");
    }
}
