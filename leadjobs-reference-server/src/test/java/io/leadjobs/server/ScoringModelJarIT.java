package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.MapContext;
import io.leadjobs.core.score.RuleBasedScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoring model as a file, in the packaged jar started as it ships: the model its {@code scoring-model} command
 * prints, edited, changes a job's scores and grades; a model file with a mistake stops start-up naming the line.
 */
class ScoringModelJarIT {

    private static final Lead BOB = Lead.builder().email("bob.smith@gmail.com").firstName("Bob").lastName("Smith")
            .company("Smith Consulting").title("Marketing Manager").build();

    @TempDir
    Path work;

    /** Offline: the scores rest on the offline signals alone. */
    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work,
            Map.of("LEADJOBS_DNS", "off", "LEADJOBS_WEBSITE_PROBE", "off", "LEADJOBS_RDAP", "off"));

    @Test
    void theEditedDefaultModelChangesAJobsScoresAndGrades() throws Exception {
        String printed = PackagedJar.run(jar.command("scoring-model"), 0);
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
        String token = jar.token("model-user");

        String base = jar.start(jar.command(Map.of("LEADJOBS_SCORING_MODEL", model.toString())));
        String jobId = jar.submit(base, token, "model", "email,first_name,last_name,company,title\n"
                + "bob.smith@gmail.com,Bob,Smith,Smith Consulting,Marketing Manager\n");
        JsonNode status = jar.awaitCompleted(base, token, jobId, Duration.ofSeconds(90));
        JsonNode lead = jar.get(base + "/api/jobs/" + jobId + "/results", token).get("leads").get(0);

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

        String output = PackagedJar.run(jar.command("--scoring-model", model.toString()), ServerCommand.EXIT_BAD_SETTINGS);

        assertThat(output).contains("Cannot start: LEADJOBS_SCORING_MODEL (--scoring-model): " + model
                + ", line 3, column 14 (weights.free_mail): There is no scoring rule named free_mail; the known rules are"
                + " email_valid, ").contains("free_email").doesNotContain("listening on");
    }
}
