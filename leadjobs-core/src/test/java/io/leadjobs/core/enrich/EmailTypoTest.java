package io.leadjobs.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.score.RuleBasedScorer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTypoTest {

    private static Map<String, Object> signals(String email) throws Exception {
        return MapContext.enrich(Lead.builder().email(email).build());
    }

    @ParameterizedTest
    @CsvSource({
            "jane@gmial.com, jane@gmail.com",
            "jane@gmai.com, jane@gmail.com",
            "jane@gnail.com, jane@gmail.com",
            "bob@yaho.co, bob@yahoo.com",
            "bob@yahooo.com, bob@yahoo.com",
            "ann@hotmial.con, ann@hotmail.com",
            "ann@hotmail.co, ann@hotmail.com",
            "ann@outlok.com, ann@outlook.com",
            "Ann.Lee+x@Hotmial.com, Ann.Lee+x@hotmail.com",
            "max@gmx.nte, max@gmx.net",
            "ceo@acme.con, ceo@acme.com",
            "ceo@acme.cmo, ceo@acme.com",
            "ceo@acme.ogr, ceo@acme.org",
            "ceo@mail.acme.nte, ceo@mail.acme.net",
    })
    void suggestsTheAddressProbablyMeant(String typed, String meant) throws Exception {
        Map<String, Object> s = signals(typed);

        assertThat(s).containsEntry("email_suggestion", meant);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jane@gmail.com", "bob@yahoo.co.uk", "ann@hotmail.fr", "ceo@acme.com", "ceo@acme.co", "ceo@acme.de",
            "me@mo.com", "x@aob.com", "x@gmc.de", "x@wed.de", "x@acme.cm", "x@stripe.com", "x@gitlab.com",
            "x@mail.ch", "x@hey.de"})
    void leavesAddressesThatLookAsIntendedAlone(String email) throws Exception {
        assertThat(signals(email)).doesNotContainKey("email_suggestion");
    }

    @Test
    void neverRewritesTheAddressItself() throws Exception {
        Map<String, Object> s = signals("jane@gmial.com");

        assertThat(s).containsEntry("email_domain", "gmial.com").containsEntry("email_valid", true)
                .containsEntry("email_suggestion", "jane@gmail.com");
    }

    @Test
    void anInvalidAddressGetsNoSuggestion() throws Exception {
        assertThat(signals("jane@@gmial.com")).doesNotContainKey("email_suggestion");
    }

    @Test
    void theScorerGivesAReadableReasonWithTheSuggestion() throws Exception {
        Lead lead = Lead.builder().email("jane@gmial.com").build();
        LeadScore typo = RuleBasedScorer.defaults().score(lead, new Enrichment(MapContext.enrich(lead)));
        Lead right = Lead.builder().email("jane@gmail.com").build();
        LeadScore fine = RuleBasedScorer.defaults().score(right, new Enrichment(MapContext.enrich(right)));

        ScoreReason reason = typo.reasons().stream().filter(r -> r.rule().equals("email_domain_typo")).findFirst()
                .orElseThrow();
        assertThat(reason.points()).isEqualTo(-20);
        assertThat(reason.detail()).isEqualTo("Email domain gmial.com looks mistyped; did they mean jane@gmail.com?");
        assertThat(fine.reasons()).extracting(ScoreReason::rule).doesNotContain("email_domain_typo");
    }

    @Test
    void distanceCountsSwappedNeighboursAsOneEdit() {
        assertThat(EmailTypo.distance("gmial", "gmail", 2)).isEqualTo(1);
        assertThat(EmailTypo.distance("hotmial.con", "hotmail.com", 2)).isEqualTo(2);
        assertThat(EmailTypo.distance("abc", "abcdef", 2)).isEqualTo(3);
        assertThat(EmailTypo.distance("kitten", "sitting", 5)).isEqualTo(3);
    }
}
