package io.leadjobs.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.testing.LoopbackWebSocket;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's per-address connection limit and the slow-body deadline when the Engine.IO servlet runs in embedded
 * Jetty: the limit counts each client's own address on both transports, so one busy address leaves others alone.
 */
class JettyClientsTest {

    private static final String POLLING_HANDSHAKE = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";

    private EmbeddedJettyApp app;
    private JettyTestClients clients;

    @BeforeEach
    void start() {
        app = EmbeddedJettyApp.start(0, JettyTestClients.SECRET, Enrichers.defaults());
        clients = new JettyTestClients(app.port());
    }

    @AfterEach
    void stop() {
        clients.close();
        app.close();
    }

    @Test
    void anotherLoopbackAddressStillConnectsAfterFourHundredWebSocketsFromOne() throws IOException {
        // the gateway's default limit (bursts of 20 per address) applies to 127.0.0.1, and to 127.0.0.1 only
        LoopbackWebSocket.assertLimitedPerAddress(app.port(), 400, 20);
    }

    @Test
    void anotherLoopbackAddressStillOpensAPollingSessionAfterTheLimitRefusesOne() throws IOException {
        int opened = 0;
        String refusal = null;
        // the default limit lets a burst of 20 through, then 5 a second: a few hundred tries meet a refusal
        for (int i = 0; i < 400 && refusal == null; i++) {
            String answer = clients.rawFrom("127.0.0.1", POLLING_HANDSHAKE);
            if (answer.startsWith("HTTP/1.1 200")) {
                assertThat(answer).contains("0{\"sid\":");
                opened++;
            } else {
                refusal = answer;
            }
        }
        assertThat(opened).isGreaterThanOrEqualTo(20);
        assertThat(refusal).as("a handshake from 127.0.0.1 refused").isNotNull().startsWith("HTTP/1.1 429");

        String other = clients.rawFrom("127.0.0.2", POLLING_HANDSHAKE);
        assertThat(other).startsWith("HTTP/1.1 200").contains("0{\"sid\":");
    }

    @Test
    void aPollingPostWhoseBodyDoesNotArriveInTimeIsAnswered408() throws Exception {
        String open = clients.rawFrom("127.0.0.1", POLLING_HANDSHAKE);
        String sid = open.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
        assertThat(sid).as("the session id in %s", open).matches("[A-Za-z0-9_-]+");

        // ten thousand bytes announced, one sent: the servlet answers once the body's deadline has passed
        String answer = clients.rawFrom("127.0.0.1", "POST /socket.io/?EIO=4&transport=polling&sid=" + sid
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 10000\r\n\r\n4");

        assertThat(answer).startsWith("HTTP/1.1 408").contains("Request timeout: the body did not arrive in time");
    }
}
