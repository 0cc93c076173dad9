package io.leadjobs.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.enrich.MapContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleBasedScorerTest {

    static final Lead CEO = Lead.builder().email("jane.doe@acme.com").firstName("Jane").lastName("Doe").company("Acme Inc")
            .title("Chief Executive Officer").website("https://www.acme.com").phone("+1 650-253-0000").build();
    static final Lead DISPOSABLE_ROLE = Lead.builder().email("sales@mailinator.com").build();
    static final Lead FREE_MAIL_MANAGER = Lead.builder().email("bob.smith@gmail.com").firstName("Bob").lastName("Smith")
            .company("Smith Consulting").title("Marketing Manager").phone("030 901820").country("Germany").build();
    static final Lead WEBSITE_ONLY = Lead.builder().website("https://initech.com").company("Initech").title("Director of IT")
            .phone("12").country("US").build();

    /** Runs the default enrichers the way the pipeline does. */
    static Enrichment enrich(Lead lead) throws Exception {
        return new Enrichment(MapContext.enrich(lead));
    }

    static LeadScore score(RuleBasedScorer scorer, Lead lead) throws Exception {
        return scorer.score(lead, enrich(lead));
    }

    @Test
    void ceoWithBusinessEmailMatchingWebsiteScoresTheMaximum() throws Exception {
        LeadScore s = score(RuleBasedScorer.defaults(), CEO);

        // 20 + 10 + 15 + 25 + 5 + 5 + 10 + 10 + 5 + 5 = 110, clamped to 100
        assertThat(s.score()).isEqualTo(100);
        assertThat(s.grade()).isEqualTo(Grade.A);
        assertThat(s.highScore()).isTrue();
        assertThat(s.reasons()).containsExactly(
                new ScoreReason("email_valid", 10, "Email address is well formed"),
                new ScoreReason("business_email", 15, "Email is on a company domain (acme.com)"),
                new ScoreReason("seniority_c_level", 25, "Title is C-level or founder"),
                new ScoreReason("target_department", 5, "Works in the company's leadership"),
                new ScoreReason("company_domain", 5, "Company domain is acme.com"),
                new ScoreReason("email_matches_website", 10, "Email domain matches the company website"),
                new ScoreReason("phone_valid", 10, "Phone number is valid (US, fixed line or mobile)"),
                new ScoreReason("full_name", 5, "First and last name given"),
                new ScoreReason("company_name", 5, "Company name given"));
    }

    @Test
    void disposableRoleAccountScoresZero() throws Exception {
        LeadScore s = score(RuleBasedScorer.defaults(), DISPOSABLE_ROLE);

        // 20 + 10 - 40 - 15 = -25, clamped to 0
        assertThat(s.score()).isZero();
        assertThat(s.grade()).isEqualTo(Grade.F);
        assertThat(s.highScore()).isFalse();
        assertThat(s.reasons()).containsExactly(
                new ScoreReason("email_valid", 10, "Email address is well formed"),
                new ScoreReason("disposable_email", -40, "Email is on a disposable-mail domain (mailinator.com)"),
                new ScoreReason("role_account", -15, "Email is a shared role account, not a person"));
    }

    @Test
    void freeMailMarketingManagerIsAMiddlingLead() throws Exception {
        LeadScore s = score(RuleBasedScorer.defaults(), FREE_MAIL_MANAGER);

        // 20 + 10 - 10 + 10 + 5 + 10 + 5 + 5 = 55
        assertThat(s.score()).isEqualTo(55);
        assertThat(s.grade()).isEqualTo(Grade.C);
        assertThat(s.highScore()).isFalse();
        assertThat(s.reasons()).containsExactly(
                new ScoreReason("email_valid", 10, "Email address is well formed"),
                new ScoreReason("free_email", -10, "Email is on a free-mail provider (gmail.com)"),
                new ScoreReason("seniority_manager", 10, "Title is manager level"),
                new ScoreReason("target_department", 5, "Works in marketing"),
                new ScoreReason("phone_valid", 10, "Phone number is valid (DE, fixed line)"),
                new ScoreReason("full_name", 5, "First and last name given"),
                new ScoreReason("company_name", 5, "Company name given"));
    }

    @Test
    void websiteOnlyDirectorWithBadPhone() throws Exception {
        LeadScore s = score(RuleBasedScorer.defaults(), WEBSITE_ONLY);

        // 20 - 10 + 15 + 5 - 5 + 5 = 30
        assertThat(s.score()).isEqualTo(30);
        assertThat(s.grade()).isEqualTo(Grade.E);
        assertThat(s.reasons()).extracting(ScoreReason::rule, ScoreReason::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("no_email", -10),
                org.assertj.core.groups.Tuple.tuple("seniority_director", 15),
                org.assertj.core.groups.Tuple.tuple("company_domain", 5),
                org.assertj.core.groups.Tuple.tuple("phone_invalid", -5),
                org.assertj.core.groups.Tuple.tuple("company_name", 5));
    }

    @Test
    void hostCanReweightRemoveAndAddRules() throws Exception {
        Enrichment.Signal<Boolean> noMx = Enrichment.Signal.of("mx_missing", Boolean.class);
        RuleBasedScorer scorer = RuleBasedScorer.builder()
                .weight("free_email", -30)
                .removeRule("company_name")
                .addRule(ScoringRule.whenSignal("no_mx", -40, noMx, "Email domain has no mail server"))
                .build();
        Map<String, Object> signals = new LinkedHashMap<>(enrich(FREE_MAIL_MANAGER).signals());
        signals.put("mx_missing", true);

        LeadScore s = scorer.score(FREE_MAIL_MANAGER, new Enrichment(signals));

        // 55 - 20 (free_email now -30) - 5 (company_name removed) - 40 (no_mx) = -10, clamped to 0
        assertThat(s.score()).isZero();
        assertThat(s.reasons()).extracting(ScoreReason::rule).containsExactly(
                "email_valid", "free_email", "seniority_manager", "target_department", "phone_valid", "full_name", "no_mx");
        assertThat(s.reasons()).contains(new ScoreReason("free_email", -30, "Email is on a free-mail provider (gmail.com)"));
    }

    @Test
    void thresholdAndGradeFloorsAreConfigurable() throws Exception {
        RuleBasedScorer scorer = RuleBasedScorer.builder().highScoreThreshold(55).gradeFloors(90, 70, 56, 40, 10).build();

        LeadScore s = score(scorer, FREE_MAIL_MANAGER);

        assertThat(s.highScore()).isTrue();
        assertThat(s.grade()).isEqualTo(Grade.D);
    }

    @Test
    void builderRefusesUnknownDuplicateAndBadlyNamedRules() {
        assertThatThrownBy(() -> RuleBasedScorer.builder().weight("no_such_rule", 5))
                .isInstanceOf(LeadJobsException.class)
                .hasMessageStartingWith("There is no scoring rule named no_such_rule; known rules are [email_valid,");
        assertThatThrownBy(() -> RuleBasedScorer.builder().addRule(ScoringRule.when("full_name", 1, (l, e) -> true, "x")))
                .hasMessage("A scoring rule named full_name is already configured; remove it first or pick another name.");
        assertThatThrownBy(() -> RuleBasedScorer.builder().addRule(ScoringRule.when("Bad Name", 1, (l, e) -> true, "x")))
                .hasMessage("rule name must be snake_case (a-z, 0-9, _), was Bad Name");
        assertThatThrownBy(() -> RuleBasedScorer.builder().gradeFloors(80, 80, 50, 35, 20))
                .hasMessage("gradeFloors must be strictly falling values between 1 and 100, was [80, 80, 50, 35, 20]");
    }

    @Test
    void scoreIsClampedAtBothEnds() {
        RuleBasedScorer high = RuleBasedScorer.builder().clearRules().baseScore(100)
                .addRule(ScoringRule.when("bonus", 50, (l, e) -> true, "always")).build();
        RuleBasedScorer low = RuleBasedScorer.builder().clearRules().baseScore(-100).build();

        assertThat(high.score(CEO, Enrichment.empty()).score()).isEqualTo(100);
        assertThat(low.score(CEO, Enrichment.empty()).score()).isZero();
        assertThat(low.score(CEO, Enrichment.empty()).reasons()).isEmpty();
    }
}
