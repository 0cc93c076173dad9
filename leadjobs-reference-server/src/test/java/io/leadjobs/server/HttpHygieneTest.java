package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Odd paths, security headers and clients that hang up, against the reference server. */
class HttpHygieneTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends raw bytes (paths a URI class would refuse to build) and returns the whole answer. */
    private static String raw(String request) throws Exception {
        return new String(raw(server, request), StandardCharsets.UTF_8);
    }

    /** Sends raw bytes to {@code to} and returns every byte of the answer, until the server closes. */
    private static byte[] raw(RunningServer to, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", to.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/jobs/%2f|encoded slash ('%2f') at character 11",
            "/%2F..%2F..%2Fetc/passwd|encoded slash ('%2F') at character 2",
            "/api/jobs/%00|encoded NUL character ('%00') at character 11",
            "/index.html%00.js|encoded NUL character ('%00') at character 12",
            "/socket.io/%zz|bad percent escape '%zz' at character 12",
            "/api/jobs/abc%|bad percent escape '%' at character 14",
            "/%5c..%5cwindows|encoded backslash ('%5c') at character 2"})
    void oddPathsGetA400WithASentenceInsteadOfAnEmpty500(String path, String problem) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        JsonNode json = RunningServer.JSON.readTree(body);
        assertThat(json.get("error").asText()).startsWith("The request path").contains(problem);
        assertThat(answer).contains("X-Content-Type-Options: nosniff");
    }

    @Test
    void theServerCarriesOnAfterOddPaths() throws Exception {
        raw("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(server.get("/health", "").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/jobs/0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01%20", server.token("alice")).statusCode())
                .as("an ordinary escape still reaches the API").isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/index.html", "/app.js", "/style.css", "/health", "/api/jobs", "/nothing-here",
            "/socket.io/?EIO=4&transport=polling"})
    void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(server.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.headers().firstValue("Content-Security-Policy")).as(path + " " + r.statusCode())
                .hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void clientsThatHangUpCostOneDebugLineNotAnErrorStackTrace() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // the reference server's filter and the body reader of leadjobs-socketio (io.leadjobs.engineio) both say it
        Logger web = context.getLogger("io.leadjobs");
        Level rootLevel = root.getLevel();
        Level webLevel = web.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        root.addAppender(captured);
        web.setLevel(Level.DEBUG);
        try {
            String token = server.token("hangup");
            int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
            // an upload that stops half way
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("POST /api/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: text/csv\r\nContent-Length: 10000\r\n\r\nemail\na@b.com\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
            // a polling POST that stops half way
            String open = server.http.send(HttpRequest.newBuilder(server.uri("/socket.io/?EIO=4&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String sid = RunningServer.JSON.readTree(open.substring(1)).get("sid").asText();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 10000\r\n\r\n40").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> captured.list.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("The client went away during POST")).count() >= 2);
            assertThat(captured.list).filteredOn(e -> e.getFormattedMessage().startsWith("The client went away"))
                    .allSatisfy(e -> {
                        assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                        assertThat(e.getThrowableProxy()).isNull();
                    });
            assertThat(captured.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(server.get("/health", "").statusCode()).isEqualTo(200);
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            web.setLevel(webLevel);
        }
    }

    @Test
    void headIsAnsweredWhereGetWorksOnTheApiWithTheHeadersAndNoBody() throws Exception {
        String token = server.token("header");
        String jobId = server.submitCsv("header", RestApiTest.CSV);
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));

        for (String path : new String[] {"/api/jobs", "/api/jobs/" + jobId, "/api/jobs/" + jobId + "/results",
                "/api/jobs/" + jobId + "/results?format=csv", "/health"}) {
            String answer = raw("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 200");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).as("body of HEAD %s", path).isEmpty();
            assertThat(answer).as(path).containsIgnoringCase("Content-Type:");
        }
        String cancel = raw("HEAD /api/jobs/" + jobId + "/cancel HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nConnection: close\r\n\r\n");
        assertThat(cancel).startsWith("HTTP/1.1 405").contains("Allow: POST");
        String refused = raw("DELETE /api/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 405").contains("Allow: GET, HEAD, POST");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/index.html", "/app.js", "/style.css", "/demo/", "/demo/app.js", "/nothing-here.js"})
    void headOnAStaticPageAnswersAsGetDoesWithoutTheBody(String path) throws Exception {
        assertHeadAnswersAsGet(server, path);
    }

    @Test
    void headOnADashboardDirectoryAnswersAsGetDoesWithoutTheBody(@TempDir Path dashboard) throws Exception {
        Files.writeString(dashboard.resolve("index.html"), "<!doctype html><title>Dashboard</title><script src=\"big.js\"></script>");
        // larger than Grizzly's output buffer, so that the file handler writes while it serves
        Files.writeString(dashboard.resolve("big.js"), "// filler\n".repeat(40_000));
        try (RunningServer withDashboard = RunningServer.start(Map.of("LEADJOBS_VUE_ROOT", dashboard.toString()))) {
            for (String path : new String[] {"/vue/", "/vue/index.html", "/vue/big.js"}) {
                assertHeadAnswersAsGet(withDashboard, path);
            }
        }
    }

    @Test
    void aStaticFileFetchedAgainStillCarriesTheSecurityHeadersAndClosesWhenAsked() throws Exception {
        for (int round = 1; round <= 3; round++) {
            Answer again = Answer.parse(raw(server, "GET /style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));

            assertThat(again.status()).as("round %d", round).startsWith("HTTP/1.1 200");
            assertThat(again.headers()).as("round %d", round)
                    .containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
                    .containsKey("content-security-policy");
            assertThat(again.body()).hasSize(Integer.parseInt(again.headers().get("content-length")));
        }
    }

    @Test
    void aHeadAnswerLeavesTheConnectionReadyForTheNextRequest() throws Exception {
        // pipelined on one connection: were any byte of app.js sent after the head, the second answer would not
        // start right after the first one's blank line
        String answers = new String(raw(server, "HEAD /app.js HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), StandardCharsets.UTF_8);

        int endOfFirst = answers.indexOf("\r\n\r\n") + 4;
        assertThat(answers).startsWith("HTTP/1.1 200");
        assertThat(answers.substring(endOfFirst)).startsWith("HTTP/1.1 200").contains("\"status\"");
    }

    /** HEAD on {@code path} gets GET's status and headers (type, length, security headers) and no body. */
    private static void assertHeadAnswersAsGet(RunningServer to, String path) throws Exception {
        // GET through a real client: a repeated GET may come from Grizzly's file cache, which keeps the connection
        // open whatever the request says, so reading a raw answer to its end would wait for the idle timeout
        HttpResponse<byte[]> get = to.http.send(HttpRequest.newBuilder(to.uri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Answer head = Answer.parse(raw(to, "HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));

        assertThat(head.status()).as("HEAD %s", path).startsWith("HTTP/1.1 " + get.statusCode() + " ");
        assertThat(head.body()).as("body of HEAD %s", path).isEmpty();
        assertThat(head.headers().get("content-type")).as("type of HEAD %s", path)
                .isNotNull().isEqualTo(get.headers().firstValue("content-type").orElse(null));
        // a file's length is known (a resource inside the packaged jar may come chunked: HEAD then says so too)
        assertThat(head.headers().get("content-length")).as("length of HEAD %s", path)
                .isEqualTo(get.headers().firstValue("content-length").orElse(null));
        assertThat(head.headers().get("transfer-encoding")).as("transfer encoding of HEAD %s", path)
                .isEqualTo(get.headers().firstValue("transfer-encoding").orElse(null));
        get.headers().firstValue("content-length").ifPresent(length -> assertThat(length).as("length of GET %s", path)
                .isEqualTo(String.valueOf(get.body().length)));
        for (String name : new String[] {"content-security-policy", "x-content-type-options", "x-frame-options",
                "referrer-policy"}) {
            assertThat(head.headers().get(name)).as("%s on HEAD %s", name, path).isNotNull()
                    .isEqualTo(get.headers().firstValue(name).orElse(null));
        }
    }

    /** A raw HTTP/1.1 answer: status line, headers by lower-case name, and the bytes after the blank line. */
    private record Answer(String status, Map<String, String> headers, byte[] body) {
        static Answer parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP answer: %s", text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            return new Answer(lines[0], headers, Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
    }

    @Test
    void restErrorsStillComeAsJsonWithTheHeaders() throws Exception {
        HttpResponse<String> r = server.get("/api/jobs", "");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
}
