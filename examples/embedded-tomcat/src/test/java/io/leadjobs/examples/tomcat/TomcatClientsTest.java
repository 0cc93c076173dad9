package io.leadjobs.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.testing.LoopbackWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The library's per-address limit and slow-client handling when the Engine.IO servlet runs in embedded Tomcat.
 */
class TomcatClientsTest {

    private static final String SECRET = "embedded-tomcat-example-secret-of-at-least-32-bytes";

    private EmbeddedTomcatApp app;

    @BeforeEach
    void start() {
        app = EmbeddedTomcatApp.start(0, SECRET, CustomerDirectory.of(List.of()));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void anotherLoopbackAddressStillConnectsAfterFourHundredWebSocketsFromOne() throws IOException {
        // the gateway's default limit (bursts of 20 per address) applies to 127.0.0.1, and to 127.0.0.1 only
        LoopbackWebSocket.assertLimitedPerAddress(app.port(), 400, 20);
    }

    @Test
    void aPollingPostWhoseBodyDoesNotArriveInTimeIsAnswered408() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/socket.io/?EIO=4&transport=polling"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        String sid = open.body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        try (Socket post = new Socket()) {
            post.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), app.port()), 10_000);
            post.setSoTimeout(120_000);
            post.getOutputStream().write(("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 10000\r\n\r\n4")
                    .getBytes(StandardCharsets.UTF_8));
            post.getOutputStream().flush();
            String answer = readAll(post.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408").contains("Request timeout: the body did not arrive in time");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
