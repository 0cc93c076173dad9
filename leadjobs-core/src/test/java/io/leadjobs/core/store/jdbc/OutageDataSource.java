package io.leadjobs.core.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A non-pooling PostgreSQL {@link DataSource} that can stage real outages for the connections it hands
 * out next: a refused connection (the driver really connects to a closed port), a connection whose server
 * process is terminated before its first statement or after its last one, just before the commit (PostgreSQL really drops it), or a
 * connection lost right after a commit succeeded (the only simulated case: the driver cannot be made to
 * lose the acknowledgement on cue).
 */
final class OutageDataSource implements DataSource {
    enum Failure { REFUSED, TERMINATED, TERMINATED_AT_COMMIT, LOST_AFTER_COMMIT }

    private static final String CLOSED_PORT_URL = "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2";

    private final String url;
    private final Deque<Failure> planned = new ArrayDeque<>();
    private volatile boolean down;
    private final AtomicInteger attempts = new AtomicInteger();

    OutageDataSource(String url) {
        this.url = url;
    }

    /** The next connections fail like this, one failure each, in order. */
    synchronized void plan(Failure... failures) {
        for (Failure f : failures) {
            planned.add(f);
        }
    }

    /** While down, every connection attempt beyond the planned failures is refused. */
    void down(boolean down) {
        this.down = down;
    }

    /** How many connections were asked for. */
    int attempts() {
        return attempts.get();
    }

    private synchronized Failure next() {
        Failure f = planned.poll();
        return f == null && down ? Failure.REFUSED : f;
    }

    @Override
    public Connection getConnection() throws SQLException {
        attempts.incrementAndGet();
        Failure failure = next();
        if (failure == Failure.REFUSED) {
            return DriverManager.getConnection(CLOSED_PORT_URL, TestDatabase.PG_USER, "");
        }
        Connection real = DriverManager.getConnection(url, TestDatabase.PG_USER, "");
        if (failure == null) {
            return real;
        }
        return switch (failure) {
            case TERMINATED -> {
                terminate(real);
                yield real;
            }
            case TERMINATED_AT_COMMIT -> proxy(real, (method, args) -> {
                if (method.equals("commit")) {
                    terminate(real);
                }
                return false;
            });
            case LOST_AFTER_COMMIT -> proxy(real, (method, args) -> {
                if (method.equals("commit")) {
                    real.commit();
                    real.close();
                    throw new SQLRecoverableException("connection lost after the commit (staged by the test)", "08006");
                }
                return false;
            });
            case REFUSED -> throw new IllegalStateException("handled above");
        };
    }

    @FunctionalInterface
    private interface Interceptor {
        /** True if it handled the call itself. */
        boolean before(String method, Object[] args) throws SQLException;
    }

    private static Connection proxy(Connection real, Interceptor interceptor) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, method, args) -> {
                    if (interceptor.before(method.getName(), args)) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Has PostgreSQL terminate the server process behind {@code victim}, from another connection. */
    private static void terminate(Connection victim) throws SQLException {
        int pid;
        try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection admin = DriverManager.getConnection(TestDatabase.pgHostUrl(), TestDatabase.PG_USER, "");
             PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("PostgreSQL did not terminate backend " + pid);
                }
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
