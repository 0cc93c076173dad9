package io.leadjobs.examples.jetty;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The clients of the tests: real socket.io-client-java sockets on one OkHttp client (closed with it), HS256
 * tokens, and plain HTTP/1.1 from a chosen loopback address.
 */
final class JettyTestClients implements AutoCloseable {

    static final String SECRET = "embedded-jetty-example-secret-of-at-least-32-bytes";

    private final int port;
    private final OkHttpClient http = new OkHttpClient.Builder().build();
    private final List<Socket> sockets = new ArrayList<>();

    JettyTestClients(int port) {
        this.port = port;
    }

    /** A Socket.IO client of the app that uses {@code transport} ({@code websocket} or {@code polling}) alone. */
    Socket socket(String transport, String token) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {transport})
                .setAuth(Map.of("token", token))
                .build();
        options.callFactory = http;
        options.webSocketFactory = http;
        Socket socket = IO.socket(URI.create("http://localhost:" + port), options);
        sockets.add(socket);
        return socket;
    }

    /** A token for {@code user} signed with {@code secret}, valid for ten minutes. */
    static String token(String user, String secret) throws JOSEException {
        Instant issued = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(10, ChronoUnit.MINUTES)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /**
     * Sends {@code request} (a whole HTTP/1.1 request, which should ask for {@code Connection: close}) from the
     * loopback address {@code local} to the app and returns the whole answer.
     */
    String rawFrom(String local, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** The live threads whose names start with {@code leadjobs-}. */
    static List<String> leadjobsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("leadjobs-")).toList();
    }

    /** Closes every socket and OkHttp's threads and connections. */
    @Override
    public void close() {
        sockets.forEach(Socket::close);
        http.dispatcher().executorService().shutdown();
        try {
            http.dispatcher().executorService().awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.connectionPool().evictAll();
    }
}
