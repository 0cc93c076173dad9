package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The reference server's REST jobs API and {@code /health}, over the JDK HTTP client. */
final class RestClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    RestClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    boolean healthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Times a submission answered 503 (the server busy reading other uploads) is sent again. */
    private static final int SUBMIT_TRIES = 20;

    /**
     * {@code POST /api/jobs} with a CSV body; completes with the 202 answer's JSON or fails with the server's answer.
     * A 503 (the server reading as many uploads as it allows) is sent again after its {@code Retry-After}, as a
     * client of the API should.
     */
    CompletableFuture<JsonNode> submit(byte[] csv, String name) {
        return submit(csv, name, 1);
    }

    private CompletableFuture<JsonNode> submit(byte[] csv, String name, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs?name=" + name))
                .timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() == 503 && attempt < SUBMIT_TRIES) {
                long seconds = response.headers().firstValue("Retry-After").map(RestClient::seconds).orElse(5L);
                Executor later = CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS);
                return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> submit(csv, name, attempt + 1));
            }
            if (response.statusCode() != 202) {
                throw new LoadToolException("POST /api/jobs answered " + response.statusCode() + ": " + shorten(response.body()));
            }
            return CompletableFuture.completedFuture(parse(response.body()));
        });
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(1, Math.min(60, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return 5;
        }
    }

    /** {@code GET /api/jobs}: the user's jobs by id. */
    Map<String, JsonNode> jobs() {
        JsonNode answer = get("/api/jobs");
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode job : answer.path("jobs")) {
            byId.put(job.path("jobId").asText(), job);
        }
        return byId;
    }

    /** {@code GET /api/jobs/{id}}: the job-status shape with recentLogs and seq. */
    JsonNode job(String id) {
        return get("/api/jobs/" + id);
    }

    /** {@code GET /metrics}: the server's meters in the Prometheus text format. */
    String metrics() {
        return getText("/metrics");
    }

    private JsonNode get(String path) {
        return parse(getText(path));
    }

    private String getText(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LoadToolException("GET " + path + " answered " + response.statusCode() + ": " + shorten(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new LoadToolException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadToolException("Interrupted during GET " + path, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JsonLinesProcess.JSON.readTree(body);
        } catch (IOException e) {
            throw new LoadToolException("The server answered something that is not JSON: " + shorten(body), e);
        }
    }

    private static String shorten(String body) {
        String oneLine = body.replace('\n', ' ');
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine;
    }
}
