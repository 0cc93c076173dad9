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
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntSupplier;

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

    /**
     * Decodes strictly, and hands out the text before a byte that is not valid in the charset before it reports
     * that byte, so the parser has read the rows before it and the error names the row it is in.
     */
    private static final class DecodingReader extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private boolean eof;
        private boolean flushed;
        private CharacterCodingException pending;

        DecodingReader(InputStream in, Charset charset) {
            this.in = in;
            this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (pending != null) {
                throw pending;
            }
            if (flushed) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            CharBuffer out = CharBuffer.wrap(buffer, offset, length);
            while (true) {
                CoderResult result = decoder.decode(bytes, out, eof);
                if (result.isError()) {
                    CharacterCodingException error = result.isMalformed()
                            ? new MalformedInputException(result.length())
                            : new UnmappableCharacterException(result.length());
                    if (out.position() > offset) {
                        pending = error;
                        return out.position() - offset;
                    }
                    throw error;
                }
                if (result.isOverflow() || out.position() > offset) {
                    return out.position() - offset;
                }
                if (eof) {
                    CoderResult end = decoder.flush(out);
                    flushed = !end.isOverflow();
                    int n = out.position() - offset;
                    return n > 0 ? n : flushed ? -1 : 0;
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Keeps the text read since the start of the current record, so that a record the parser cannot read can be
     * scanned again to tell which field is at fault. Holds one record and the parser's read-ahead at most.
     */
    private static final class TrackingReader extends Reader {
        /** What the parser may read ahead of the record it is in. */
        private static final int READ_AHEAD = 65_536;

        private final Reader in;
        private final char delimiter;
        private final int maxRowChars;
        private final IntSupplier row;
        private final StringBuilder pending = new StringBuilder();
        private long pendingStart;
        private long lastRecordStart = -1;
        private boolean unterminated;

        TrackingReader(Reader in, char delimiter, int maxRowChars, IntSupplier row) {
            this.in = in;
            this.delimiter = delimiter;
            this.maxRowChars = maxRowChars;
            this.row = row;
        }

        /** Reads on, and refuses a record that grows past the limit before it ends. */
        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                pending.append(buffer, offset, n);
                if (pending.length() > (long) maxRowChars + READ_AHEAD) {
                    int number = row.getAsInt();
                    throw new ApiException(400, "Row " + number + " of the CSV is longer than " + maxRowChars
                            + " characters.", List.of(Detail.row(number, "A row may have at most " + maxRowChars
                            + " characters; a quoted field whose closing quote is missing makes the rest of the file"
                            + " one row.")));
                }
            }
            return n;
        }

        /** A record was read whole: the text before its start is no longer needed. */
        void recordStartsAt(long position) {
            if (position > pendingStart) {
                int drop = (int) Math.min(pending.length(), position - pendingStart);
                pending.delete(0, drop);
                pendingStart += drop;
            }
            lastRecordStart = position;
        }

        boolean unterminatedQuote() {
            return unterminated;
        }

        /**
         * The 1-based field of the record after the last good one where quoting goes wrong: scans the last good
         * record to find where the failing one starts, then the failing one.
         */
        int failingField() {
            int i = 0;
            if (lastRecordStart >= 0) {
                i = skipRecord(0);
            }
            // skip blank lines, as the parser does
            while (i < pending.length() && (pending.charAt(i) == '\r' || pending.charAt(i) == '\n')) {
                i++;
            }
            int field = 1;
            boolean atFieldStart = true;
            while (i < pending.length()) {
                char c = pending.charAt(i);
                if (atFieldStart && c == '"') {
                    int close = closingQuote(i + 1);
                    if (close < 0) {
                        unterminated = true;
                        return field;
                    }
                    i = close + 1;
                    if (i < pending.length()) {
                        char next = pending.charAt(i);
                        if (next != delimiter && next != '\r' && next != '\n') {
                            return field;
                        }
                    }
                    atFieldStart = false;
                    continue;
                }
                if (c == delimiter) {
                    field++;
                    atFieldStart = true;
                } else if (c == '\r' || c == '\n') {
                    return field;
                } else {
                    atFieldStart = false;
                }
                i++;
            }
            return field;
        }

        /** Index just after the record starting at {@code from} (after its line break). */
        private int skipRecord(int from) {
            int i = from;
            boolean atFieldStart = true;
            while (i < pending.length()) {
                char c = pending.charAt(i);
                if (atFieldStart && c == '"') {
                    int close = closingQuote(i + 1);
                    if (close < 0) {
                        return pending.length();
                    }
                    i = close + 1;
                    atFieldStart = false;
                    continue;
                }
                if (c == '\n') {
                    return i + 1;
                }
                if (c == '\r') {
                    return i + 1 < pending.length() && pending.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                }
                atFieldStart = c == delimiter;
                i++;
            }
            return i;
        }

        /** Index of the quote that closes a quoted field whose text starts at {@code from}, or -1. */
        private int closingQuote(int from) {
            int i = from;
            while (i < pending.length()) {
                if (pending.charAt(i) == '"') {
                    if (i + 1 < pending.length() && pending.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    return i;
                }
                i++;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
