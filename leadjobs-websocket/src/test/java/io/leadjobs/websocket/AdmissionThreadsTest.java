package io.leadjobs.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.Job;
import io.leadjobs.websocket.auth.TestTokens;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which thread verifies a client's token: the one that read its CONNECT packet when the verifier only computes,
 * the gateway's own {@code leadjobs-admission-N} threads when it may wait (a JWKS URL, a remote call), so that a
 * slow key server holds no thread that reads other clients' packets.
 */
class AdmissionThreadsTest {

    private static final TokenVerifier HMAC = TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).build();

    /** The shared-secret verifier, reporting that it may block or not, recording its threads, waiting for "slow" users. */
    private static final class RecordingVerifier implements TokenVerifier {
        final boolean mayBlock;
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        RecordingVerifier(boolean mayBlock) {
            this.mayBlock = mayBlock;
        }

        @Override
        public VerifiedToken verify(String token) {
            threads.add(Thread.currentThread().getName());
            VerifiedToken verified = HMAC.verify(token);
            if (verified.userId().startsWith("slow")) {
                slowStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return verified;
        }

        @Override
        public boolean mayBlock() {
            return mayBlock;
        }
    }

    @Test
    void aVerifierThatOnlyComputesRunsOnTheThreadThatReadTheConnectPacket() throws Exception {
        RecordingVerifier verifier = new RecordingVerifier(false);
        try (GatewayHarness server = GatewayHarness.start(g -> g.tokenVerifier(verifier))) {
            server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();

            assertThat(verifier.threads).hasSize(1);
            assertThat(verifier.threads.get(0)).doesNotStartWith("leadjobs-");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("leadjobs-admission"));
        }
    }

    @Test
    void aVerifierThatMayBlockRunsOnAdmissionThreadsWhileOtherClientsGoOn() throws Exception {
        RecordingVerifier verifier = new RecordingVerifier(true);
        try (GatewayHarness server = GatewayHarness.start(g -> g.tokenVerifier(verifier))) {
            Job job = server.submit("alice", 4);
            TestClient slow = server.client(TestTokens.hs256("slow-bob", Duration.ofMinutes(5)));
            assertThat(verifier.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

            TestClient alice = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();
            JsonNode ack = alice.emitWithAck("subscribe-job", job.id().toString());
            boolean slowConnectedMeanwhile = slow.isConnected();
            verifier.release.countDown();
            slow.awaitConnected();

            assertThat(ack.path("ok").asBoolean()).as(ack.toString()).isTrue();
            assertThat(slowConnectedMeanwhile).isFalse();
            assertThat(verifier.threads).hasSize(2).allMatch(name -> name.startsWith("leadjobs-admission-"), "admission threads");
        }
    }

    @Test
    void aClientThatLeavesWhileItsTokenIsVerifiedHoldsNoneOfItsUsersConnections() throws Exception {
        RecordingVerifier verifier = new RecordingVerifier(true);
        try (GatewayHarness server = GatewayHarness.start(g -> g.tokenVerifier(verifier).maxConnectionsPerUser(1))) {
            TestClient leaving = server.client(TestTokens.hs256("slow-carol", Duration.ofMinutes(5)));
            assertThat(verifier.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            leaving.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.io.engine().connectionCount() == 0);
            verifier.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier.threads.size() == 1
                    && Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("leadjobs-admission-"))
                    .allMatch(t -> t.getState() == Thread.State.WAITING));

            TestClient again = server.client(TestTokens.hs256("slow-carol", Duration.ofMinutes(5))).awaitConnected();

            assertThat(again.isConnected()).isTrue();
            assertThat(server.gateway.connectedClients()).isEqualTo(1);
        }
    }

    @Test
    void aClientConnectingAfterTheGatewayClosedIsToldThatTheServerIsShuttingDown() throws Exception {
        RecordingVerifier verifier = new RecordingVerifier(true);
        try (GatewayHarness server = GatewayHarness.start(g -> g.tokenVerifier(verifier))) {
            server.gateway.close();

            JsonNode error = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnectError();

            assertThat(error.get("message").asText()).isEqualTo("Server shutting down");
            assertThat(verifier.threads).isEmpty();
        }
    }
}
