package io.leadjobs.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.Threads;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deploys the servlet and the WebSocket endpoint (registered with ServerContainer.addEndpoint) into embedded
 * Tomcat 11 on one port; a real client then uses polling and upgrades to WebSocket on the same path.
 */
class EmbeddingTest {

    private SocketIoServer io;
    private EmbeddedTomcat tomcat;
    private OkHttpClient http;
    private Socket client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        io.close();
        tomcat.close();
        http.dispatcher().executorService().shutdown();
        http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        http.connectionPool().evictAll();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    @Test
    void servletAndDirectlyRegisteredEndpointServeBothTransportsOnOnePort() throws Exception {
        Object[] answer = whereAmI(new String[] {"polling", "websocket"});

        assertThat(answer[0]).as("opened over").isEqualTo("polling");
        assertThat(answer[1]).as("upgraded to").isEqualTo("websocket");
        assertThat(answer[2]).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void directlyRegisteredEndpointOpensWebSocketOnlyConnections() throws Exception {
        Object[] answer = whereAmI(new String[] {"websocket"});

        assertThat(answer[0]).as("opened over").isEqualTo("websocket");
        assertThat(answer[1]).isEqualTo("websocket");
        // Jakarta WebSocket gives a directly registered endpoint no peer address and Tomcat adds none; the
        // servlet path (upgradeHttpToWebSocket) knows it, which is one reason it is the recommended mount
        assertThat(answer[2]).isEqualTo("unknown");
    }

    @Test
    void installRegistersTheServletFromAHostsInitializer() throws Exception {
        io = SocketIoServer.builder().build();
        tomcat = EmbeddedTomcat.startWith(context -> io.install(context));

        Object[] answer = askWhere(new String[] {"polling", "websocket"});

        assertThat(answer[0]).as("opened over").isEqualTo("polling");
        assertThat(answer[1]).as("upgraded to, through the servlet").isEqualTo("websocket");
        assertThat(answer[2]).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    private Object[] whereAmI(String[] transports) throws Exception {
        io = SocketIoServer.builder().build();
        tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping(), Optional.of(io.webSocketEndpointConfig()));
        return askWhere(transports);
    }

    /** Connects a client to the running server and asks where its connection came from and runs now. */
    private Object[] askWhere(String[] transports) throws Exception {
        io.mainNamespace().onConnection(socket -> socket.on("where", (s, event) -> event.acknowledge(
                s.handshake().http().transport(), s.connection().transport(), s.handshake().remoteAddress())));
        http = new OkHttpClient.Builder().build();
        IO.Options options = IO.Options.builder().setForceNew(true).setTransports(transports).build();
        options.callFactory = http;
        options.webSocketFactory = http;
        client = IO.socket(URI.create(tomcat.httpUrl()), options);
        client.connect();
        await().atMost(Duration.ofSeconds(10)).until(client::connected);
        Object[][] result = new Object[1][];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            CompletableFuture<Object[]> where = new CompletableFuture<>();
            client.emit("where", new Object[0], (Ack) where::complete);
            result[0] = where.get(10, TimeUnit.SECONDS);
            assertThat(result[0][1]).isEqualTo("websocket");
        });
        return result[0];
    }
}
