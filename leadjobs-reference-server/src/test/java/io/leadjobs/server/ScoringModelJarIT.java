package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.MapContext;
import io.leadjobs.core.score.RuleBasedScorer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scoring model as a file, in the packaged jar started as it ships: the model its {@code scoring-model} command
 * prints, edited, changes a job's scores and grades; a model file with a mistake stops start-up naming the line.
 */
class ScoringModelJarIT {

    private static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Lead BOB = Lead.builder().email("bob.smith@gmail.com").firstName("Bob").lastName("Smith")
            .company("Smith Consulting").title("Marketing Manager").build();

    @TempDir
    Path work;

    private Process server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder command(Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        // offline: the scores rest on the offline signals alone
        builder.environment().put("LEADJOBS_DNS", "off");
        builder.environment().put("LEADJOBS_WEBSITE_PROBE", "off");
        builder.environment().put("LEADJOBS_RDAP", "off");
        builder.environment().putAll(env);
        return builder;
    }

    private static String run(ProcessBuilder builder, int expectedExit) throws Exception {
        Process p = builder.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    private static String address(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theEditedDefaultModelChangesAJobsScoresAndGrades() throws Exception {
        String printed = run(command(Map.of(), "scoring-model"), 0);
        Path model = work.resolve("model.yaml");
        String edited = printed.replace("base_score: 20", "base_score: 40")
                .replace("high_score: 70", "high_score: 50")
                .replace("A: 80", "A: 90").replace("B: 65", "B: 75").replace("C: 50", "C: 60").replace("D: 35", "D: 45")
                .replace("E: 20", "E: 30")
                .replace("free_email: -10", "free_email: -30")
                .replace("seniority_manager: 10", "seniority_manager: 0");
        assertThat(edited).as("every edit found its line").contains("base_score: 40", "high_score: 50", "A: 90", "B: 75",
                "C: 60", "D: 45", "E: 30", "free_email: -30", "seniority_manager: 0");
        Files.writeString(model, edited);
        String token = run(command(Map.of(), "token", "--subject", "model-user", "--ttl", "10m"), 0).strip();

        Path log = work.resolve("server.log");
        server = command(Map.of("LEADJOBS_SCORING_MODEL", model.toString())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        String base = await().atMost(Duration.ofSeconds(60)).until(() -> address(log), a -> !a.isEmpty());
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=model"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("email,first_name,last_name,company,title\n"
                        + "bob.smith@gmail.com,Bob,Smith,Smith Consulting,Marketing Manager\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asText();
        JsonNode status = await().atMost(Duration.ofSeconds(90)).until(() -> get(base + "/api/jobs/" + jobId, token),
                s -> s.get("status").asText().equals("completed"));
        JsonNode lead = get(base + "/api/jobs/" + jobId + "/results", token).get("leads").get(0);

        Map<String, Integer> points = new HashMap<>();
        lead.get("reasons").forEach(r -> points.put(r.get("rule").asText(), r.get("points").asInt()));
        assertThat(points).containsEntry("free_email", -30).doesNotContainKey("seniority_manager")
                .containsEntry("email_valid", 10);
        int score = lead.get("score").asInt();
        assertThat(score).isEqualTo(Math.max(0, Math.min(100, 40 + points.values().stream().mapToInt(Integer::intValue).sum())));
        int defaultScore = RuleBasedScorer.defaults().score(BOB, new Enrichment(MapContext.enrich(BOB))).score();
        // default: 20 base, -10 free mail, +10 manager; the file: 40 base, -30 free mail, 0 manager
        assertThat(score).isEqualTo(defaultScore + 20 - 20 - 10);
        String expectedGrade = score >= 90 ? "A" : score >= 75 ? "B" : score >= 60 ? "C" : score >= 45 ? "D" : score >= 30 ? "E" : "F";
        assertThat(lead.get("grade").asText()).isEqualTo(expectedGrade);
        assertThat(lead.get("grade").asText()).isNotEqualTo(RuleBasedScorer.defaults().grade(score).name());
        assertThat(lead.get("high_score").asBoolean()).isEqualTo(score >= 50);
        assertThat(status.get("high_score_leads").asInt()).isEqualTo(score >= 50 ? 1 : 0);
    }

    @Test
    void aModelFileWithAnUnknownRuleStopsStartUpNamingTheLine() throws Exception {
        Path model = Files.writeString(work.resolve("model.yaml"), """
                base_score: 20
                weights:
                  free_mail: -30
                """);

        String output = run(command(Map.of(), "--scoring-model", model.toString()), ServerCommand.EXIT_BAD_SETTINGS);

        assertThat(output).contains("Cannot start: LEADJOBS_SCORING_MODEL (--scoring-model): " + model
                + ", line 3, column 14 (weights.free_mail): There is no scoring rule named free_mail; the known rules are"
                + " email_valid, ").contains("free_email").doesNotContain("listening on");
    }
}
