package io.leadjobs.server;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.MapContext;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.score.ScoringModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoringModelFileTest {

    private static final List<Lead> LEADS = List.of(
            Lead.builder().email("jane.doe@acme.com").firstName("Jane").lastName("Doe").company("Acme Inc")
                    .title("Chief Executive Officer").website("https://www.acme.com").phone("+1 650-253-0000").build(),
            Lead.builder().email("sales@mailinator.com").build(),
            Lead.builder().email("bob.smith@gmail.com").firstName("Bob").lastName("Smith").company("Smith Consulting")
                    .title("Marketing Manager").phone("030 901820").country("Germany").build(),
            Lead.builder().website("https://initech.com").company("Initech").title("Director of IT").phone("12").build());

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String printed(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ServerCommand.commandLine(Map.of(), t -> { });
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "scoring-model";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(commandLine.execute(all)).as(err.toString()).isZero();
        return out.toString();
    }

    private static void assertScoresAlike(ScoringModel loaded) throws Exception {
        RuleBasedScorer fromFile = RuleBasedScorer.of(loaded);
        for (Lead lead : LEADS) {
            Enrichment e = new Enrichment(MapContext.enrich(lead));
            assertThat(fromFile.score(lead, e)).isEqualTo(RuleBasedScorer.defaults().score(lead, e));
        }
    }

    @Test
    void thePrintedDefaultModelLoadsBackAndScoresLikeTheBuiltInOne() throws Exception {
        String yaml = printed();
        assertThat(yaml).startsWith("# The leadjobs scoring model.").contains("base_score: 20", "  free_email: -10",
                "  high_score: 70", "  A: 80");

        ScoringModel loaded = ScoringModelFile.read(file("model.yaml", yaml));

        assertThat(loaded).isEqualTo(ScoringModel.defaults());
        assertScoresAlike(loaded);
    }

    @Test
    void thePrintedJsonModelLoadsBackToo() throws Exception {
        String json = printed("--format", "json");
        assertThat(json).startsWith("{").contains("\"free_email\" : -10");

        ScoringModel loaded = ScoringModelFile.read(file("model.json", json));

        assertThat(loaded).isEqualTo(ScoringModel.defaults());
        assertScoresAlike(loaded);
    }

    @Test
    void theCommandWritesToAFile() throws Exception {
        Path out = dir.resolve("written.yaml");
        printed("--output", out.toString());

        assertThat(ScoringModelFile.read(out)).isEqualTo(ScoringModel.defaults());
    }

    @Test
    void aFileNamesOnlyWhatItChanges() throws Exception {
        ScoringModel model = ScoringModelFile.read(file("partial.yml", """
                # tuned for the trade-show list
                base_score: 30
                thresholds:
                  high_score: 60
                grades: {A: 90}
                weights:
                  free_email: -25
                  seniority_manager: 0
                """));

        assertThat(model).isEqualTo(ScoringModel.builder().baseScore(30).highScoreThreshold(60).gradeFloor(Grade.A, 90)
                .weight("free_email", -25).weight("seniority_manager", 0).build());
    }

    private static String refusal(Path file) {
        try {
            ScoringModelFile.read(file);
        } catch (InvalidSettingException e) {
            assertThat(e.setting()).isEqualTo("LEADJOBS_SCORING_MODEL");
            return e.getMessage();
        }
        throw new AssertionError("the model in " + file + " was accepted");
    }

    @Test
    void anUnknownRuleIsRefusedNamingTheLineAndListingTheKnownRules() throws Exception {
        Path f = file("model.yaml", """
                base_score: 20
                weights:
                  email_valid: 10
                  free_mail: -20
                """);

        assertThat(refusal(f)).startsWith("LEADJOBS_SCORING_MODEL (--scoring-model): " + f
                        + ", line 4, column 14 (weights.free_mail): There is no scoring rule named free_mail;"
                        + " the known rules are email_valid, email_invalid, ")
                .contains("free_email", "domain_new", "smtp_catch_all");
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheLineAndField() throws Exception {
        Path f = file("model.yaml", "weights:\n  email_valid: 10\n\n  free_email: -250\n");

        assertThat(refusal(f)).isEqualTo("LEADJOBS_SCORING_MODEL (--scoring-model): " + f
                + ", line 4, column 15 (weights.free_email): weight of free_email must be between -100 and 100, was -250");
    }

    @Test
    void aValueThatIsNotAWholeNumberIsRefusedNamingTheLine() throws Exception {
        assertThat(refusal(file("a.yaml", "thresholds:\n  high_score: seventy\n")))
                .endsWith(", line 2, column 15 (thresholds.high_score): thresholds.high_score must be a whole number,"
                        + " was the text \"seventy\"");
        assertThat(refusal(file("b.yaml", "base_score: 20.5\n")))
                .endsWith(", line 1, column 13 (base_score): base_score must be a whole number, was 20.5");
        assertThat(refusal(file("c.yaml", "weights:\n  free_email: [1, 2]\n")))
                .endsWith(", line 2, column 15 (weights.free_email): weights.free_email must be a whole number, was a list");
    }

    @Test
    void unknownFieldsThresholdsAndGradesAreRefusedNamingTheLine() throws Exception {
        assertThat(refusal(file("a.yaml", "base_score: 20\nweight:\n  free_email: -5\n")))
                .endsWith(", line 2, column 1 (weight): unknown field weight; a scoring model has base_score, thresholds,"
                        + " grades and weights");
        assertThat(refusal(file("b.yaml", "thresholds:\n  high: 60\n")))
                .endsWith(", line 2, column 3 (thresholds.high): unknown threshold high; the thresholds are high_score,"
                        + " domain_new_days and domain_established_days");
        assertThat(refusal(file("c.yaml", "grades:\n  F: 10\n")))
                .endsWith(", line 2, column 3 (grades.F): unknown grade F; grades A, B, C, D and E have a lowest score"
                        + " (F is every score below E's)");
        assertThat(refusal(file("d.yaml", "weights: 5\n")))
                .endsWith(", line 1, column 10 (weights): weights must be a mapping of rule names, was 5");
    }

    @Test
    void gradesThatDoNotFallAreRefusedNamingTheGradesLine() throws Exception {
        Path f = file("model.yaml", "base_score: 20\ngrades:\n  A: 80\n  B: 85\n");

        assertThat(refusal(f)).isEqualTo("LEADJOBS_SCORING_MODEL (--scoring-model): " + f + ", line 2, column 1 (grades):"
                + " The lowest scores of the grades must fall strictly from A to E, but grade B starts at 85 and grade A at 80.");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheLine() throws Exception {
        assertThat(refusal(file("model.yaml", "weights:\n  free_email: -5\n  free_email: -50\n")))
                .contains(", line 3").contains("not valid YAML").contains("free_email");
    }

    @Test
    void brokenYamlAndJsonAreRefusedNamingTheLine() throws Exception {
        assertThat(refusal(file("model.yaml", "weights:\n  free_email: -5\n bad: 1\n")))
                .contains(", line 3, column 2: not valid YAML: expected <block end>, but found");
        assertThat(refusal(file("model.json", "{\n  \"weights\": {\n    \"free_email\": -5,\n  }\n}\n")))
                .contains(", line 4").contains("not valid JSON");
    }

    @Test
    void aMissingOrEmptyFileIsRefused() throws Exception {
        assertThat(refusal(dir.resolve("nope.yaml"))).isEqualTo("LEADJOBS_SCORING_MODEL (--scoring-model): "
                + dir.resolve("nope.yaml") + " does not exist");
        assertThat(refusal(file("empty.yaml", ""))).contains("is empty");
        assertThat(refusal(file("list.yaml", "- 1\n- 2\n")))
                .endsWith(", line 1, column 1: the model must be a mapping of base_score, thresholds, grades and weights,"
                        + " was a list");
    }

    @Test
    void theSettingLoadsTheFileIntoTheServersSettings() throws Exception {
        Path f = file("model.yaml", "weights:\n  free_email: -33\n");

        ServerSettings settings = SettingsParser.parse(Map.of("LEADJOBS_SCORING_MODEL", f.toString(),
                "LEADJOBS_IN_MEMORY", "true"), SettingsParser::randomSecret);

        assertThat(settings.scoringModel().weights()).containsEntry("free_email", -33);
        assertThat(SettingsParser.parse(Map.of("LEADJOBS_IN_MEMORY", "true"), SettingsParser::randomSecret).scoringModel())
                .isEqualTo(ScoringModel.defaults());
    }
}
