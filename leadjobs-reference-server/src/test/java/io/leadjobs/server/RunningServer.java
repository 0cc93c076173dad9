package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.enrich.Enrichers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A reference server started in-process on a free loopback port, with the offline enrichers only (the tests have
 * no network), and a real HTTP client speaking to it.
 */
final class RunningServer implements AutoCloseable {

    static final String SECRET = SettingsParserTest.SECRET;
    static final ObjectMapper JSON = new ObjectMapper();

    final ReferenceServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer(ReferenceServer server) {
        this.server = server;
    }

    /** In memory, secret {@link #SECRET}, plus the given settings (keyed by environment variable). */
    static RunningServer start(Map<String, String> more) {
        return start(more, s -> Enrichers.defaults());
    }

    /** As {@link #start(Map)}, with the given enrichers. */
    static RunningServer start(Map<String, String> more,
                               java.util.function.Function<ServerSettings, java.util.List<io.leadjobs.core.spi.LeadEnricher>> enrichers) {
        Map<String, String> values = new HashMap<>();
        values.put("PORT", "0");
        values.put("HOST", "127.0.0.1");
        values.put("LEADJOBS_JWT_SECRET", SECRET);
        if (!more.containsKey("LEADJOBS_DB_URL") && !more.containsKey("LEADJOBS_DATA_DIR")) {
            values.put("LEADJOBS_IN_MEMORY", "true");
        }
        values.putAll(more);
        ServerSettings settings = ServerSettings.fromStrings(values);
        return new RunningServer(ReferenceServer.start(settings, enrichers));
    }

    static RunningServer start() {
        return start(Map.of());
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    URI uri(String path) {
        return URI.create(url() + path);
    }

    String token(String user) {
        return TokenMinter.forSettings(server.settings()).mint(user, Duration.ofHours(1));
    }

    /** A token signed with the right secret that expired two minutes ago, past the verifier's clock skew. */
    static String expiredToken(String user) throws com.nimbusds.jose.JOSEException {
        java.time.Instant now = java.time.Instant.now();
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(user)
                        .issueTime(java.util.Date.from(now.minusSeconds(3600)))
                        .expirationTime(java.util.Date.from(now.minusSeconds(120))).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postBytes(String path, String token, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Submits a CSV as {@code user} and returns the new job's id; fails unless the answer is 202. */
    String submitCsv(String user, String csv) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/jobs", token(user), "text/csv", csv);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("jobId").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
