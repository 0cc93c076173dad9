package io.leadjobs.server.web;

import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HostLifecycleTest {

    /**
     * Threads a host may have started. Grizzly's DefaultSessionManager keeps one daemon thread,
     * "Grizzly-HttpSession-Expirer", for the whole JVM (a static singleton, not per server): it is left out.
     */
    private static Set<String> hostThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> !name.equals("Grizzly-HttpSession-Expirer"))
                // grizzly-http-servlet's AsyncContextImpl keeps one static pool for the whole JVM, which no host
                // owns or can stop; it exists once any servlet (such as Socket.IO polling) in this JVM went async
                .filter(name -> !name.startsWith("grizzly-web-async-thread"))
                .filter(name -> name.startsWith("leadjobs-http") || name.toLowerCase(java.util.Locale.ROOT).contains("tyrus")
                        || name.toLowerCase(java.util.Locale.ROOT).contains("grizzly"))
                .collect(Collectors.toSet());
    }

    @Test
    void namesItsThreadsAndStopsThemAllOnClose() {
        WebHost host = WebHost.builder().workerThreads(3)
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start();
        WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + host.port() + "/echo"))
                .sendText("warm up");
        assertThat(hostThreads()).anyMatch(name -> name.startsWith("leadjobs-http-worker"))
                .anyMatch(name -> name.startsWith("leadjobs-http-selector"));

        host.close();
        host.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hostThreads()).isEmpty());
    }

    @Test
    void refusesToStartOnAPortInUseWithAMessageNamingIt() {
        try (WebHost first = WebHost.builder().start()) {
            assertThatThrownBy(() -> WebHost.builder().port(first.port()).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void refusesTwoEndpointsOnOnePath() {
        assertThatThrownBy(() -> WebHost.builder()
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be deployed");
    }

    @Test
    void rejectsBadBuilderInputWithASentence() {
        assertThatThrownBy(() -> WebHost.builder().port(70000))
                .hasMessage("port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> WebHost.builder().servlet("api", new jakarta.servlet.http.HttpServlet() { }, "api/*"))
                .hasMessageContaining("URL pattern must start with '/'");
    }

    /** Holds every GET until the test releases it, like a long-polling transport with nothing to send. */
    static final class HeldServlet extends jakarta.servlet.http.HttpServlet {
        final java.util.concurrent.CompletableFuture<String> release = new java.util.concurrent.CompletableFuture<>();

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {
            jakarta.servlet.AsyncContext async = req.startAsync();
            async.setTimeout(0);
            release.thenAccept(body -> {
                try {
                    resp.getWriter().write(body);
                } catch (java.io.IOException e) {
                    resp.setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }

    @Test
    void keepsAHeldAsyncRequestOpenPastTheHttpIdleTimeout() {
        HeldServlet held = new HeldServlet();
        try (WebHost host = WebHost.builder().idleTimeout(Duration.ofSeconds(1))
                .servlet("held", held, "/poll")
                .start()) {
            var pending = HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + host.port() + "/poll")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(30)).until(() -> !pending.isDone());
            held.release.complete("released");

            assertThat(pending).succeedsWithin(Duration.ofSeconds(10))
                    .satisfies(response -> assertThat(response.body()).isEqualTo("released"));
        }
    }

    @Test
    void keepsAnIdleWebSocketOpenPastTheHttpIdleTimeout() throws Exception {
        try (WebHost host = WebHost.builder().idleTimeout(Duration.ofSeconds(1))
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start()) {
            WsClient client = WsClient.connect(HttpClient.newHttpClient(),
                    URI.create("ws://127.0.0.1:" + host.port() + "/echo"));

            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(30))
                    .until(() -> !client.closed.isDone());
            client.sendText("after idling");

            assertThat(client.next().text()).isEqualTo("after idling");
        }
    }

    @Test
    void closesAConnectionThatSendsNothingOrStopsInTheMiddleOfItsHeadersAfterTheIdleTimeout() throws Exception {
        try (WebHost host = WebHost.builder().idleTimeout(Duration.ofSeconds(1))
                .servlet("held", new HeldServlet(), "/poll")
                .start()) {
            for (String sent : new String[] {"", "GET /poll HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "}) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", host.port())) {
                    socket.getOutputStream().write(sent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // far beyond the idle timeout: the server must have closed the connection by then
                    socket.setSoTimeout(30_000);
                    assertThat(socket.getInputStream().read()).as("after sending '%s'", sent).isEqualTo(-1);
                }
            }
        }
    }
}
