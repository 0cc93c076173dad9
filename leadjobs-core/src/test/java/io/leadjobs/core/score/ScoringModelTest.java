package io.leadjobs.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringModelTest {

    private static final List<Lead> LEADS = List.of(RuleBasedScorerTest.CEO, RuleBasedScorerTest.DISPOSABLE_ROLE,
            RuleBasedScorerTest.FREE_MAIL_MANAGER, RuleBasedScorerTest.WEBSITE_ONLY);

    private static Map<String, Object> domainAged(int days) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email_valid", true);
        m.put("email_domain", "acme.test");
        m.put("free_email", false);
        m.put("company_domain", "acme.test");
        m.put("domain_age_days", days);
        return m;
    }

    private static List<String> rules(LeadScore s) {
        return s.reasons().stream().map(ScoreReason::rule).toList();
    }

    @Test
    void theDefaultModelHoldsTheDefaultScorersNumbers() {
        ScoringModel model = ScoringModel.defaults();

        assertThat(model.baseScore()).isEqualTo(DefaultModel.BASE_SCORE);
        assertThat(model.highScoreThreshold()).isEqualTo(70);
        assertThat(model.gradeFloors()).containsExactly(Map.entry(Grade.A, 80), Map.entry(Grade.B, 65),
                Map.entry(Grade.C, 50), Map.entry(Grade.D, 35), Map.entry(Grade.E, 20));
        assertThat(model.weights().keySet()).containsExactlyElementsOf(RuleBasedScorer.defaults().ruleNames());
        assertThat(model.weights()).containsEntry("email_valid", 10).containsEntry("disposable_email", -40)
                .containsEntry("domain_new", -15);
        assertThat(ScoringModel.builder().build()).isEqualTo(model);
    }

    @Test
    void aScorerOfTheDefaultModelScoresLikeTheDefaultScorer() throws Exception {
        RuleBasedScorer fromModel = RuleBasedScorer.of(ScoringModel.defaults());
        for (Lead lead : LEADS) {
            Enrichment e = RuleBasedScorerTest.enrich(lead);
            assertThat(fromModel.score(lead, e)).isEqualTo(RuleBasedScorer.defaults().score(lead, e));
        }
    }

    @Test
    void aWeightChangesTheRulesPointsAndZeroSwitchesItOff() throws Exception {
        Lead lead = RuleBasedScorerTest.FREE_MAIL_MANAGER;
        Enrichment e = RuleBasedScorerTest.enrich(lead);
        LeadScore before = RuleBasedScorer.defaults().score(lead, e);

        LeadScore after = RuleBasedScorer.of(ScoringModel.builder().weight("free_email", -30).weight("full_name", 0)
                .build()).score(lead, e);

        assertThat(rules(before)).contains("free_email", "full_name");
        assertThat(after.reasons()).contains(new ScoreReason("free_email", -30, "Email is on a free-mail provider (gmail.com)"));
        assertThat(rules(after)).doesNotContain("full_name");
        assertThat(after.score()).isEqualTo(before.score() - 20 - 5);
    }

    @Test
    void baseScoreThresholdAndGradeFloorsMoveScoreAndGrade() throws Exception {
        Lead lead = RuleBasedScorerTest.FREE_MAIL_MANAGER;
        Enrichment e = RuleBasedScorerTest.enrich(lead);
        LeadScore before = RuleBasedScorer.defaults().score(lead, e);

        int raised = before.score() + 10;
        ScoringModel model = ScoringModel.builder().baseScore(30).highScoreThreshold(raised)
                .gradeFloor(Grade.A, raised).gradeFloor(Grade.B, raised - 5).gradeFloor(Grade.C, raised - 10)
                .gradeFloor(Grade.D, raised - 15).gradeFloor(Grade.E, raised - 20).build();
        LeadScore after = RuleBasedScorer.of(model).score(lead, e);

        assertThat(after.score()).isEqualTo(raised);
        assertThat(after.grade()).isEqualTo(Grade.A);
        assertThat(before.grade()).isNotEqualTo(Grade.A);
        assertThat(after.highScore()).isTrue();
    }

    @Test
    void domainAgeThresholdsDecideWhichDomainIsNewOrEstablished() {
        Lead lead = Lead.builder().email("jane@acme.test").build();
        RuleBasedScorer defaults = RuleBasedScorer.defaults();
        RuleBasedScorer tuned = RuleBasedScorer.of(ScoringModel.builder().newDomainDays(200).establishedDomainDays(365).build());

        assertThat(rules(defaults.score(lead, new Enrichment(domainAged(150))))).doesNotContain("domain_new");
        assertThat(rules(tuned.score(lead, new Enrichment(domainAged(150))))).contains("domain_new");
        assertThat(rules(defaults.score(lead, new Enrichment(domainAged(400))))).doesNotContain("domain_established");
        assertThat(rules(tuned.score(lead, new Enrichment(domainAged(400))))).contains("domain_established");
    }

    @Test
    void anUnknownRuleIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ScoringModel.builder().weight("free_mail", 5))
                .isInstanceOf(LeadJobsException.class)
                .hasMessageStartingWith("There is no scoring rule named free_mail; the known rules are email_valid, ")
                .hasMessageContaining("free_email")
                .hasMessageContaining("smtp_catch_all");
    }

    @Test
    void outOfRangeNumbersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScoringModel.builder().weight("free_email", -101))
                .hasMessage("weight of free_email must be between -100 and 100, was -101");
        assertThatThrownBy(() -> ScoringModel.builder().baseScore(101))
                .hasMessage("base_score must be between -100 and 100, was 101");
        assertThatThrownBy(() -> ScoringModel.builder().highScoreThreshold(-1))
                .hasMessage("high_score must be between 0 and 100, was -1");
        assertThatThrownBy(() -> ScoringModel.builder().newDomainDays(0))
                .hasMessage("domain_new_days must be between 1 and 36525 days, was 0");
        assertThatThrownBy(() -> ScoringModel.builder().gradeFloor(Grade.C, 0))
                .hasMessage("the lowest score of grade C must be between 1 and 100, was 0");
        assertThatThrownBy(() -> ScoringModel.builder().gradeFloor(Grade.F, 10))
                .hasMessageContaining("Grade F has no lowest score");
    }

    @Test
    void gradeFloorsThatDoNotFallAreRefusedNamingTheGrades() {
        ScoringModel.Builder b = ScoringModel.builder().gradeFloor(Grade.C, 70);

        assertThatThrownBy(b::build).isInstanceOf(LeadJobsException.class)
                .hasMessage("The lowest scores of the grades must fall strictly from A to E, but grade C starts at 70"
                        + " and grade B at 65.");
        assertThat(b.gradeFloor(Grade.B, 75).build().gradeFloors()).containsEntry(Grade.B, 75).containsEntry(Grade.C, 70);
    }

    @Test
    void aDomainCannotBeNewAndEstablishedAtOnce() {
        assertThatThrownBy(() -> ScoringModel.builder().newDomainDays(400).establishedDomainDays(300).build())
                .hasMessageContaining("domain_new_days (400) must not be above domain_established_days (300)");
    }

    @Test
    void aBuiltModelCannotBeChanged() {
        ScoringModel model = ScoringModel.defaults();
        assertThatThrownBy(() -> model.weights().put("free_email", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> model.gradeFloors().put(Grade.A, 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
