package io.leadjobs.core.osint;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small HTTP/1.1 GET client that connects to an address it is given (one the SSRF guard
 * has checked) while sending the URL's host name as {@code Host} and as TLS SNI, and verifying the
 * server certificate against that name. {@code java.net.http.HttpClient} resolves host names itself and
 * offers no way to pin the address it connects to, so a DNS answer could change between the guard's check
 * and the connection (DNS rebinding); this client closes that gap. One request per connection
 * ({@code Connection: close}), no redirects (the caller follows them, re-checking each hop), the body read
 * only up to a cap, every read bounded by the read timeout and the whole exchange by a deadline.
 */
final class PinnedHttpClient {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** A response: status, lower-cased header names (first value of each), and the body up to the cap. */
    record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration requestTimeout;
    private final int maxBodyBytes;
    private final String userAgent;
    private final SSLContext sslContext;
    private final String accept;

    PinnedHttpClient(Duration connectTimeout, Duration readTimeout, Duration requestTimeout, int maxBodyBytes,
            String userAgent, SSLContext sslContext) {
        this(connectTimeout, readTimeout, requestTimeout, maxBodyBytes, userAgent, sslContext,
                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
    }

    PinnedHttpClient(Duration connectTimeout, Duration readTimeout, Duration requestTimeout, int maxBodyBytes,
            String userAgent, SSLContext sslContext, String accept) {
        this.accept = accept;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.userAgent = userAgent;
        this.sslContext = sslContext;
    }

    /**
     * GETs {@code uri} from the first of {@code addresses} that accepts a connection.
     *
     * @throws java.net.ConnectException when no address accepts, {@link SocketTimeoutException} on a timeout,
     *         {@link javax.net.ssl.SSLException} when TLS fails, {@link ProtocolException} on a malformed response
     */
    Response get(URI uri, List<InetAddress> addresses) throws IOException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = port(uri);
        String host = hostOf(uri);
        Socket socket = connect(addresses, port, deadline);
        Socket s = socket;
        try {
            if (https) {
                s = tls(socket, host, port);
            }
            OutputStream out = s.getOutputStream();
            out.write(request(uri, host, port, https).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new DeadlineInputStream(s, s.getInputStream(), readTimeout, deadline);
            return read(in);
        } finally {
            s.close();
            socket.close();
        }
    }

    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The URI's host without IPv6 brackets. */
    static String hostOf(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private Socket connect(List<InetAddress> addresses, int port, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress a : addresses) {
            long left = remainingMillis(deadline);
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, port), (int) Math.max(1, Math.min(connectTimeout.toMillis(), left)));
                s.setSoTimeout((int) Math.max(1, Math.min(readTimeout.toMillis(), remainingMillis(deadline))));
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw new ConnectFailed(last != null ? last : new java.net.ConnectException("no address to connect to"));
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private String request(URI uri, String host, int port, boolean https) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String hostHeader = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        if (port != (https ? 443 : 80)) {
            hostHeader = hostHeader + ":" + port;
        }
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: " + accept + "\r\n"
                + "Accept-Encoding: gzip, identity\r\n"
                + "Connection: close\r\n\r\n";
    }

    private Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not an HTTP status code: " + abbreviate(parts[1]));
        }
        if (status < 100 || status > 999) {
            throw new ProtocolException("not an HTTP status code: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            headBytes += l.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) {
                throw new ProtocolException("response headers larger than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
        }
        if (status < 200) {
            return read(in); // 1xx interim responses precede the real one
        }
        if ((status >= 300 && status < 400) || status == 204 || status == 304) {
            return new Response(status, headers, new byte[0], false);
        }
        InputStream body = in;
        String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (te.contains("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (headers.containsKey("content-length")) {
            try {
                body = new BoundedInputStream(in, Long.parseLong(headers.get("content-length")));
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length: " + abbreviate(headers.get("content-length")));
            }
        }
        if (headers.getOrDefault("content-encoding", "").equalsIgnoreCase("gzip")) {
            body = new GZIPInputStream(body);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(maxBodyBytes, 16 * 1024));
        byte[] chunk = new byte[8192];
        boolean truncated = false;
        while (true) {
            int want = Math.min(chunk.length, maxBodyBytes - buf.size());
            if (want == 0) {
                try {
                    truncated = body.read() != -1;
                } catch (IOException e) {
                    truncated = true; // the cap is reached: what follows does not matter
                }
                break;
            }
            int n = body.read(chunk, 0, want);
            if (n < 0) {
                break;
            }
            buf.write(chunk, 0, n);
        }
        return new Response(status, headers, buf.toByteArray(), truncated);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed in the response head");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > MAX_HEAD_BYTES) {
                throw new ProtocolException("response header line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static long remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("request deadline passed");
        }
        return left;
    }

    /** No address accepted a connection; the cause says why (timeout, refused, no route). */
    static final class ConnectFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A malformed HTTP response. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** Bounds each read by the read timeout and all reads together by the request deadline. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long readTimeoutMillis;
        private final long deadline;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int limit;

        DeadlineInputStream(Socket socket, InputStream in, Duration readTimeout, long deadline) {
            this.socket = socket;
            this.in = in;
            this.readTimeoutMillis = readTimeout.toMillis();
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeoutMillis, remainingMillis(deadline))));
            int n = in.read(buffer);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos >= limit && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= limit && !fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** A body stream whose single-byte read goes through its array read. */
    private abstract static class BodyInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Content-Length framing. */
    private static final class BoundedInputStream extends BodyInputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Chunked transfer coding; trailers are skipped. */
    private static final class ChunkedInputStream extends BodyInputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size: " + abbreviate(size));
                }
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                line(in);
            }
            return n;
        }
    }
}
