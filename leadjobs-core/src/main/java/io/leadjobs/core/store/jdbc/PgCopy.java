package io.leadjobs.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into a PostgreSQL table with {@code COPY ... FROM STDIN (FORMAT binary)} through the
 * PostgreSQL JDBC driver's copy API. The binary format needs no escaping and no parsing of text on the
 * server; each field is written in the width of its column's type ({@link #int2} for SMALLINT,
 * {@link #int4} for INTEGER ...). Rows are buffered and sent in chunks of about
 * {@value #FLUSH_AT} bytes, so a million rows never sit in memory at once.
 *
 * <p>Only loaded when the driver is there: {@link #usable(Connection)} answers false (instead of failing)
 * when the PostgreSQL driver is missing or the connection does not unwrap to it, and the store then uses
 * plain SQL.
 */
final class PgCopy implements AutoCloseable {
    private static final int FLUSH_AT = 1 << 16;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /** Where the rows go; null for {@link #rows(int)}, whose rows stay in the buffer. */
    private final CopyIn copy;
    private final Utf8Sink sink = new Utf8Sink();
    private byte[] buf;
    private int len;
    private long rows;
    private boolean finished;

    private PgCopy(CopyIn copy) {
        this.copy = copy;
        this.buf = new byte[FLUSH_AT + 1024];
        write(HEADER, 0, HEADER.length);
    }

    private PgCopy(int capacity) {
        this.copy = null;
        this.buf = new byte[capacity];
    }

    /**
     * Rows encoded into memory, not sent: {@link #toBytes()} gives them, for a later {@link #rows(byte[], int)}
     * into a copy of the same table and columns. {@code capacity} is a first guess of their size in bytes.
     */
    static PgCopy rows(int capacity) {
        return new PgCopy(Math.max(64, capacity));
    }

    /** The rows encoded so far by an instance from {@link #rows(int)}. */
    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    /** Appends {@code count} rows encoded earlier by {@link #rows(int)} for this table and these columns. */
    PgCopy rows(byte[] encoded, int count) throws SQLException {
        flush();
        copy.writeToCopy(encoded, 0, encoded.length);
        rows += count;
        return this;
    }

    /** Whether {@code c} is a PostgreSQL JDBC driver connection (possibly behind a pool's proxy). */
    static boolean usable(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class);
        } catch (SQLException | LinkageError e) {
            return false;
        }
    }

    /** Starts {@code COPY <tableAndColumns> FROM STDIN (FORMAT binary)} on {@code c}, in its transaction. */
    static PgCopy into(Connection c, String tableAndColumns) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN (FORMAT binary)");
        return new PgCopy(in);
    }

    /** Starts a row of {@code fields} fields. */
    PgCopy row(int fields) throws SQLException {
        if (len >= FLUSH_AT && copy != null) {
            flush();
        }
        rows++;
        return int16(fields);
    }

    PgCopy uuid(UUID value) {
        int32(16);
        int64(value.getMostSignificantBits());
        return int64(value.getLeastSignificantBits());
    }

    PgCopy int2(int value) {
        int32(2);
        return int16(value);
    }

    PgCopy int4(int value) {
        int32(4);
        return int32(value);
    }

    PgCopy bool(boolean value) {
        int32(1);
        ensure(1);
        buf[len++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A VARCHAR, TEXT or CHAR field, as UTF-8. */
    PgCopy text(String value) {
        int at = beginField();
        utf8(value, false);
        return endField(at);
    }

    /**
     * A VARCHAR or TEXT field holding {@code value} in {@link TextCodec}'s format, which {@code encoder}
     * writes straight into the buffer as UTF-8.
     */
    <T> PgCopy text(T value, BiConsumer<T, TextCodec.Sink> encoder) {
        int at = beginField();
        encoder.accept(value, sink);
        return endField(at);
    }

    /** Reserves the length of a field about to be written; returns where it goes. */
    private int beginField() {
        ensure(4);
        int at = len;
        len += 4;
        return at;
    }

    private PgCopy endField(int at) {
        int n = len - at - 4;
        buf[at] = (byte) (n >>> 24);
        buf[at + 1] = (byte) (n >>> 16);
        buf[at + 2] = (byte) (n >>> 8);
        buf[at + 3] = (byte) n;
        return this;
    }

    /**
     * {@code s} as UTF-8 into the buffer, with {@link TextCodec}'s characters escaped if {@code escaped}; a
     * surrogate without its pair becomes '?', as {@link String#getBytes} does.
     */
    private void utf8(String s, boolean escaped) {
        int to = s.length();
        ensure(3 * to); // no character takes more: an escaped one 2 bytes, a surrogate pair 4 for its 2 chars
        byte[] b = buf;
        int n = len;
        for (int i = 0; i < to; i++) {
            char c = s.charAt(i);
            char code;
            if (c >= 0x80) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1));
                n = pair ? codePoint(Character.toCodePoint(c, s.charAt(++i)), b, n) : codePoint(c, b, n);
            } else if (escaped && (code = TextCodec.escapeCode(c)) != 0) {
                b[n++] = TextCodec.ESCAPE;
                b[n++] = (byte) code;
            } else {
                b[n++] = (byte) c;
            }
        }
        len = n;
    }

    /** Writes the code point {@code cp} (not ASCII) as UTF-8 at {@code b[n]}; a lone surrogate as '?'. Returns the new end. */
    private static int codePoint(int cp, byte[] b, int n) {
        if (cp < 0x800) {
            b[n++] = (byte) (0xc0 | cp >> 6);
            b[n++] = (byte) (0x80 | cp & 0x3f);
        } else if (cp > 0xffff) {
            b[n++] = (byte) (0xf0 | cp >> 18);
            b[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
            b[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
            b[n++] = (byte) (0x80 | cp & 0x3f);
        } else if (!Character.isSurrogate((char) cp)) {
            b[n++] = (byte) (0xe0 | cp >> 12);
            b[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
            b[n++] = (byte) (0x80 | cp & 0x3f);
        } else {
            b[n++] = '?';
        }
        return n;
    }

    /** Writes {@link TextCodec}'s output into the current field. */
    private final class Utf8Sink extends TextCodec.Sink {
        @Override
        void raw(char c) {
            ensure(1);
            buf[len++] = (byte) c;
        }

        @Override
        void raw(String s) {
            utf8(s, false);
        }

        @Override
        void escaped(String s) {
            utf8(s, true);
        }
    }

    /** Ends the copy and returns the number of rows written; the rows are part of the connection's transaction. */
    long finish() throws SQLException {
        int16(-1);
        flush();
        finished = true;
        copy.endCopy();
        return rows;
    }

    /** Cancels the copy if {@link #finish()} was not reached, so the connection can be rolled back and reused. */
    @Override
    public void close() throws SQLException {
        if (copy != null && !finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void flush() throws SQLException {
        if (len > 0) {
            copy.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    private PgCopy int16(int value) {
        ensure(2);
        buf[len++] = (byte) (value >>> 8);
        buf[len++] = (byte) value;
        return this;
    }

    private PgCopy int32(int value) {
        ensure(4);
        buf[len++] = (byte) (value >>> 24);
        buf[len++] = (byte) (value >>> 16);
        buf[len++] = (byte) (value >>> 8);
        buf[len++] = (byte) value;
        return this;
    }

    private PgCopy int64(long value) {
        int32((int) (value >>> 32));
        return int32((int) value);
    }

    private void write(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
