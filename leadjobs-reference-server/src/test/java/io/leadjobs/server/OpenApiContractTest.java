package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/openapi.yaml against the running reference server: every request below gets an answer whose status the
 * description lists for that path and method, and whose JSON body matches the schema it gives (OpenAPI 3.0
 * schemas, nullable included, checked by networknt's json-schema-validator).
 */
class OpenApiContractTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    private static RunningServer server;
    private static JsonNode openApi;
    private static final List<String> checked = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Path description = Path.of("").toAbsolutePath().getParent().resolve("docs/openapi.yaml");
        openApi = YAML.readTree(Files.readString(description, StandardCharsets.UTF_8));
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The documented path (template) that {@code path} matches and that has {@code method}. */
    private static Optional<String> documentedPath(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String pattern = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            if (path.replaceFirst("\\?.*$", "").matches(pattern) && entry.getValue().has(method)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** The JSON pointer, within the description, of the JSON schema of the documented answer. */
    private static String responseSchemaPointer(String method, String path, int status) {
        String documented = documentedPath(method, path).orElseThrow(
                () -> new AssertionError(method.toUpperCase() + " " + path + " is not in docs/openapi.yaml"));
        JsonNode response = openApi.get("paths").get(documented).get(method).get("responses").get(String.valueOf(status));
        assertThat(response).as("docs/openapi.yaml lists status %d for %s %s", status, method.toUpperCase(), path).isNotNull();
        String pointer;
        if (response.has("$ref")) {
            pointer = response.get("$ref").asString().substring(1);
        } else {
            pointer = "/paths/" + escape(documented) + "/" + method + "/responses/" + status;
        }
        return pointer + "/content/application~1json/schema";
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    /** The problems of {@code body} against the schema at {@code pointer} (its $refs resolved within the description). */
    static List<Error> problems(String pointer, String body) {
        ObjectNode document = ((ObjectNode) openApi).deepCopy();
        document.put("$ref", "#" + pointer);
        Schema schema = SCHEMAS.getSchema(SchemaLocation.of("https://leadjobs.invalid/openapi.yaml"), document);
        return schema.validate(body, InputFormat.JSON);
    }

    /** Asserts that the answer is documented for this request and that its JSON body matches the documented schema. */
    private static HttpResponse<String> check(String method, String path, HttpResponse<String> response) {
        String pointer = responseSchemaPointer(method, path, response.statusCode());
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s %s", method, path)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(problems(pointer, response.body()))
                .as("%s %s answered %d %s, against docs/openapi.yaml", method.toUpperCase(), path, response.statusCode(), response.body())
                .isEmpty();
        checked.add(method.toUpperCase() + " " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{jobId}") + " " + response.statusCode());
        return response;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void everyEndpointAnswersAsTheOpenApiDescriptionSays() throws Exception {
        String token = server.token("alice");

        check("get", "/health", send(HttpRequest.newBuilder(server.uri("/health")).GET().build()));

        HttpResponse<String> csv = check("post", "/api/jobs?name=Fair", server.post("/api/jobs?name=Fair", token, "text/csv",
                RestApiTest.CSV));
        assertThat(csv.statusCode()).isEqualTo(202);
        String jobId = RunningServer.json(csv).get("jobId").asText();
        HttpResponse<String> json = check("post", "/api/jobs", server.post("/api/jobs", token, "application/json",
                "{\"name\":\"crm\",\"leads\":[{\"email\":\"lin@initech.com\",\"company\":\"Initech\",\"crm_id\":42,\"vip\":true,\"note\":null}]}"));
        assertThat(json.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.json(server.get("/api/jobs/" + jobId, token))
                .get("status").asText().equals("completed"));

        check("get", "/api/jobs", server.get("/api/jobs", token));
        HttpResponse<String> status = check("get", "/api/jobs/" + jobId, server.get("/api/jobs/" + jobId, token));
        assertThat(RunningServer.json(status).get("recentLogs")).isNotEmpty();
        HttpResponse<String> results = check("get", "/api/jobs/" + jobId + "/results", server.get("/api/jobs/" + jobId + "/results", token));
        assertThat(RunningServer.json(results).get("leads")).hasSize(2);
        assertThat(RunningServer.json(results).get("rejected")).hasSize(1);

        // errors, in the documented error shape
        assertThat(check("post", "/api/jobs/" + jobId + "/cancel", server.post("/api/jobs/" + jobId + "/cancel", token, "text/plain", ""))
                .statusCode()).isEqualTo(409);
        assertThat(check("get", "/api/jobs/" + UUID.randomUUID(), server.get("/api/jobs/" + UUID.randomUUID(), token))
                .statusCode()).isEqualTo(404);
        assertThat(check("get", "/api/jobs/" + jobId, server.get("/api/jobs/" + jobId, server.token("mallory")))
                .statusCode()).isEqualTo(404);
        assertThat(check("get", "/api/jobs/not-a-job", server.get("/api/jobs/not-a-job", token)).statusCode()).isEqualTo(400);
        assertThat(check("get", "/api/jobs", server.get("/api/jobs", "not-a-token")).statusCode()).isEqualTo(401);
        HttpResponse<String> badCsv = check("post", "/api/jobs", server.post("/api/jobs", token, "text/csv",
                "email,company\n\"ada@acme.com,Acme\n"));
        assertThat(badCsv.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(badCsv).get("details")).isNotEmpty();
        assertThat(check("post", "/api/jobs", server.post("/api/jobs", token, "application/xml", "<leads/>")).statusCode())
                .isEqualTo(415);

        assertThat(checked).contains("GET /health 200", "POST /api/jobs 202", "GET /api/jobs 200", "GET /api/jobs/{jobId} 200",
                "GET /api/jobs/{jobId}/results 200", "POST /api/jobs/{jobId}/cancel 409", "GET /api/jobs/{jobId} 404");
    }

    @Test
    void theCheckFindsAnAnswerThatLeavesTheDescription() {
        String jobStatus = responseSchemaPointer("get", "/api/jobs/" + UUID.randomUUID(), 200);
        String valid = """
                {"jobId":"5b0c7f3e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","status":"processing","progress":45,"total_leads":100,
                 "processed_leads":45,"enriched_leads":40,"high_score_leads":12,"error_message":null,
                 "recentLogs":[{"level":"info","message":"Scored 25 leads","timestamp":"2026-01-15T10:00:00.000Z"}],"seq":17}
                """;
        assertThat(problems(jobStatus, valid)).isEmpty();

        assertThat(problems(jobStatus, valid.replace(",\"seq\":17", ""))).as("seq missing").isNotEmpty();
        assertThat(problems(jobStatus, valid.replace("\"processing\"", "\"paused\""))).as("unknown status").isNotEmpty();
        assertThat(problems(jobStatus, valid.replace("\"progress\":45", "\"progress\":\"45\""))).as("progress as text").isNotEmpty();
        assertThat(problems(jobStatus, valid.replace("\"seq\":17", "\"seq\":17,\"extra\":1"))).as("an undocumented field").isNotEmpty();
        assertThatThrownBy(() -> responseSchemaPointer("get", "/api/jobs/" + UUID.randomUUID(), 418))
                .isInstanceOf(AssertionError.class).hasMessageContaining("lists status 418");
    }
}
