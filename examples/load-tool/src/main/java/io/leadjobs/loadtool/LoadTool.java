package io.leadjobs.loadtool;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * Two modes. The default ({@code synthetic}) connects N real Socket.IO clients to a job-events server started
 * in a child JVM, subscribes each to a job, streams synthetic job updates for a while, and reports deliveries
 * per second, end-to-end latency from publish to receipt (p50, p99, max) and the server's heap per connection.
 * {@code jobs} runs real jobs on the packaged reference server instead ({@link JobsCommand}).
 *
 * <pre>
 * java -jar examples/load-tool/target/leadjobs-load-tool.jar --clients 5000 --jobs 100 --rate 2 --duration 30
 * java -jar examples/load-tool/target/leadjobs-load-tool.jar jobs --clients 2000 --jobs 4 --leads 20000
 * </pre>
 */
public final class LoadTool {

    private LoadTool() {
    }

    record Options(int clients, int jobs, double rate, double duration, int connectPerSecond, String serverHeap, String client) {
        static Options parse(String[] args) {
            int clients = 2000;
            int jobs = 50;
            double rate = 2;
            double duration = 30;
            int connectPerSecond = 400;
            String heap = "1g";
            String client = "jdk";
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    usage(0, "");
                }
                if (i + 1 >= args.length) {
                    usage(2, "Option " + name + " needs a value");
                }
                String value = args[++i];
                try {
                    switch (name) {
                        case "--clients" -> clients = positive(name, Integer.parseInt(value));
                        case "--jobs" -> jobs = positive(name, Integer.parseInt(value));
                        case "--rate" -> rate = Double.parseDouble(value);
                        case "--duration" -> duration = Double.parseDouble(value);
                        case "--connect-rate" -> connectPerSecond = positive(name, Integer.parseInt(value));
                        case "--server-heap" -> heap = value;
                        case "--client" -> {
                            if (!value.equals("jdk") && !value.equals("socket.io-client-java")) {
                                usage(2, "--client must be jdk or socket.io-client-java, was '" + value + "'");
                            }
                            client = value;
                        }
                        default -> usage(2, "Unknown option " + name);
                    }
                } catch (NumberFormatException e) {
                    usage(2, "Option " + name + " needs a number, was '" + value + "'");
                }
            }
            if (rate <= 0 || rate > 1000) {
                usage(2, "--rate must be between 0 and 1000 updates per second per job, was " + rate);
            }
            if (duration <= 0 || duration > 3600) {
                usage(2, "--duration must be between 0 and 3600 seconds, was " + duration);
            }
            return new Options(clients, jobs, rate, duration, connectPerSecond, heap, client);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                usage(2, name + " must be at least 1, was " + value);
            }
            return value;
        }
    }

    /** What {@code --help} prints (the README shows it); also printed, to standard error, after a bad option. */
    private static final String USAGE = """
            Usage: java -jar leadjobs-load-tool.jar [synthetic] [options]
                   java -jar leadjobs-load-tool.jar jobs [options]   (real jobs on the reference server; jobs --help)

            synthetic (the default): updates published by a test server, at a set rate
              --clients N        Socket.IO clients to connect and subscribe (default 2000)
              --jobs N           jobs streaming updates; client i watches job i mod N (default 50)
              --rate R           per job and second: R log updates and R progress updates (default 2)
              --duration S       seconds of streaming (default 30)
              --connect-rate N   client connections opened per second (default 400)
              --server-heap SIZE -Xmx of the server JVM (default 1g)
              --client KIND      jdk: a Socket.IO v5 client on the JDK WebSocket, thousands on one selector
                                 thread (default); socket.io-client-java: the official Java client
                                 (a thread per connection)""";

    /** Exits with {@code status}: the usage on standard output when asked for, after the problem on standard error. */
    private static void usage(int status, String problem) {
        if (problem.isEmpty()) {
            System.out.println(USAGE);
        } else {
            System.err.println(problem);
            System.err.println(USAGE);
        }
        System.exit(status);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jobs")) {
            System.exit(JobsCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        synthetic(args.length > 0 && args[0].equals("synthetic") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
    }

    private static void synthetic(String[] args) throws Exception {
        Options options = Options.parse(args);
        byte[] secretBytes = new byte[48];
        new SecureRandom().nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);

        Process server = startServer(options, secret);
        BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter serverIn = new PrintWriter(new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8), true);
        String[] ready = expect(serverOut, "READY").split(" ");
        int port = Integer.parseInt(ready[1]);
        String[] jobIds = ready[2].split(",");
        serverIn.println("HEAP");
        long baseHeap = Long.parseLong(expect(serverOut, "HEAP").split(" ")[1]);

        LatencyHistogram latency = new LatencyHistogram();
        LongAdder deliveries = new LongAdder();
        AtomicInteger subscribed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger disconnects = new AtomicInteger();
        AtomicLong measuring = new AtomicLong();
        CountDownLatch allSettled = new CountDownLatch(options.clients());
        List<Runnable> closers = new java.util.concurrent.CopyOnWriteArrayList<>();
        URI uri = URI.create("http://127.0.0.1:" + port);
        JdkSocketIoClient.Events events = new JdkSocketIoClient.Events() {
            @Override
            public void subscribed(boolean ok, String answer) {
                if (ok) {
                    subscribed.incrementAndGet();
                } else if (failed.incrementAndGet() <= 5) {
                    System.out.println("  subscription refused: " + answer);
                }
                allSettled.countDown();
            }

            @Override
            public void refused(String reason) {
                if (failed.incrementAndGet() <= 5) {
                    System.out.println("  connection refused: " + reason);
                }
                allSettled.countDown();
            }

            @Override
            public void update(String packet, long receivedMicros) {
                if (measuring.get() == 0) {
                    return;
                }
                deliveries.increment();
                int at = packet.indexOf("\"t=");
                if (at >= 0) {
                    int end = packet.indexOf('"', at + 3);
                    latency.record(receivedMicros - Long.parseLong(packet.substring(at + 3, end)));
                }
            }

            @Override
            public void closed() {
                disconnects.incrementAndGet();
            }
        };

        OkHttpClient okHttp = null;
        HttpClient jdkHttp = null;
        if (options.client().equals("jdk")) {
            jdkHttp = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "load-client");
                t.setDaemon(true);
                return t;
            })).build();
        } else {
            okHttp = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
            Dispatcher dispatcher = okHttp.dispatcher();
            dispatcher.setMaxRequests(options.clients() * 2 + 100);
            dispatcher.setMaxRequestsPerHost(options.clients() * 2 + 100);
        }

        System.out.printf(Locale.ROOT, "Connecting %d clients (%s) to 127.0.0.1:%d (%d jobs)...%n", options.clients(),
                options.client(), port, options.jobs());
        long connectStart = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            int job = i % options.jobs();
            String token = token(secret, "user-" + job);
            String jobId = jobIds[job];
            if (jdkHttp != null) {
                JdkSocketIoClient.connect(jdkHttp, uri, token, jobId, events, client -> closers.add(client::close));
            } else {
                Socket socket = javaClient(okHttp, uri, token, jobId, events);
                closers.add(socket::close);
            }
            pace(connectStart, i + 1, options.connectPerSecond());
        }
        if (!allSettled.await(120, TimeUnit.SECONDS)) {
            System.out.printf("Only %d of %d clients settled within 120 s%n", options.clients() - allSettled.getCount(), options.clients());
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf(Locale.ROOT, "Subscribed %d clients in %.1f s (%d failed)%n", subscribed.get(), connectSeconds, failed.get());

        serverIn.println("HEAP");
        String[] heap = expect(serverOut, "HEAP").split(" ");
        long loadedHeap = Long.parseLong(heap[1]);
        int serverConnections = Integer.parseInt(heap[2]);

        System.out.printf(Locale.ROOT, "Streaming %d jobs x %.1f log + %.1f progress updates per second for %.0f s...%n",
                options.jobs(), options.rate(), options.rate(), options.duration());
        measuring.set(1);
        long serverCpuBefore = cpuNanos(server);
        long clientCpuBefore = ownCpuNanos();
        long streamStart = System.nanoTime();
        serverIn.println("STREAM " + options.duration() + " " + options.rate());
        long published = Long.parseLong(expect(serverOut, "STREAMED").split(" ")[1]);
        long expected = published / options.jobs() * subscribed.get();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deliveries.sum() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(50);
        }
        double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
        measuring.set(0);
        double serverCpu = (cpuNanos(server) - serverCpuBefore) / 1e9;
        double clientCpu = (ownCpuNanos() - clientCpuBefore) / 1e9;

        System.out.println();
        System.out.println("Results");
        System.out.printf(Locale.ROOT, "  clients subscribed        %d of %d (server counted %d connections)%n",
                subscribed.get(), options.clients(), serverConnections);
        System.out.printf(Locale.ROOT, "  updates published         %d (%d jobs)%n", published, options.jobs());
        System.out.printf(Locale.ROOT, "  deliveries                %d of %d expected (%.1f%%)%n", deliveries.sum(), expected,
                expected == 0 ? 0.0 : 100.0 * deliveries.sum() / expected);
        System.out.printf(Locale.ROOT, "  deliveries per second     %.0f%n", deliveries.sum() / options.duration());
        System.out.printf(Locale.ROOT, "  latency p50 / p99 / max   %.1f / %.1f / %.1f ms (publish to receipt, %d log updates)%n",
                latency.percentileMicros(50) / 1000.0, latency.percentileMicros(99) / 1000.0, latency.maxMicros() / 1000.0,
                latency.count());
        System.out.printf(Locale.ROOT, "  server heap per connection %.1f KiB (%.1f MiB for %d connections, after GC)%n",
                (loadedHeap - baseHeap) / 1024.0 / Math.max(1, serverConnections), (loadedHeap - baseHeap) / 1048576.0,
                serverConnections);
        System.out.printf(Locale.ROOT, "  disconnects while streaming %d; stream and drain took %.1f s%n", disconnects.get(), streamSeconds);
        System.out.printf(Locale.ROOT, "  CPU while streaming        server %.1f s, clients %.1f s (%d cores)%n", serverCpu, clientCpu,
                Runtime.getRuntime().availableProcessors());

        closers.forEach(Runnable::run);
        serverIn.println("EXIT");
        expect(serverOut, "BYE");
        server.waitFor(30, TimeUnit.SECONDS);
        if (okHttp != null) {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
        System.exit(0);
    }

    /** One client on socket.io-client-java. */
    private static Socket javaClient(OkHttpClient http, URI uri, String token, String jobId, JdkSocketIoClient.Events events) {
        IO.Options io = new IO.Options();
        io.forceNew = true;
        io.reconnection = false;
        io.transports = new String[] {"websocket"};
        io.callFactory = http;
        io.webSocketFactory = http;
        io.auth = Map.of("token", token);
        Socket socket = IO.socket(uri, io);
        socket.on(Socket.EVENT_CONNECT, a -> socket.emit("subscribe-job", new Object[] {jobId}, (Ack) ack ->
                events.subscribed(ack.length > 0 && ack[0] instanceof JSONObject answer && answer.optBoolean("ok"),
                        ack.length > 0 ? String.valueOf(ack[0]) : "no answer")));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> events.refused(a.length > 0 ? String.valueOf(a[0]) : "no reason"));
        socket.on(Socket.EVENT_DISCONNECT, a -> events.closed());
        socket.on("job-update", a -> events.update(String.valueOf(a[0]), nowMicros()));
        socket.connect();
        return socket;
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static long ownCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static Process startServer(Options options, String secret) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + options.serverHeap(), "-XX:+UseG1GC"));
        String extra = System.getenv("LOAD_SERVER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, LoadServer.class.getName(), Integer.toString(options.jobs()), secret));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String expect(BufferedReader reader, String prefix) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("ERROR")) {
                throw new IOException("Server: " + line);
            }
        }
        throw new IOException("The server process ended before answering " + prefix);
    }

    private static void pace(long startNanos, int done, int perSecond) throws InterruptedException {
        long due = startNanos + (long) (done * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static String token(String secret, String user) {
        return token(secret, user, Duration.ofHours(2));
    }

    /** An HS256 token for {@code user}, valid for {@code lifetime}. */
    static String token(String secret, String user, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
