package io.leadjobs.websocket;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.Threads;
import io.leadjobs.websocket.auth.TestTokens;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.socket.client.IO;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * A real server for gateway tests: a {@link JobService} (in memory, workers started on demand), the gateway on
 * a Socket.IO server, hosted by embedded Tomcat 11 on an ephemeral port; plus real Socket.IO clients.
 */
final class GatewayHarness implements AutoCloseable {

    final JobService jobs;
    final JobEventsGateway gateway;
    final SocketIoServer io;
    private static final java.util.concurrent.atomic.AtomicInteger OPEN = new java.util.concurrent.atomic.AtomicInteger();

    private final EmbeddedTomcat tomcat;
    final int port;
    private final OkHttpClient http;
    private final List<TestClient> clients = new ArrayList<>();
    private boolean workersStarted;

    private GatewayHarness(Consumer<JobService.Builder> service, Consumer<JobEventsGateway.Builder> options,
                           Consumer<SocketIoServer.Builder> server) {
        // every batch reported: small jobs then stream several updates through the gateway
        JobService.Builder sb = JobService.builder().batchSize(2).updateInterval(Duration.ZERO).pollInterval(Duration.ofMillis(20));
        service.accept(sb);
        this.jobs = sb.build();
        JobEventsGateway.Builder gb = JobEventsGateway.builder().jobService(jobs)
                .tokenVerifier(TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).build());
        options.accept(gb);
        this.gateway = gb.build();
        SocketIoServer.Builder iob = gateway.configure(SocketIoServer.builder());
        server.accept(iob);
        this.io = iob.build();
        gateway.attach(io.mainNamespace());

        this.tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping());
        OPEN.incrementAndGet();
        this.port = tomcat.port();
        this.http = new OkHttpClient.Builder().build();
    }

    static GatewayHarness start() throws Exception {
        return start(b -> { });
    }

    static GatewayHarness start(Consumer<JobEventsGateway.Builder> options) throws Exception {
        return new GatewayHarness(s -> { }, options, s -> { });
    }

    static GatewayHarness start(Consumer<JobService.Builder> service, Consumer<JobEventsGateway.Builder> options,
                                Consumer<SocketIoServer.Builder> server) throws Exception {
        return new GatewayHarness(service, options, server);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Lets the job service's workers start processing queued jobs. */
    void startWorkers() {
        if (!workersStarted) {
            workersStarted = true;
            jobs.start();
        }
    }

    Job submit(String owner, int leads) {
        List<Lead> list = new ArrayList<>();
        for (int i = 1; i <= leads; i++) {
            list.add(Lead.builder().email("person" + i + "@acme" + i + ".com").firstName("P" + i).lastName("Q")
                    .company("Acme " + i).title(i % 2 == 0 ? "VP Sales" : "Engineer").build());
        }
        return jobs.submit(owner, JobRequest.of("job of " + owner, list));
    }

    /** A connected (or refused) client with a token for {@code user}. */
    TestClient client(String token) {
        return client(options -> options.auth = java.util.Map.of("token", token));
    }

    TestClient client(Consumer<IO.Options> configure) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        options.callFactory = http;
        options.webSocketFactory = http;
        configure.accept(options);
        TestClient client = new TestClient(IO.socket(uri(), options));
        synchronized (clients) {
            clients.add(client);
        }
        client.connect();
        return client;
    }

    OkHttpClient http() {
        return http;
    }

    @Override
    public void close() throws Exception {
        synchronized (clients) {
            clients.forEach(TestClient::close);
        }
        gateway.close();
        io.close();
        tomcat.close();
        jobs.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        if (OPEN.decrementAndGet() == 0) {
            Threads.assertNoLeadjobsThreadsRemain();
        }
    }
}
