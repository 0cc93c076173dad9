package io.leadjobs.core.osint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server for verifier tests on 127.0.0.1, port 0. It greets, answers EHLO (optionally offering
 * STARTTLS, which it then refuses), MAIL FROM and QUIT, and answers RCPT TO from a table of addresses; an
 * address not in the table is accepted on a catch-all domain and refused with 550 otherwise. A greeting
 * other than 220 (421) ends the conversation at once. It records every command and counts conversations,
 * RCPT commands per domain and conversations in flight per domain; replies can be delayed, and a
 * conversation can be ended by the server after a number of recipients.
 */
public final class LocalSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService workers;
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private final Set<String> catchAllDomains = ConcurrentHashMap.newKeySet();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger conversations = new AtomicInteger();
    private final Map<String, AtomicInteger> rcptByDomain = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByDomain = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlightByDomain = new ConcurrentHashMap<>();
    private volatile String greeting = "220 mx.fixture.test ESMTP ready";
    private volatile boolean offerStartTls;
    private volatile Duration delay = Duration.ZERO;
    private volatile int hangUpAfter = Integer.MAX_VALUE;
    private volatile String hangUpReply;

    public LocalSmtpServer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** RCPT TO this address gets this reply line ({@code "550 5.1.1 no such user"}). */
    public LocalSmtpServer reply(String address, String line) {
        replies.put(address.toLowerCase(Locale.ROOT), line);
        return this;
    }

    public LocalSmtpServer catchAll(String domain) {
        catchAllDomains.add(domain.toLowerCase(Locale.ROOT));
        return this;
    }

    LocalSmtpServer greeting(String line) {
        this.greeting = line;
        return this;
    }

    LocalSmtpServer offerStartTls(boolean offer) {
        this.offerStartTls = offer;
        return this;
    }

    /**
     * After {@code rcpts} RCPT commands in one conversation, the next RCPT gets {@code reply} (a 421 line) and
     * the connection is closed; an empty reply closes it without a word, as a dropped connection does.
     */
    LocalSmtpServer hangUpAfter(int rcpts, java.util.Optional<String> reply) {
        this.hangUpReply = reply.orElse(null);
        this.hangUpAfter = rcpts;
        return this;
    }

    public LocalSmtpServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    public int conversations() {
        return conversations.get();
    }

    public int rcptCommands(String domain) {
        return rcptByDomain.getOrDefault(domain, new AtomicInteger()).get();
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int maxInFlight(String domain) {
        return maxInFlightByDomain.getOrDefault(domain, 0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        conversations.incrementAndGet();
        String domainInFlight = null;
        int rcpts = 0;
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            send(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            for (String line; (line = in.readLine()) != null; ) {
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    send(out, offerStartTls ? "250-mx.fixture.test\r\n250-STARTTLS\r\n250 SIZE 10000000"
                            : "250-mx.fixture.test\r\n250 SIZE 10000000");
                } else if (upper.startsWith("STARTTLS")) {
                    send(out, "454 4.7.0 TLS not available");
                } else if (upper.startsWith("MAIL FROM:")) {
                    send(out, "250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:<")) {
                    if (rcpts++ == hangUpAfter) {
                        if (hangUpReply != null) {
                            send(out, hangUpReply);
                        }
                        return;
                    }
                    String address = line.substring(9, line.indexOf('>')).toLowerCase(Locale.ROOT);
                    String domain = address.substring(address.lastIndexOf('@') + 1);
                    if (domainInFlight == null) {
                        domainInFlight = domain;
                        int now = inFlightByDomain.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
                        maxInFlightByDomain.merge(domain, now, Math::max);
                    }
                    rcptByDomain.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
                    String reply = replies.get(address);
                    if (reply == null) {
                        reply = catchAllDomains.contains(domain) ? "250 2.1.5 ok" : "550 5.1.1 <" + address + ">: no such user";
                    }
                    send(out, reply);
                } else if (upper.startsWith("QUIT")) {
                    send(out, "221 2.0.0 bye");
                    return;
                } else if (upper.startsWith("DATA")) {
                    send(out, "554 5.5.1 this fixture takes no mail");
                } else {
                    send(out, "502 5.5.2 command not recognised");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away; the test asserts what it saw
        } finally {
            open.remove(s);
            if (domainInFlight != null) {
                inFlightByDomain.get(domainInFlight).decrementAndGet();
            }
        }
    }

    private void send(OutputStream out, String reply) throws IOException, InterruptedException {
        if (!delay.isZero()) {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // the fixture's latency, not a wait for the test
        }
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : open) {
            s.close(); // a client may keep its conversation open; the fixture ends it
        }
        workers.shutdownNow();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("SMTP fixture threads did not stop");
        }
    }
}
