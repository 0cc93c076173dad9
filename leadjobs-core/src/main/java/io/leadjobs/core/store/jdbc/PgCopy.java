package io.leadjobs.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
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

    private final CopyIn copy;
    private byte[] buf = new byte[FLUSH_AT + 1024];
    private int len;
    private long rows;
    private boolean finished;

    private PgCopy(CopyIn copy) {
        this.copy = copy;
        write(HEADER, 0, HEADER.length);
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
        if (len >= FLUSH_AT) {
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

    PgCopy int8(long value) {
        int32(8);
        return int64(value);
    }

    PgCopy bool(boolean value) {
        int32(1);
        ensure(1);
        buf[len++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A VARCHAR, TEXT or CHAR field, as UTF-8. */
    PgCopy text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        write(utf8, 0, utf8.length);
        return this;
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
        if (!finished && copy.isActive()) {
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
