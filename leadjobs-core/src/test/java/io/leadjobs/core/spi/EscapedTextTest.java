package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EscapedTextTest {
    private final EscapedText pipes = EscapedText.separators('|');

    private String escaped(EscapedText escaping, String s) {
        StringBuilder sb = new StringBuilder(">");
        escaping.escape(s, sb);
        return sb.toString();
    }

    @Test
    void escapesTheBackslashTheFormatsSeparatorsAndWhatPostgresTextCannotHold() {
        assertThat(escaped(pipes, "a|b\\c\nd\re\0f")).isEqualTo(">a\\|b\\\\c\\nd\\re\\0f");
        assertThat(escaped(EscapedText.separators(';', '='), "k=v;w|x")).isEqualTo(">k\\=v\\;w|x");
    }

    @Test
    void leavesTextWithoutSuchCharactersAsItIs() {
        assertThat(escaped(pipes, "Grüße, 東京 = fine; ok")).isEqualTo(">Grüße, 東京 = fine; ok");
        assertThat(pipes.escapeCode('a')).isEqualTo((char) 0);
        assertThat(pipes.escapeCode('東')).isEqualTo((char) 0);
        assertThat(pipes.escapeCode('|')).isEqualTo('|');
        assertThat(pipes.escapeCode('\n')).isEqualTo('n');
    }

    @Test
    void unescapeGivesBackWhatWasEscaped() {
        String original = "a|b\\c\nd\re\0f;=:,";
        String text = escaped(EscapedText.separators('|', ';', '=', ':', ','), original).substring(1);
        assertThat(EscapedText.unescape(text)).isEqualTo(original);
        assertThat(EscapedText.unescape("no escapes")).isEqualTo("no escapes");
    }

    @Test
    void aBackslashAtTheVeryEndStaysAsItIs() {
        assertThat(EscapedText.unescape("ends in \\")).isEqualTo("ends in \\");
    }

    @Test
    void refusesSeparatorsThatWouldCollideWithTheEscapeCodes() {
        assertThatThrownBy(() -> EscapedText.separators('n'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A separator must be an ASCII character other than n, r and 0, was 'n'");
        assertThatThrownBy(() -> EscapedText.separators('é'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 'é'");
    }
}
