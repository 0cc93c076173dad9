package io.leadjobs.server.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Which threads read an upgraded WebSocket's frames, with and without {@code webSocketReadsOnSelectors}. */
class WebSocketReadThreadsTest {

    /** Answers every text message, asynchronously, with the name of the thread its callback ran on. */
    public static final class ThreadNameEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                    session.getAsyncRemote().sendText(text + " read on " + Thread.currentThread().getName()));
        }
    }

    /** Answers a GET with the name of the thread it ran on. */
    static final class ThreadNameServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("served on " + Thread.currentThread().getName());
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private WebHost host;

    private void start(boolean onSelectors) {
        host = WebHost.builder()
                .port(0)
                .webSocketReadsOnSelectors(onSelectors)
                .endpoint(ServerEndpointConfig.Builder.create(ThreadNameEndpoint.class, "/names").build())
                .servlet("names", new ThreadNameServlet(), "/thread")
                .start();
    }

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    private String servletThread() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/thread")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private WsClient client() {
        return WsClient.connect(http, URI.create("ws://127.0.0.1:" + host.port() + "/names"));
    }

    @Test
    void byDefaultAWorkerThreadReadsEveryFrame() throws Exception {
        start(false);
        WsClient client = client();

        for (int i = 0; i < 20; i++) {
            client.sendText("frame " + i);
            assertThat(client.next().text()).startsWith("frame " + i + " read on leadjobs-http-worker");
        }
        assertThat(servletThread()).startsWith("served on leadjobs-http-worker");
    }

    @Test
    void onSelectorsTheSelectorThreadReadsUpgradedFramesWhileRequestsStayOnTheWorkers() throws Exception {
        start(true);
        WsClient first = client();
        WsClient second = client();

        for (int i = 0; i < 20; i++) {
            first.sendText("frame " + i);
            second.sendText("other " + i);
            assertThat(first.next().text()).startsWith("frame " + i + " read on leadjobs-http-selector");
            assertThat(second.next().text()).startsWith("other " + i + " read on leadjobs-http-selector");
        }
        // the upgrade request itself and plain HTTP requests are still served by the workers
        assertThat(servletThread()).startsWith("served on leadjobs-http-worker");
    }
}
