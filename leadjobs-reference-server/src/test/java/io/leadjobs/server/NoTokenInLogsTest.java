package io.leadjobs.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log line of a run with good and bad tokens, at DEBUG, over REST and both Socket.IO transports: no token text. */
class NoTokenInLogsTest {

    @Test
    void noLogLineCarriesATokenEvenAtDebug() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger leadjobs = context.getLogger("io.leadjobs");
        Level rootLevel = root.getLevel();
        Level leadjobsLevel = leadjobs.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        leadjobs.setLevel(Level.DEBUG);
        List<String> tokens = new ArrayList<>();
        try (RunningServer server = RunningServer.start()) {
            String good = server.token("alice");
            String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAAsignatureAAAA";
            String expired = RunningServer.expiredToken("alice");
            tokens.addAll(List.of(good, forged, expired, "not.a.jwt-at-all"));

            String jobId = server.submitCsv("alice", RestApiTest.CSV);
            for (String bad : List.of(forged, expired, "not.a.jwt-at-all")) {
                assertThat(server.get("/api/jobs/" + jobId, bad).statusCode()).isEqualTo(401);
                for (String transport : List.of("websocket", "polling")) {
                    try (SocketClient client = SocketClient.connect(server.url(), transport, bad)) {
                        assertThat(client.await("connect_error").json().getString("message"))
                                .startsWith("Authentication failed: ");
                    }
                }
            }
            try (SocketClient client = SocketClient.connect(server.url(), "polling", good)) {
                client.await("connect");
                client.emitWithAck("subscribe-job", jobId);
                client.await("job-status");
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            leadjobs.setLevel(leadjobsLevel);
            SLF4JBridgeHandler.uninstall();
        }

        assertThat(captured.list).isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String token : tokens) {
                assertThat(text).as("log line from %s", event.getLoggerName()).doesNotContain(token);
                // the signature alone must not appear either
                assertThat(text).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            }
        }
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
