package io.leadjobs.server.rest;

import io.leadjobs.core.JobRequest;
import io.leadjobs.server.rest.ApiException.Detail;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.PushbackReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Reads an uploaded CSV (RFC 4180 with a header row; quoted fields, CRLF or LF, a byte-order mark) into a
 * {@link JobRequest}, streaming: one record at a time, never the whole text, each record handed to a
 * {@link LeadTable} that checks the upload's limits as it comes. The delimiter is a comma, a semicolon or a tab,
 * whichever the header row has most of outside quotes (a comma when it has none). Columns are matched by header
 * name, case- and spacing-insensitively ({@code First Name} is {@code first_name}); other columns become the lead's
 * extra fields. Rows numbered from 1 after the header; blank lines are skipped and not counted.
 *
 * <p>Problems that make the file unreadable answer 400 naming the row and the column: an unterminated quote, a
 * character after a closing quote, text that is not valid in the declared charset, a row with more fields than
 * the header, a header without a name, a duplicate column, no {@code email} or {@code website} column, no rows.
 * A row with fewer fields than the header has its missing trailing fields empty.
 */
final class CsvLeads {

    static final List<String> KNOWN_COLUMNS = LeadTable.KNOWN_COLUMNS;

    /** Characters of the header row looked at to choose the delimiter. */
    private static final int PEEK_CHARS = 65_536;
    private static final char[] DELIMITERS = {',', ';', '\t'};

    private CsvLeads() {
    }

    /** What was read: the request and the delimiter the file uses. */
    record Parsed(JobRequest request, char delimiter) {
    }

    static Parsed read(InputStream body, Charset declared, boolean charsetDeclared, String jobName,
                       UploadLimits limits) {
        try {
            CountingInputStream counted = new CountingInputStream(body);
            PushbackInputStream in = new PushbackInputStream(counted, 3);
            Charset charset = skipByteOrderMark(in, declared, charsetDeclared);
            PushbackReader decoded = new PushbackReader(new DecodingReader(in, charset), PEEK_CHARS);
            char delimiter;
            try {
                delimiter = delimiter(decoded);
            } catch (CharacterCodingException e) {
                throw notValidText(0, charset);
            }
            LeadTable table = new LeadTable(limits, "CSV", jobName, counted::count);
            TrackingReader reader = new TrackingReader(decoded, delimiter, limits.maxRowChars(), table::nextRow);
            return new Parsed(parse(reader, charset, delimiter, table), delimiter);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the header row ahead (up to {@link #PEEK_CHARS}), puts it back, and tells its delimiter. Reads one
     * character at a time, so that text after the header is not decoded yet: a byte invalid in the charset further
     * down is reported with its row by the parser.
     */
    private static char delimiter(PushbackReader in) throws IOException {
        char[] head = new char[PEEK_CHARS];
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        int n = 0;
        while (n < head.length) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head[n++] = (char) c;
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (c == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        in.unread(head, 0, n);
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    /** Skips a UTF-8 BOM; a UTF-16 BOM decides the charset when none was declared. */
    private static Charset skipByteOrderMark(PushbackInputStream in, Charset declared, boolean charsetDeclared)
            throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        if (n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return charsetDeclared ? declared : StandardCharsets.UTF_8;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF && !charsetDeclared) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE && !charsetDeclared) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16LE;
        }
        in.unread(head, 0, n);
        return declared;
    }

    private static JobRequest parse(TrackingReader reader, Charset charset, char delimiter, LeadTable table)
            throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .setAllowMissingColumnNames(true)
                .get();
        String advice = " Quote fields that contain " + name(delimiter) + ".";
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw unreadable(e, table.hasHeader() ? table.nextRow() : 0, table.columns(), reader, charset);
                }
                reader.recordStartsAt(record.getCharacterPosition());
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    table.blank();
                } else if (!table.hasHeader()) {
                    table.header(record.toList());
                } else {
                    table.row(record.toList(), advice);
                }
            }
        }
        return table.build();
    }

    /** How messages name a delimiter. */
    static String name(char delimiter) {
        return switch (delimiter) {
            case ';' -> "semicolons";
            case '\t' -> "tabs";
            default -> "commas";
        };
    }

    private static ApiException notValidText(int row, Charset charset) {
        String where = row == 0 ? "the header row" : "row " + row;
        return new ApiException(400, "The CSV is not valid " + charset.name() + " text.", List.of(
                Detail.at(Math.max(row, Detail.NO_ROW), "", "Bytes in " + where + " are not valid " + charset.name()
                        + ": save the file as UTF-8 (in Excel, \"CSV UTF-8\"), or name its charset in the "
                        + "Content-Type, such as text/csv; charset=windows-1252.")));
    }

    private static ApiException unreadable(RuntimeException e, int row, List<String> header, TrackingReader reader,
                                           Charset charset) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CharacterCodingException) {
                return notValidText(row, charset);
            }
            cause = cause.getCause();
        }
        int field = reader.failingField();
        String column = header != null && field >= 1 && field <= header.size() ? header.get(field - 1)
                : "column " + Math.max(field, 1);
        String where = row == 0 ? "The header row" : "Row " + row;
        String what = reader.unterminatedQuote()
                ? "has a quoted field that is never closed: a double quote inside a quoted field must be doubled (\"\")"
                : "has text after the closing quote of a field: quote the whole field and double the quotes inside it";
        return new ApiException(400, where + " of the CSV cannot be read.",
                List.of(Detail.at(row, column, where + ", column '" + column + "' " + what + ".")));
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
