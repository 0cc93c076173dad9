package io.leadjobs.server.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** Which field of the record after the last good one breaks the quoting, as the CSV error messages name it. */
class TrackingReaderTest {

    /** Reads all of {@code text}; a good record, when there is one, starts at position 0. */
    private static TrackingReader readAll(String text, char delimiter, boolean goodRecordFirst) throws IOException {
        TrackingReader reader = new TrackingReader(new StringReader(text), delimiter, 10_000, () -> 1);
        if (goodRecordFirst) {
            reader.recordStartsAt(0);
        }
        char[] buffer = new char[7];
        while (reader.read(buffer, 0, buffer.length) >= 0) {
            // the reader keeps what passes through it
        }
        return reader;
    }

    @Test
    void skipsAGoodRecordWithQuotedDelimitersAndLineBreaksBeforeNamingTheUnclosedField() throws IOException {
        TrackingReader reader = readAll("\"a,b\",\"c\nd\"\nx,\"y,z\n", ',', true);

        assertThat(reader.failingField()).isEqualTo(2);
        assertThat(reader.unterminatedQuote()).isTrue();
    }

    @Test
    void namesTheFieldWithTextAfterItsClosingQuote() throws IOException {
        TrackingReader reader = readAll("a,b\r\nc,\"d\"e,f\r\n", ',', true);

        assertThat(reader.failingField()).isEqualTo(2);
        assertThat(reader.unterminatedQuote()).isFalse();
    }

    @Test
    void doubledQuotesInsideAQuotedFieldAreText() throws IOException {
        TrackingReader reader = readAll("\"say \"\"hi\"\"\";ok;\"bad\"x\n", ';', false);

        assertThat(reader.failingField()).isEqualTo(3);
        assertThat(reader.unterminatedQuote()).isFalse();
    }

    @Test
    void blankLinesBetweenTheRecordsAreSkippedAsTheParserSkipsThem() throws IOException {
        TrackingReader reader = readAll("a\tb\n\r\n\n\"c\td\n", '\t', true);

        assertThat(reader.failingField()).isEqualTo(1);
        assertThat(reader.unterminatedQuote()).isTrue();
    }

    @Test
    void aQuoteInsideAnUnquotedFieldDoesNotOpenOne() throws IOException {
        TrackingReader reader = readAll("5\" disk,x\ny,z,\"w\n", ',', true);

        assertThat(reader.failingField()).isEqualTo(3);
        assertThat(reader.unterminatedQuote()).isTrue();
    }
}
