package io.leadjobs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, started as it ships (default limits: 10 MiB bodies, 100,000 leads, four uploads at once), sent
 * 10 MB CSVs built to explode in memory: each is refused with a 4xx within seconds, the server's resident memory
 * grows by less than 256 MB, and {@code /health} answers while four are read at once. Runs after the jar is
 * packaged.
 */
class HostileUploadsIT {

    private static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEN_MB = 10_000_000;

    private static Path work;
    private static Process server;
    private static String base;
    private static String token;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("leadjobs-hostile-it");
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder tokenBuilder = new ProcessBuilder(java, "-jar", jar.toString(), "token", "--subject", "it-user",
                "--ttl", "30m").directory(work.toFile());
        tokenBuilder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        Process tokenCommand = tokenBuilder.start();
        tokenCommand.getOutputStream().close();
        assertThat(tokenCommand.waitFor(60, TimeUnit.SECONDS)).isTrue();
        token = new String(tokenCommand.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(token).matches("ey[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        Path log = work.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--dns-server", "127.0.0.1:9")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        server = builder.start();
        base = await().atMost(Duration.ofSeconds(60)).until(() -> address(log), a -> !a.isEmpty());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String address(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }

    /** The server's resident memory, from /proc. */
    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for the server process");
    }

    /** A header of {@code columns} names, then short rows up to about 10 MB. */
    private static byte[] explosive(int columns, String row) {
        StringBuilder csv = new StringBuilder(TEN_MB + 100).append("email");
        for (int i = 2; i <= columns; i++) {
            csv.append(",c").append(i);
        }
        csv.append('\n');
        while (csv.length() + row.length() + 1 < TEN_MB) {
            csv.append(row).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static CompletableFuture<HttpResponse<String>> upload(byte[] body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void explosiveUploadsAreRefusedQuicklyWithoutTheServerGrowingAndHealthAnswersMeanwhile() throws Exception {
        long baseline = rssBytes();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(rssBytes(), Math::max);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.start();
        try {
            // the file: 2,000 columns and a million short rows
            byte[] wide = explosive(2000, "a");
            // within the column limit: 500 columns, every row padded to 500 entries
            byte[] sparse = explosive(500, "a@b.co");
            // five million one-column rows
            byte[] tall = explosive(1, "a");
            for (byte[] body : List.of(wide, sparse, tall)) {
                long started = System.nanoTime();
                HttpResponse<String> response = upload(body).get(60, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
                assertThat(JSON.readTree(response.body()).get("details").get(0).has("row")
                        || JSON.readTree(response.body()).get("details").get(0).has("column")).as(response.body()).isTrue();
                assertThat(took).as("refusing " + response.body()).isLessThan(Duration.ofSeconds(5));
            }

            List<CompletableFuture<HttpResponse<String>>> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(upload(i % 2 == 0 ? tall : sparse));
            }
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> f : four) {
                HttpResponse<String> response = f.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isIn(413, 503);
            }
            HttpResponse<String> after = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        } finally {
            sampler.interrupt();
            sampler.join(5000);
        }
        long grew = peak.get() - baseline;
        System.out.printf("server RSS: %d MiB at start, %d MiB at the peak (+%d MiB)%n", baseline >> 20,
                peak.get() >> 20, grew >> 20);
        assertThat(grew).as("growth of the server's resident memory in bytes").isLessThan(256L * 1024 * 1024);
    }
}
