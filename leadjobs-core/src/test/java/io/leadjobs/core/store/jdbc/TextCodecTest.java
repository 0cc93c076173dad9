package io.leadjobs.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.ScoreReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextCodecTest {
    private static final String AWKWARD = "a\\b;c,d=e:f\ng\rh\0i \"j\" 'k' ü 😀 \\n";

    @Test
    void roundTripsEveryValueTypeAnEnrichmentAllows() {
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("text", "mx.example.com");
        signals.put("empty_text", "");
        signals.put("awkward_text", AWKWARD);
        signals.put("yes", true);
        signals.put("no", false);
        signals.put("int_min", Integer.MIN_VALUE);
        signals.put("int_max", Integer.MAX_VALUE);
        signals.put("long_small", 1L);
        signals.put("long_min", Long.MIN_VALUE);
        signals.put("long_max", Long.MAX_VALUE);
        signals.put("double", 0.1 + 0.2);
        signals.put("double_tiny", Double.MIN_VALUE);
        signals.put("double_negative_zero", -0.0);
        signals.put("double_nan", Double.NaN);
        signals.put("double_infinite", Double.NEGATIVE_INFINITY);
        signals.put("list", List.of("saas", "b2b"));
        signals.put("list_empty", List.of());
        signals.put("list_of_one_empty", List.of(""));
        signals.put("list_of_empties", List.of("", "", ""));
        signals.put("list_awkward", List.of(AWKWARD, ",", ";", ":", "\\"));
        signals.put(AWKWARD, "awkward key");
        Enrichment original = new Enrichment(signals);

        Enrichment back = TextCodec.decodeEnrichment(TextCodec.encodeEnrichment(original));

        assertThat(back).isEqualTo(original);
        assertThat(back.signals().keySet()).containsExactlyElementsOf(signals.keySet());
        signals.forEach((k, v) -> assertThat(back.signals().get(k)).as(k).isInstanceOf(v instanceof List ? List.class : v.getClass()));
        assertThat((Double) back.signals().get("double_negative_zero")).isEqualTo(-0.0).matches(d -> 1 / d < 0, "negative zero");
    }

    @Test
    void keepsIntegerAndLongApart() {
        Enrichment e = new Enrichment(Map.of("a", 5, "b", 5L));
        Enrichment back = TextCodec.decodeEnrichment(TextCodec.encodeEnrichment(e));
        assertThat(back.signals().get("a")).isInstanceOf(Integer.class);
        assertThat(back.signals().get("b")).isInstanceOf(Long.class);
    }

    @Test
    void encodesEmptyThingsAsEmptyText() {
        assertThat(TextCodec.encodeEnrichment(Enrichment.empty())).isEmpty();
        assertThat(TextCodec.decodeEnrichment("")).isEqualTo(Enrichment.empty());
        assertThat(TextCodec.decodeReasons("")).isEmpty();
        assertThat(TextCodec.decodeExtra("")).isEmpty();
    }

    @Test
    void staysReadableInASqlConsole() {
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("free_email", true);
        signals.put("mx_host", "mx.example.com");
        signals.put("tags", List.of("saas", "b2b"));
        assertThat(TextCodec.encodeEnrichment(new Enrichment(signals))).isEqualTo("free_email=b:true;mx_host=s:mx.example.com;tags=L:2:saas,b2b");
        assertThat(TextCodec.encodeReasons(List.of(new ScoreReason("title", 20, "VP, Sales"))))
                .isEqualTo("title,20,VP\\, Sales");
    }

    @Test
    void roundTripsScoreReasonsInOrder() {
        List<ScoreReason> reasons = List.of(new ScoreReason("title_seniority", 20, "VP of Sales"),
                new ScoreReason("free_email", -10, AWKWARD), new ScoreReason(AWKWARD, 0, ""),
                new ScoreReason("", Integer.MIN_VALUE, ";;"));
        assertThat(TextCodec.decodeReasons(TextCodec.encodeReasons(reasons))).containsExactlyElementsOf(reasons);
    }

    @Test
    void roundTripsExtraFieldsInOrder() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("zeta", "last in name, first in order");
        extra.put(AWKWARD, AWKWARD);
        extra.put("", "");
        extra.put("alpha", "=");
        assertThat(TextCodec.decodeExtra(TextCodec.encodeExtra(extra))).containsExactlyEntriesOf(extra);
    }

    @Test
    void roundTripsRandomStrings() {
        Random random = new Random(42);
        char[] alphabet = "ab;,=:\\\n\r\0 x".toCharArray();
        for (int n = 0; n < 2000; n++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            Map<String, Object> signals = new LinkedHashMap<>();
            signals.put(s, s);
            signals.put(s + "#list", new ArrayList<>(Arrays.asList(s, s)));
            Enrichment e = new Enrichment(signals);
            assertThat(TextCodec.decodeEnrichment(TextCodec.encodeEnrichment(e))).as("'%s'", s).isEqualTo(e);
            assertThat(TextCodec.decodeExtra(TextCodec.encodeExtra(Map.of(s, s)))).isEqualTo(Map.of(s, s));
        }
    }

    @Test
    void refusesValuesAnEnrichmentDoesNotAllowNamingTheSignal() {
        assertThatThrownBy(() -> TextCodec.encodeEnrichment(new Enrichment(Map.of("ratio", 1.5f))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("enrichment signal 'ratio' has a value of type java.lang.Float; allowed are String, Boolean, Integer, Long, Double and List<String>");
        assertThatThrownBy(() -> TextCodec.encodeEnrichment(new Enrichment(Map.of("ids", List.of(1, 2)))))
                .hasMessage("enrichment signal 'ids' is a list whose item 0 is java.lang.Integer; lists may hold only Strings");
    }

    @Test
    void saysWhatIsWrongWithMalformedText() {
        assertThatThrownBy(() -> TextCodec.decodeEnrichment("employees=i:many"))
                .hasMessage("Malformed enrichment signal 'employees' in stored text 'employees=i:many': 'many' is not an integer");
        assertThatThrownBy(() -> TextCodec.decodeEnrichment("x=q:1"))
                .hasMessageContaining("unknown type tag 'q'");
        assertThatThrownBy(() -> TextCodec.decodeEnrichment("tags=L:3:a,b"))
                .hasMessageContaining("list says 3 items but holds 2");
        assertThatThrownBy(() -> TextCodec.decodeEnrichment("flag=b:yes"))
                .hasMessageContaining("'yes' is not true or false");
        assertThatThrownBy(() -> TextCodec.decodeReasons("title,20"))
                .hasMessageContaining("expected rule,points,detail but found 2 fields");
        assertThatThrownBy(() -> TextCodec.decodeExtra("novalue"))
                .hasMessageContaining("no '=' in 'novalue'");
    }
}
