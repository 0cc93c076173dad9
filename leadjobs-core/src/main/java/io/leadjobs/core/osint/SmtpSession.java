package io.leadjobs.core.osint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP conversation with a mail server, up to the point where it would take mail: greeted, {@code EHLO}
 * (or {@code HELO}), {@code STARTTLS} where offered and wanted, {@code MAIL FROM}; then as many
 * {@code RCPT TO} as the verifier asks, and {@code QUIT} before any data. Every read is bounded by the read
 * timeout and by the deadline of the address being asked. Not thread-safe: one thread uses it at a time.
 */
final class SmtpSession implements AutoCloseable {

    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;

    /** A reply: its code and its lines' texts (after the code and separator). */
    record Reply(int code, List<String> lines) {
        boolean positive() {
            return code / 100 == 2;
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final int readTimeoutMillis;
    private long deadline;
    private int recipients;

    private SmtpSession(Socket socket, int readTimeoutMillis, long deadline) throws IOException {
        attach(socket);
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadline = deadline;
    }

    /**
     * Connects to the first of {@code addresses} that takes the connection.
     *
     * @throws IOException the last address's failure when none took it
     */
    static SmtpSession connect(List<InetAddress> addresses, int port, int connectTimeoutMillis, int readTimeoutMillis,
            long deadline) throws IOException {
        IOException last = new IOException("no address to connect to");
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, port), connectTimeoutMillis);
                return new SmtpSession(s, readTimeoutMillis, deadline);
            } catch (IOException e) {
                closeQuietly(s);
                last = e;
            }
        }
        throw last;
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = s.getInputStream();
        this.out = new BufferedOutputStream(s.getOutputStream());
    }

    /** The server's greeting. */
    Reply greeting() throws IOException {
        return read();
    }

    /**
     * {@code EHLO} (or {@code HELO}), {@code STARTTLS} when offered and {@code startTls}, and {@code MAIL FROM}.
     *
     * @return the reply that refused, empty when the server now waits for recipients
     */
    Optional<Reply> begin(String helo, String sender, boolean startTls, SSLContext tls, String mxHost, int port)
            throws IOException {
        Reply ehlo = command("EHLO " + helo);
        if (ehlo.code() != 250) {
            ehlo = command("HELO " + helo);
            if (ehlo.code() != 250) {
                return Optional.of(ehlo);
            }
        }
        if (startTls && ehlo.lines().stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
            Reply go = command("STARTTLS");
            if (go.code() == 220) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, mxHost, port, true);
                secure.startHandshake();
                attach(secure);
                Reply again = command("EHLO " + helo);
                if (again.code() != 250) {
                    return Optional.of(again);
                }
            }
        }
        Reply from = command("MAIL FROM:<" + sender + ">");
        return from.positive() ? Optional.empty() : Optional.of(from);
    }

    /** Asks about one recipient; counts it. */
    Reply recipient(String address) throws IOException {
        recipients++;
        return command("RCPT TO:<" + address + ">");
    }

    /** How many recipients this conversation has asked about. */
    int recipients() {
        return recipients;
    }

    /** The time by which the next address must be answered ({@link System#nanoTime()} scale). */
    void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    Reply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    /** Says goodbye and hangs up; a server that hangs up first changes nothing. */
    void quit() {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // the verdicts are known; a goodbye that gets no answer changes none of them
        } finally {
            close();
        }
    }

    /** Says goodbye without waiting for the answer, and hangs up: for a conversation closed by the idle pool. */
    void hangUp() {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // the server may have hung up first; nothing is lost
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < MAX_LINES; n++) {
            String line = line();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw new IOException("malformed SMTP reply line");
            }
            int code = Integer.parseInt(line.substring(0, 3));
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(code, lines);
            }
        }
        throw new IOException("SMTP reply longer than " + MAX_LINES + " lines");
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("SMTP conversation took too long");
            }
            int wait = (int) Math.max(1, Math.min(readTimeoutMillis, left));
            if (socket.getSoTimeout() != wait) {
                socket.setSoTimeout(wait);
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the SMTP server");
            }
            if (b == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            if (s.length() >= MAX_LINE) {
                throw new IOException("SMTP reply line longer than " + MAX_LINE + " characters");
            }
            s.append((char) b);
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing after the conversation; nothing to report
            }
        }
    }
}
