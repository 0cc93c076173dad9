package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestApiTest {

    static final String CSV = """
            email,first_name,last_name,company,title,website,phone,country,source
            ada@acme-industries.com,Ada,Lovelace,Acme Industries,VP Engineering,https://acme-industries.com,+1 415 555 0100,US,webinar
            grace@globex.io,Grace,Hopper,Globex,CTO,globex.io,,US,fair
            ,,Nobody,No Contact Ltd,,,,,
            """;

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode awaitFinished(String jobId, String token) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode status = RunningServer.json(server.get("/api/jobs/" + jobId, token));
            return status;
        }, status -> List.of("completed", "failed", "cancelled").contains(status.get("status").asText()));
    }

    @Test
    void acceptsACsvScoresItAndServesTheResultsAsJsonAndCsv() throws Exception {
        String token = server.token("alice");
        HttpResponse<String> accepted = server.post("/api/jobs?name=Trade%20fair", token, "text/csv", CSV);

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = RunningServer.json(accepted);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("total_leads").asInt()).isEqualTo(2);
        String jobId = body.get("jobId").asText();
        assertThat(accepted.headers().firstValue("Location")).contains("/api/jobs/" + jobId);

        JsonNode status = awaitFinished(jobId, token);
        assertThat(status.get("status").asText()).isEqualTo("completed");
        assertThat(status.get("progress").asInt()).isEqualTo(100);
        assertThat(status.get("processed_leads").asInt()).isEqualTo(2);
        assertThat(status.has("recentLogs")).isTrue();

        JsonNode results = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));
        assertThat(results.get("jobId").asText()).isEqualTo(jobId);
        assertThat(results.get("leads")).hasSize(2);
        JsonNode ada = results.get("leads").get(0);
        assertThat(ada.get("index").asInt()).isZero();
        assertThat(ada.get("row").asInt()).isEqualTo(1);
        assertThat(ada.get("email").asText()).isEqualTo("ada@acme-industries.com");
        assertThat(ada.get("company").asText()).isEqualTo("Acme Industries");
        assertThat(ada.get("source").asText()).isEqualTo("webinar");
        assertThat(ada.get("score").isInt()).isTrue();
        assertThat(ada.get("grade").asText()).matches("[A-F]");
        assertThat(ada.get("high_score").isBoolean()).isTrue();
        assertThat(ada.get("reasons")).isNotEmpty();
        assertThat(ada.get("reasons").get(0).fieldNames()).toIterable().containsExactly("rule", "points", "detail");
        assertThat(ada.get("enrichment").isObject()).isTrue();
        assertThat(results.get("leads").get(1).get("row").asInt()).isEqualTo(2);
        assertThat(results.get("rejected")).hasSize(1);
        assertThat(results.get("rejected").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(results.get("rejected").get(0).get("reason").asText()).isNotBlank();

        HttpResponse<String> csv = server.get("/api/jobs/" + jobId + "/results?format=csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body()).as("a UTF-8 byte-order mark first, for Excel").startsWith("\uFEFF");
        List<CSVRecord> lines = CSVParser.parse(new StringReader(csv.body().substring(1)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).getRecords();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("email")).isEqualTo("ada@acme-industries.com");
        assertThat(lines.get(0).get("source")).isEqualTo("webinar");
        assertThat(lines.get(0).get("score")).isEqualTo(ada.get("score").asText());
        assertThat(lines.get(2).get("row")).isEqualTo("3");
        assertThat(lines.get(2).get("rejected_reason")).isNotBlank();

        HttpResponse<String> byAccept = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs/" + jobId + "/results"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byAccept.body()).isEqualTo(csv.body());
    }

    @Test
    void acceptsJsonLeads() throws Exception {
        String token = server.token("json-user");
        HttpResponse<String> accepted = server.post("/api/jobs", token, "application/json", """
                {"name": "From my CRM", "leads": [
                  {"email": "lin@initech.com", "first_name": "Lin", "company": "Initech", "crm_id": 42},
                  {"website": "https://umbrella.example", "company": "Umbrella"}
                ]}""");

        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = RunningServer.json(accepted).get("jobId").asText();
        assertThat(awaitFinished(jobId, token).get("status").asText()).isEqualTo("completed");
        JsonNode results = RunningServer.json(server.get("/api/jobs/" + jobId + "/results", token));
        assertThat(results.get("leads")).hasSize(2);
        assertThat(results.get("leads").get(0).get("crm_id").asText()).isEqualTo("42");
    }

    @Test
    void listsOnlyTheCallersJobsWithoutLogs() throws Exception {
        String mine = server.submitCsv("lister", CSV);
        server.submitCsv("someone-else", CSV);

        JsonNode list = RunningServer.json(server.get("/api/jobs", server.token("lister")));

        assertThat(list.get("jobs")).hasSize(1);
        JsonNode job = list.get("jobs").get(0);
        assertThat(job.get("jobId").asText()).isEqualTo(mine);
        assertThat(job.has("recentLogs")).isFalse();
        assertThat(job.has("total_leads")).isTrue();
    }

    @Test
    void anotherUsersJobIsNotFound() throws Exception {
        String jobId = server.submitCsv("owner", CSV);
        String intruder = server.token("intruder");

        for (String path : List.of("/api/jobs/" + jobId, "/api/jobs/" + jobId + "/results")) {
            HttpResponse<String> response = server.get(path, intruder);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(RunningServer.json(response).get("error").asText()).isEqualTo("Job not found");
        }
        assertThat(server.post("/api/jobs/" + jobId + "/cancel", intruder, "application/json", "").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/api/jobs/" + java.util.UUID.randomUUID(), intruder).statusCode()).isEqualTo(404);
    }

    @Test
    void cancellingAFinishedJobIsAConflict() throws Exception {
        String token = server.token("canceller");
        String jobId = server.submitCsv("canceller", CSV);
        awaitFinished(jobId, token);

        HttpResponse<String> response = server.post("/api/jobs/" + jobId + "/cancel", token, "application/json", "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(RunningServer.json(response).get("error").asText()).contains("completed");
    }

    @Test
    void refusesRequestsWithoutAValidToken() throws Exception {
        HttpResponse<String> none = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(RunningServer.json(none).get("error").asText()).isEqualTo("Authentication failed: missing token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        HttpResponse<String> forged = server.get("/api/jobs", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(RunningServer.json(forged).get("error").asText()).startsWith("Authentication failed: ");

        String expired = RunningServer.expiredToken("alice");
        HttpResponse<String> old = server.get("/api/jobs", expired);
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(RunningServer.json(old).get("error").asText()).isEqualTo("Authentication failed: token expired");
    }

    @Test
    void answers415ForOtherContentTypesAndUnknownCharsets() throws Exception {
        String token = server.token("alice");

        HttpResponse<String> plain = server.post("/api/jobs", token, "text/plain", CSV);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(RunningServer.json(plain).get("error").asText()).contains("text/plain");

        HttpResponse<String> charset = server.post("/api/jobs", token, "text/csv; charset=klingon-8", CSV);
        assertThat(charset.statusCode()).isEqualTo(415);
        assertThat(RunningServer.json(charset).get("error").asText()).contains("klingon-8");
    }

    @Test
    void answers405WithTheAllowedMethods() throws Exception {
        HttpResponse<String> response = server.http.send(HttpRequest.newBuilder(server.uri("/api/jobs"))
                .header("Authorization", "Bearer " + server.token("alice")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD, POST");
        assertThat(RunningServer.json(response).has("details")).isTrue();
    }

    @Test
    void answers400ForAJobIdThatIsNotAUuid() throws Exception {
        HttpResponse<String> response = server.get("/api/jobs/not-a-uuid", server.token("alice"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(response).get("error").asText()).isEqualTo("Invalid job id");
    }

    @Test
    void answersCorsPreflightsForAllowedOriginsOnly() throws Exception {
        try (RunningServer cors = RunningServer.start(Map.of("LEADJOBS_ALLOWED_ORIGINS", "https://app.example.com"))) {
            HttpResponse<String> allowed = cors.http.send(HttpRequest.newBuilder(cors.uri("/api/jobs"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(204);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");

            HttpResponse<String> foreign = cors.http.send(HttpRequest.newBuilder(cors.uri("/api/jobs"))
                    .header("Origin", "https://evil.example")
                    .header("Authorization", "Bearer " + cors.token("alice")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void limitsHowManyJobsAUserSubmitsPerMinute() throws Exception {
        try (RunningServer limited = RunningServer.start(Map.of("LEADJOBS_SUBMIT_RATE", "2"))) {
            String token = limited.token("eager");
            assertThat(limited.post("/api/jobs", token, "text/csv", CSV).statusCode()).isEqualTo(202);
            assertThat(limited.post("/api/jobs", token, "text/csv", CSV).statusCode()).isEqualTo(202);

            HttpResponse<String> third = limited.post("/api/jobs", token, "text/csv", CSV);

            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(RunningServer.json(third).get("error").asText()).isEqualTo("Rate limit exceeded");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.post("/api/jobs", limited.token("patient"), "text/csv", CSV).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void servesTheDemoPageAndTheBrowserClient() throws Exception {
        HttpResponse<String> page = server.http.send(HttpRequest.newBuilder(server.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"token-input\"", "data-testid=\"csv-file\"",
                "vendor/socket.io.min.js");

        HttpResponse<String> client = server.http.send(HttpRequest.newBuilder(server.uri("/vendor/socket.io.min.js")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.body()).contains("Socket.IO v4");
    }
}
