package io.leadjobs.core.osint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server for tests, on 127.0.0.1 over UDP and TCP (same port). Answers from a
 * zone the test fills in, optionally after a delay, and counts what it was asked. UDP answers larger than
 * the client's payload size come back truncated, so the client retries over TCP, as with a real server.
 */
public final class LocalDnsServer implements AutoCloseable {

    private static final long TTL = 300;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService io;
    private final ScheduledExecutorService delayer;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<Name, AtomicInteger> inFlightByDomain = new ConcurrentHashMap<>();
    private final Map<Name, Integer> maxInFlightByDomain = new ConcurrentHashMap<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean silent;

    public LocalDnsServer() throws IOException {
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int i = 0; i < 20 && t == null; i++) {
            u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                t = new ServerSocket(u.getLocalPort(), 50, InetAddress.getLoopbackAddress());
            } catch (IOException busy) {
                u.close();
            }
        }
        if (t == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        this.udp = u;
        this.tcp = t;
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> named(r, "test-dns-" + n.incrementAndGet()));
        this.delayer = Executors.newScheduledThreadPool(4, r -> named(r, "test-dns-delay-" + n.incrementAndGet()));
        io.execute(this::serveUdp);
        io.execute(this::serveTcp);
    }

    private static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public String hostPort() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    // ---- zone

    public LocalDnsServer mx(String domain, int priority, String host) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, priority, name(host)));
    }

    LocalDnsServer txt(String domain, String... strings) {
        return add(new TXTRecord(name(domain), DClass.IN, TTL, List.of(strings)));
    }

    public LocalDnsServer a(String domain, String address) {
        try {
            InetAddress ip = InetAddress.getByName(address);
            return add(ip.getAddress().length == 4
                    ? new ARecord(name(domain), DClass.IN, TTL, ip)
                    : new AAAARecord(name(domain), DClass.IN, TTL, ip));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** The names an honest public resolver knows and the resolver canary asks about (gmail.com, outlook.com, yahoo.com). */
    LocalDnsServer publicCanaries() {
        return mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
                .mx("outlook.com", 5, "outlook-com.olc.protection.outlook.com")
                .mx("yahoo.com", 1, "mta5.am0.yahoodns.net");
    }

    LocalDnsServer servfail(String domain) {
        servfail.add(name(domain));
        return this;
    }

    private LocalDnsServer add(Record r) {
        zone.computeIfAbsent(r.getName(), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    LocalDnsServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Receives and counts questions but never answers them. */
    LocalDnsServer silent(boolean s) {
        this.silent = s;
        return this;
    }

    static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    // ---- what it saw

    int queries() {
        return total.get();
    }

    int queries(String domain, int type) {
        AtomicInteger c = asked.get(name(domain) + "/" + Type.string(type));
        return c == null ? 0 : c.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** The most questions about one name (or its {@code _dmarc} name) that were in flight at once. */
    int maxInFlightForOneDomain() {
        return maxInFlightByDomain.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    List<Throwable> errors() {
        return errors;
    }

    // ---- serving

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
            } catch (IOException e) {
                return;
            }
            byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            answerLater(query, false, response -> {
                try {
                    udp.send(new DatagramPacket(response, response.length, from));
                } catch (IOException e) {
                    errors.add(e);
                }
            });
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                return;
            }
            io.execute(() -> {
                try (s) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    int len = in.readUnsignedShort();
                    byte[] query = in.readNBytes(len);
                    java.util.concurrent.CompletableFuture<byte[]> done = new java.util.concurrent.CompletableFuture<>();
                    answerLater(query, true, done::complete);
                    byte[] response = done.get(30, TimeUnit.SECONDS);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeShort(response.length);
                    out.write(response);
                    out.flush();
                } catch (Exception e) {
                    if (!(e instanceof SocketException)) {
                        errors.add(e);
                    }
                }
            });
        }
    }

    private void answerLater(byte[] query, boolean overTcp, java.util.function.Consumer<byte[]> send) {
        Message q;
        try {
            q = new Message(query);
        } catch (IOException e) {
            errors.add(e);
            return;
        }
        Record question = q.getQuestion();
        Name domain = question.getName();
        Name counted = domain.labels() > 2 && domain.getLabelString(0).equals("_dmarc") ? new Name(domain, 1) : domain;
        total.incrementAndGet();
        if (overTcp) {
            tcpQueries.incrementAndGet();
        }
        asked.computeIfAbsent(domain + "/" + Type.string(question.getType()), k -> new AtomicInteger()).incrementAndGet();
        if (silent) {
            return;
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int forDomain = inFlightByDomain.computeIfAbsent(counted, k -> new AtomicInteger()).incrementAndGet();
        maxInFlightByDomain.merge(counted, forDomain, Math::max);
        Runnable reply = () -> {
            inFlight.decrementAndGet();
            inFlightByDomain.get(counted).decrementAndGet();
            send.accept(respond(q, overTcp));
        };
        if (delay.isZero()) {
            reply.run();
        } else {
            delayer.schedule(reply, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private byte[] respond(Message q, boolean overTcp) {
        Record question = q.getQuestion();
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        List<Record> records = zone.get(name);
        if (servfail.contains(name)) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (records == null) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            for (Record rec : records) {
                if (rec.getType() == question.getType()) {
                    r.addRecord(rec, Section.ANSWER);
                }
            }
        }
        OPTRecord opt = q.getOPT();
        if (opt != null) {
            r.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        byte[] wire = r.toWire();
        int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        if (!overTcp && wire.length > limit) {
            Message truncated = new Message(q.getHeader().getID());
            truncated.getHeader().setFlag(Flags.QR);
            truncated.getHeader().setFlag(Flags.TC);
            truncated.addRecord(question, Section.QUESTION);
            return truncated.toWire();
        }
        return wire;
    }

    @Override
    public void close() throws InterruptedException {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing is best effort; the threads end either way
        }
        delayer.shutdownNow();
        io.shutdownNow();
        io.awaitTermination(5, TimeUnit.SECONDS);
        delayer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
