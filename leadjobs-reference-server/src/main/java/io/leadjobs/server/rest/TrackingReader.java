package io.leadjobs.server.rest;

import io.leadjobs.server.rest.ApiException.Detail;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The text of an uploaded CSV on its way to the parser ({@link CsvLeads}). Keeps the text read since the start of the
 * current record, so that a record the parser cannot read can be scanned again to tell which field is at fault, and
 * refuses a row longer than the upload's limit before it is read whole. Holds one record and the parser's read-ahead
 * at most.
 */
final class TrackingReader extends Reader {
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
        int end = fieldEnd(i);
        while (end >= 0 && end < pending.length() && pending.charAt(end) == delimiter) {
            field++;
            end = fieldEnd(end + 1);
        }
        // the field ends the record, or a quote in it is never closed, or text follows its closing quote
        unterminated = end < 0;
        return field;
    }

    /** Index just after the record starting at {@code from} (after its line break). */
    private int skipRecord(int from) {
        int i = fieldEnd(from);
        while (i >= 0 && i < pending.length()) {
            char c = pending.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                return i + 1 < pending.length() && pending.charAt(i + 1) == '\n' ? i + 2 : i + 1;
            }
            // a delimiter starts the next field; text after a closing quote runs on to the end of its field
            i = c == delimiter ? fieldEnd(i + 1) : endOfText(i);
        }
        return i < 0 ? pending.length() : i;
    }

    /**
     * Index just after the field starting at {@code start}: after its closing quote when it is quoted, else at the
     * delimiter or line break that ends it; -1 when its quote is never closed.
     */
    private int fieldEnd(int start) {
        return start < pending.length() && pending.charAt(start) == '"' ? afterQuotedField(start) : endOfText(start);
    }

    /** Index of the delimiter or line break that ends the unquoted text starting at {@code from}, or the end. */
    private int endOfText(int from) {
        int i = from;
        while (i < pending.length() && pending.charAt(i) != delimiter && pending.charAt(i) != '\r'
                && pending.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    /**
     * Index just after the quoted field whose opening quote is at {@code openingQuote} (doubled quotes inside it
     * are text), or -1 when it is never closed.
     */
    private int afterQuotedField(int openingQuote) {
        int i = openingQuote + 1;
        while (i < pending.length()) {
            if (pending.charAt(i) == '"') {
                if (i + 1 < pending.length() && pending.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
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
