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
