package io.leadjobs.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.ScoreReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes of binary COPY text fields: what {@link String#getBytes} and {@link TextCodec} would give, written in place. */
class PgCopyTest {
    private static final char[] CHARS = {'a', 'Z', ' ', ';', ',', '=', ':', '\\', '\n', '\r', '\0', 0x7f, 0x80, 0xe9, 0x7ff,
        0x800, 0x6771, 0xfffd, 0xffff, '\ud83d', '\ude00', '\udbff', '\udfff'};

    @Test
    void writesPlainTextAsUtf8IncludingSurrogatePairsAndLoneSurrogatesAsStringGetBytesDoes() throws SQLException {
        Random random = new Random(11);
        for (int n = 0; n < 5_000; n++) {
            String s = randomString(random);

            byte[] field = onlyField(PgCopy.rows(16).row(1).text(s));

            assertThat(field).as("'%s'", s).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesTheStoredTextFormatExactlyAsTextCodecEncodesIt() throws SQLException {
        Random random = new Random(12);
        for (int n = 0; n < 2_000; n++) {
            String a = randomString(random);
            String b = randomString(random);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(a, b);
            extra.put(b + "x", a);
            List<ScoreReason> reasons = List.of(new ScoreReason(a, -5, b), new ScoreReason(b, 12, a));
            Map<String, Object> signals = new LinkedHashMap<>();
            signals.put(a, b);
            signals.put(b + "#", List.of(a, b, ""));
            signals.put("n", 42);
            Enrichment enrichment = new Enrichment(signals);

            assertThat(onlyField(PgCopy.rows(16).row(1).text(extra, TextCodec::encodeExtra)))
                    .isEqualTo(TextCodec.encodeExtra(extra).getBytes(StandardCharsets.UTF_8));
            assertThat(onlyField(PgCopy.rows(16).row(1).text(reasons, TextCodec::encodeReasons)))
                    .isEqualTo(TextCodec.encodeReasons(reasons).getBytes(StandardCharsets.UTF_8));
            assertThat(onlyField(PgCopy.rows(16).row(1).text(enrichment, TextCodec::encodeEnrichment)))
                    .isEqualTo(TextCodec.encodeEnrichment(enrichment).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void rowsEncodedInMemoryAreTheFieldCountThenEachFieldsLengthAndBytes() throws SQLException {
        PgCopy rows = PgCopy.rows(8); // smaller than the rows: the buffer grows
        rows.row(2).int4(7).text("Zoë");
        rows.row(1).bool(true);

        ByteBuffer bytes = ByteBuffer.wrap(rows.toBytes());

        assertThat(bytes.getShort()).isEqualTo((short) 2);
        assertThat(bytes.getInt()).isEqualTo(4);
        assertThat(bytes.getInt()).isEqualTo(7);
        assertThat(bytes.getInt()).isEqualTo(4);
        byte[] text = new byte[4];
        bytes.get(text);
        assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("Zoë");
        assertThat(bytes.getShort()).isEqualTo((short) 1);
        assertThat(bytes.getInt()).isEqualTo(1);
        assertThat(bytes.get()).isEqualTo((byte) 1);
        assertThat(bytes.hasRemaining()).isFalse();
    }

    /** The one text field of a one-field row: after the field count (2 bytes) and its length (4 bytes). */
    private static byte[] onlyField(PgCopy row) {
        byte[] all = row.toBytes();
        int length = ByteBuffer.wrap(all, 2, 4).getInt();
        assertThat(all).hasSize(6 + length);
        return Arrays.copyOfRange(all, 6, all.length);
    }

    private static String randomString(Random random) {
        char[] chars = new char[random.nextInt(10)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = CHARS[random.nextInt(CHARS.length)];
        }
        return new String(chars);
    }
}
