package io.leadjobs.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A small DNS server on 127.0.0.1 over UDP for tests of the packaged server: answers from a zone the test
 * fills in, "no such domain" for every other name, and counts the questions.
 */
final class LoopbackDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final AtomicInteger questions = new AtomicInteger();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    LoopbackDns() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    int questions() {
        return questions.get();
    }

    List<Throwable> errors() {
        return errors;
    }

    LoopbackDns mx(String domain, int priority, String host) {
        return add(new MXRecord(name(domain), DClass.IN, 300, priority, name(host)));
    }

    LoopbackDns a(String domain, String address) {
        try {
            return add(new ARecord(name(domain), DClass.IN, 300, InetAddress.getByName(address)));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    LoopbackDns txt(String domain, String text) {
        return add(new TXTRecord(name(domain), DClass.IN, 300, text));
    }

    private LoopbackDns add(Record r) {
        zone.computeIfAbsent(r.getName(), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                questions.incrementAndGet();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                Record question = query.getQuestion();
                response.addRecord(question, Section.QUESTION);
                List<Record> records = zone.get(question.getName());
                if (records == null) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    for (Record r : records) {
                        if (r.getType() == question.getType()) {
                            response.addRecord(r, Section.ANSWER);
                        }
                    }
                }
                byte[] out = response.toWire();
                socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                errors.add(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
