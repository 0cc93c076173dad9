package io.leadjobs.server.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServletsBesideWebSocketsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private WebHost host;

    /** Answers after a short delay from another thread, like a long-polling transport does. */
    static final class DelayedAsyncServlet extends HttpServlet {
        private final Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            later.execute(() -> {
                try {
                    resp.setContentType("text/plain;charset=UTF-8");
                    resp.getWriter().write("polling " + req.getRequestURI() + "?" + req.getQueryString()
                            + " on " + req.getServletPath() + "|" + req.getPathInfo());
                } catch (IOException e) {
                    resp.setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = req.getInputStream().readAllBytes();
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("received " + body.length + " bytes: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    static final class HealthServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"status\":\"UP\"}");
        }
    }

    /** Marks every response it sees, after the servlet ran, to show the order of filter and servlet. */
    static final class StampFilter extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            res.setHeader("X-Stamp", "filtered " + req.getRequestURI());
            chain.doFilter(req, res);
        }
    }

    /** Adds a WebSocket endpoint through the container the servlet context carries, as a library would. */
    static final class EndpointAddingListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent sce) {
            ServerContainer container = (ServerContainer) sce.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/added").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void startHost() {
        host = WebHost.builder()
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/socket.io/").build())
                .servlet("polling", new DelayedAsyncServlet(), "/socket.io/*")
                .servlet("health", new HealthServlet(), "/health")
                .filter("stamp", new StampFilter(), "/health", "/socket.io/*")
                .listener(new EndpointAddingListener())
                .classpathResources("/", "web-test")
                .start();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheAsyncServletAndTheWebSocketOnTheSamePath() throws Exception {
        WsClient socket = WsClient.connect(http,
                URI.create("ws://127.0.0.1:" + host.port() + "/socket.io/?EIO=4&transport=websocket"));

        HttpResponse<String> polling = get("/socket.io/?EIO=4&transport=polling");
        socket.sendText("still here");

        assertThat(polling.statusCode()).isEqualTo(200);
        assertThat(polling.body()).isEqualTo("polling /socket.io/?EIO=4&transport=polling on /socket.io|/");
        assertThat(socket.next().text()).isEqualTo("still here");
    }

    @Test
    void holdsManyAsyncRequestsAtOnce() {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pending.add(http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + host.port() + "/socket.io/?n=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < pending.size(); i++) {
            assertThat(pending.get(i)).succeedsWithin(Duration.ofSeconds(20))
                    .extracting(HttpResponse::body).asString().contains("?n=" + i + " ");
        }
    }

    @Test
    void passesARequestBodyToTheServletEvenWhenTheClientOffersAnH2cUpgrade() throws Exception {
        // the JDK client asks for HTTP/2 with "Upgrade: h2c" on plain HTTP; the host must answer in HTTP/1.1
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.port() + "/socket.io/?EIO=4&transport=polling"))
                .version(HttpClient.Version.HTTP_2)
                .POST(HttpRequest.BodyPublishers.ofString("40{\"token\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.body()).isEqualTo("received 15 bytes: 40{\"token\":\"x\"}");
    }

    @Test
    void mapsAnExactServletPath() throws Exception {
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void servesStaticFilesFromTheClassPathBesideTheServlets() throws Exception {
        HttpResponse<String> index = get("/");
        HttpResponse<String> css = get("/docs/style.css");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("hello from the class path");
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).contains("color: black");
    }

    @Test
    void runsFiltersBeforeTheServletsTheyMatch() throws Exception {
        assertThat(get("/health").headers().firstValue("X-Stamp")).contains("filtered /health");
        assertThat(get("/socket.io/?EIO=4").headers().firstValue("X-Stamp")).contains("filtered /socket.io/");
        assertThat(get("/index.html").headers().firstValue("X-Stamp")).isEmpty();
    }

    @Test
    void letsAContextListenerAddAWebSocketEndpointThroughTheServerContainer() throws Exception {
        WsClient client = WsClient.connect(http, URI.create("ws://127.0.0.1:" + host.port() + "/added"));

        client.sendText("added at start-up");

        assertThat(client.next().text()).isEqualTo("added at start-up");
    }

    @Test
    void answers404ForAnUnknownPath() throws Exception {
        assertThat(get("/no/such/thing").statusCode()).isEqualTo(404);
        assertThat(get("/nothing.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void neverServesAFileOutsideTheResourceRoot() throws Exception {
        for (String path : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/docs/../../pom.xml", "/..%2fpom.xml")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isNotEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain("modelVersion");
        }
    }

    @Test
    void anUpgradeRequestOnAServletPathWithoutEndpointReachesTheServlet() {
        assertThatThrownBy(() -> WsClient.connect(http,
                URI.create("ws://127.0.0.1:" + host.port() + "/socket.io/other")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(200);
                    assertThat((String) e.getResponse().body()).startsWith("polling /socket.io/other");
                });
    }
}
