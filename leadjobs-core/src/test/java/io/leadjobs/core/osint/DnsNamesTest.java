package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsNamesTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "Acme.COM|acme.com",
            "  acme.com.  |acme.com",
            "mail.acme.co.uk|mail.acme.co.uk",
            "a-b.example|a-b.example",
            "xn--bcher-kva.de|xn--bcher-kva.de",
            "Bücher.de|xn--bcher-kva.de",
            "münchen.example|xn--mnchen-3ya.example",
            "localhost|none",
            "acme..com|none",
            ".acme.com|none",
            "-acme.com|none",
            "acme-.com|none",
            "ac_me.com|none",
            "acme.com/path|none",
            "user@acme.com|none",
            "''|none",
            ".|none",
    })
    void normalisesMailDomains(String raw, String expected) {
        assertThat(DnsNames.normalise(raw)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aHostMayHaveOneLabel() {
        assertThat(DnsNames.normaliseHost("Intranet")).contains("intranet");
        assertThat(DnsNames.normalise("intranet")).isEmpty();
    }

    @Test
    void labelsOfSixtyThreeCharactersPassAndLongerOnesDoNot() {
        String label63 = "a".repeat(63);
        assertThat(DnsNames.normalise(label63 + ".com")).contains(label63 + ".com");
        assertThat(DnsNames.normalise("a" + label63 + ".com")).isEmpty();
        String name253 = ("a".repeat(62) + ".").repeat(4) + "a".repeat(1); // 4 * 63 + 1 = 253
        assertThat(DnsNames.normalise(name253)).contains(name253);
        assertThat(DnsNames.normalise(name253 + "a")).isEmpty();
    }

    /**
     * The ASCII names skip IDNA; every name, ASCII or not, must come out exactly as it does when all of them go
     * through IDNA and a pattern per label.
     */
    @Test
    void givesWhatIdnaAndAPatternPerLabelGiveForAnyName() {
        String alphabet = "abcXYZ0129-._ éüİ\u3002@/";
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(random.nextInt(8) == 0 ? 80 : 16);
            for (int i = 0; i < length; i++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = name.toString();
            assertThat(DnsNames.normalise(raw)).as("normalise(\"%s\")", raw).isEqualTo(throughIdna(raw, 2));
            assertThat(DnsNames.normaliseHost(raw)).as("normaliseHost(\"%s\")", raw).isEqualTo(throughIdna(raw, 1));
        }
    }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    /** Every name through IDNA, then each label checked by a pattern. */
    private static Optional<String> throughIdna(String raw, int minLabels) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 253) {
            return Optional.empty();
        }
        try {
            s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] labels = s.split("\\.", -1);
        if (labels.length < minLabels) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }
}
