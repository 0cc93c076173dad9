package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.Lead;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that trickle request bodies or never read their responses hold no HTTP worker of the packaged server:
 * everyone else is still answered.
 */
class SlowClientsTest {

    /** The extra field of each lead of the large job, so that its results exceed every buffer on the way. */
    private static final String FILLER = "x".repeat(10_000);
    private static final int LARGE_JOB_LEADS = 3_000;

    @Test
    void healthAndNewJobsAreServedWhileEightPostsTrickleAndFourDownloadsAreNotRead() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RunningServer server = RunningServer.start()) {
            String token = server.token("ann");
            Job large = server.server.jobs().submit("ann", largeJob());
            await().atMost(Duration.ofMinutes(3)).until(() ->
                    server.server.jobs().find("ann", large.id()).orElseThrow().status() == JobStatus.COMPLETED);

            // four downloads of the large results that read nothing
            for (int i = 0; i < 4; i++) {
                Socket download = open(server);
                send(download, "GET /api/jobs/" + large.id() + "/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n");
                slow.add(download);
            }
            // eight polling POSTs without a token that announce 10,000 bytes and send one byte every 2 s
            List<Socket> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String sid = pollingSession(server);
                Socket post = open(server);
                send(post, "POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 10000\r\n\r\n4");
                posts.add(post);
                slow.add(post);
            }
            trickle.scheduleAtFixedRate(() -> {
                for (Socket post : posts) {
                    try {
                        send(post, "x");
                    } catch (IOException e) {
                        // the server gave this one up
                    }
                }
            }, 2, 2, TimeUnit.SECONDS);

            // a /health held behind the slow clients would wait until the server gives them up: the trickling
            // posts when their body deadline passes (10 s of grace plus 10,000 bytes at 1 KiB/s, about 20 s), the
            // unread downloads later still. Answered within 10 s is answered beside them, with room for a busy
            // machine's pauses.
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> health = server.http.send(HttpRequest.newBuilder(server.uri("/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(took).as("/health answered in %s", took).isLessThan(Duration.ofSeconds(10));
            }

            HttpResponse<String> submitted = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("email,company\nann@acme.example,Acme\nbo@corp.example,Corp\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String jobId = RunningServer.JSON.readTree(submitted.body()).get("jobId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(status(server, token, jobId)));

            // and a client that does read gets the large results whole meanwhile
            HttpResponse<InputStream> results = server.http.send(HttpRequest.newBuilder(
                    server.uri("/api/jobs/" + large.id() + "/results")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(results.statusCode()).isEqualTo(200);
            JsonNode body;
            try (InputStream in = results.body()) {
                body = RunningServer.JSON.readTree(in);
            }
            assertThat(body.get("leads")).hasSize(LARGE_JOB_LEADS);
        } finally {
            trickle.shutdownNow();
            assertThat(trickle.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void downloadsThatAreNotReadAreGivenUpAfterTheirStallTimeoutAndFreeTheirThreads() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (RunningServer server = RunningServer.start()) {
            String token = server.token("ann");
            Job large = server.server.jobs().submit("ann", largeJob());
            await().atMost(Duration.ofMinutes(3)).until(() ->
                    server.server.jobs().find("ann", large.id()).orElseThrow().status() == JobStatus.COMPLETED);
            HttpRequest results = HttpRequest.newBuilder(server.uri("/api/jobs/" + large.id() + "/results"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();

            for (int i = 0; i < 16; i++) {
                Socket download = open(server);
                send(download, "GET /api/jobs/" + large.id() + "/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n");
                slow.add(download);
            }
            // every download thread waits on a client that does not read: one more download is refused at once
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    server.http.send(results, HttpResponse.BodyHandlers.discarding()).statusCode() == 503);
            HttpResponse<String> refused = server.http.send(results, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).contains("Too many downloads are in progress; try again shortly.");

            // once they have been given up, downloads are served again
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    server.http.send(results, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            // and the connections of the clients that were given up are closed, after the part already sent
            Socket first = slow.get(0);
            first.setSoTimeout(60_000);
            long received = first.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertThat(received).isPositive();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aPollingPostWhoseBodyDoesNotArriveInTimeIsAnswered408AndItsSessionClosed() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            String sid = pollingSession(server);
            try (Socket post = open(server)) {
                send(post, "POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 10000\r\n\r\n4");
                post.setSoTimeout(120_000);
                String answer = readAll(post.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 408").contains("Request timeout: the body did not arrive in time");
            }
            HttpResponse<String> poll = server.http.send(HttpRequest.newBuilder(
                    server.uri("/socket.io/?EIO=4&transport=polling&sid=" + sid)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(poll.body()).contains("Session ID unknown");
        }
    }

    @Test
    void anUploadWhoseBodyDoesNotArriveInTimeIsAnswered408() throws Exception {
        try (RunningServer server = RunningServer.start();
             Socket upload = open(server)) {
            send(upload, "POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token("ann")
                    + "\r\nContent-Type: text/csv\r\nContent-Length: 10000\r\n\r\nemail,company\n");
            upload.setSoTimeout(120_000);
            String answer = readAll(upload.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408").contains("The request body did not arrive in time.");
            assertThat(server.server.jobs().list("ann")).isEmpty();
        }
    }

    private static JobRequest largeJob() {
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < LARGE_JOB_LEADS; i++) {
            leads.add(Lead.builder().email("lead" + i + "@acme.example").company("Acme").extra("notes", FILLER).build());
        }
        return JobRequest.of("large", leads);
    }

    private static String status(RunningServer server, String token, String jobId) throws Exception {
        HttpResponse<String> response = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs/" + jobId))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return RunningServer.JSON.readTree(response.body()).get("status").asText();
    }

    /** A new polling session's id, from a real handshake. */
    private static String pollingSession(RunningServer server) throws Exception {
        HttpResponse<String> open = server.http.send(HttpRequest.newBuilder(
                server.uri("/socket.io/?EIO=4&transport=polling")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        return RunningServer.JSON.readTree(open.body().substring(1)).get("sid").asText();
    }

    /** A socket with a small receive buffer, so that a response it does not read backs up to the server. */
    private static Socket open(RunningServer server) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.server.port()), 10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
