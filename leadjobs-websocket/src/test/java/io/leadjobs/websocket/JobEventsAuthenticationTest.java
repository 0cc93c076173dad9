package io.leadjobs.websocket;

import static io.leadjobs.websocket.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import io.leadjobs.core.MutableClock;
import io.leadjobs.websocket.auth.TestTokens;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Authentication at CONNECT, over the wire: the attack list against a real server with real clients. */
class JobEventsAuthenticationTest {

    private static String refusal(GatewayHarness server, String token) {
        JsonNode error = server.client(token).awaitConnectError();
        return error.get("message").asText();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithASharedSecret {
        private GatewayHarness server;

        @BeforeAll
        void start() throws Exception {
            server = GatewayHarness.start(g -> g.connectRate(RateLimit.off()));
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        @Test
        void acceptsAValidTokenInTheAuthPayload() {
            TestClient client = server.client(TestTokens.hs256("alice", Duration.ofMinutes(5))).awaitConnected();

            assertThat(client.isConnected()).isTrue();
        }

        @Test
        void acceptsAValidTokenInAnAuthorizationBearerHeader() {
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));
            TestClient client = server.client(o -> o.extraHeaders = Map.of("Authorization", List.of("Bearer " + token)))
                    .awaitConnected();

            assertThat(client.isConnected()).isTrue();
        }

        @Test
        void refusesAMissingToken() {
            JsonNode error = server.client(o -> { }).awaitConnectError();

            assertThat(error.get("message").asText()).isEqualTo("Authentication failed: missing token");
        }

        @Test
        void refusesATokenInTheQueryString() {
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));
            JsonNode error = server.client(o -> o.query = "token=" + token).awaitConnectError();

            assertThat(error.get("message").asText()).isEqualTo("Authentication failed: token in URL not accepted");
        }

        @Test
        void refusesAlgNone() {
            String token = TestTokens.unsigned("none", claims("alice", Instant.now(), Duration.ofMinutes(5)).build());

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: algorithm not allowed");
        }

        @Test
        void refusesAnAlgorithmOutsideTheAllowList() throws Exception {
            String token = TestTokens.sign(JWSAlgorithm.RS256, "rsa-1", claims("alice", Instant.now(), Duration.ofMinutes(5)).build(),
                    new RSASSASigner(TestTokens.rsaKey()));

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: algorithm not allowed");
        }

        @Test
        void refusesATamperedPayloadWithoutEchoingTheToken() {
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));
            String[] parts = token.split("\\.");
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims("bob", Instant.now(), Duration.ofMinutes(5)).build().toString().getBytes(StandardCharsets.UTF_8));

            JsonNode error = server.client(parts[0] + "." + forged + "." + parts[2]).awaitConnectError();

            assertThat(error.get("message").asText()).isEqualTo("Authentication failed: invalid signature");
            assertThat(error.toString()).doesNotContain(parts[0]).doesNotContain(forged).doesNotContain(parts[2]);
        }

        @Test
        void refusesAnEmptySignature() {
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));

            assertThat(refusal(server, token.substring(0, token.lastIndexOf('.') + 1)))
                    .isEqualTo("Authentication failed: invalid signature");
        }

        @Test
        void refusesATokenWithoutExp() {
            String token = TestTokens.hs256(new JWTClaimsSet.Builder().subject("alice").build());

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: missing exp");
        }

        @Test
        void refusesAnExpiredToken() {
            String token = TestTokens.hs256(claims("alice", Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).build());

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: token expired");
        }

        @Test
        void refusesATokenNotYetValid() {
            String token = TestTokens.hs256(claims("alice", Instant.now(), Duration.ofHours(1))
                    .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build());

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: token not yet valid");
        }

        @Test
        void refusesAnOversizedToken() {
            String token = TestTokens.hs256(claims("alice", Instant.now(), Duration.ofHours(1))
                    .claim("padding", "x".repeat(8_000)).build());

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: token too large");
        }

        @Test
        void closesTheConnectionOfATokenLargerThanTheMaximumPacket() throws Exception {
            String token = TestTokens.hs256(claims("alice", Instant.now(), Duration.ofHours(1))
                    .claim("padding", "x".repeat(JobEventsGateway.MAX_PAYLOAD + 1000)).build());
            try (RawSocketIoClient raw = RawSocketIoClient.open(HttpClient.newHttpClient(), server.port)) {
                raw.awaitMessage("0{");
                raw.send("40{\"token\":\"" + token + "\"}");

                assertThat(raw.awaitClosed()).isNotEmpty();
                assertThat(raw.messages()).noneMatch(m -> m.startsWith("40"));
            }
        }

        @Test
        void refusesMalformedText() {
            assertThat(refusal(server, "definitely-not-a-jwt")).isEqualTo("Authentication failed: malformed token");
        }

        @Test
        void refusesANonStringToken() throws Exception {
            try (RawSocketIoClient raw = RawSocketIoClient.open(HttpClient.newHttpClient(), server.port)) {
                raw.awaitMessage("0{");
                raw.send("40{\"token\":12345}");

                assertThat(raw.awaitMessage("44")).isEqualTo("44{\"message\":\"Authentication failed: malformed token\"}");
            }
            try (RawSocketIoClient raw = RawSocketIoClient.open(HttpClient.newHttpClient(), server.port)) {
                raw.awaitMessage("0{");
                raw.send("40{\"token\":{\"alg\":\"none\"}}");

                assertThat(raw.awaitMessage("44")).isEqualTo("44{\"message\":\"Authentication failed: malformed token\"}");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPublicKeysIssuerAndAudience {
        private GatewayHarness server;

        @BeforeAll
        void start() throws Exception {
            TokenVerifier verifier = TokenVerifier.jwt().jwks(TestTokens.publicJwks())
                    .requiredIssuer("https://auth.example").requiredAudience("leadjobs").build();
            server = GatewayHarness.start(s -> { }, g -> g.connectRate(RateLimit.off()).tokenVerifier(verifier), s -> { });
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        private JWTClaimsSet.Builder good() {
            return claims("bob", Instant.now(), Duration.ofMinutes(5)).issuer("https://auth.example").audience("leadjobs");
        }

        @Test
        void acceptsRs256AndEs256Tokens() {
            server.client(TestTokens.rs256(good().build())).awaitConnected();
            server.client(TestTokens.es256(good().build())).awaitConnected();
        }

        @Test
        void refusesHs256SignedWithTheRsaPublicKey() throws Exception {
            byte[] publicKey = TestTokens.rsaKey().toRSAPublicKey().getEncoded();
            String token = TestTokens.sign(JWSAlgorithm.HS256, "rsa-1", good().build(), TestTokens.macSigner(publicKey));

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: algorithm not allowed");
        }

        @Test
        void refusesAWrongIssuer() {
            assertThat(refusal(server, TestTokens.rs256(good().issuer("https://evil.example").build())))
                    .isEqualTo("Authentication failed: invalid issuer");
        }

        @Test
        void refusesAWrongAudience() {
            assertThat(refusal(server, TestTokens.rs256(good().audience("billing").build())))
                    .isEqualTo("Authentication failed: invalid audience");
        }

        @Test
        void refusesATokenSignedByAnotherKeyUnderTheSameKeyId() {
            String token = TestTokens.sign(JWSAlgorithm.RS256, "rsa-1", good().build(),
                    TestTokens.rsaSigner(TestTokens.impostorRsaKey()));

            assertThat(refusal(server, token)).isEqualTo("Authentication failed: invalid signature");
        }
    }

    @Test
    void acceptsATokenInTheQueryStringOnlyWhenTheHostEnablesIt() throws Exception {
        try (GatewayHarness server = GatewayHarness.start(g -> g.allowTokenInQueryString(true))) {
            String token = TestTokens.hs256("alice", Duration.ofMinutes(5));

            server.client(o -> o.query = "token=" + token).awaitConnected();
        }
    }

    @Test
    void tellsAClientWhoseTokenExpiresAndDisconnectsItThenAcceptsAFreshToken() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TokenVerifier verifier = TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).clockSkew(Duration.ZERO).clock(clock).build();
        try (GatewayHarness server = GatewayHarness.start(s -> { },
                g -> g.tokenVerifier(verifier).clock(clock).expiryCheckInterval(Duration.ofMillis(20)), s -> { })) {
            TestClient client = server.client(TestTokens.hs256(claims("alice", clock.instant(), Duration.ofMinutes(10)).build()))
                    .awaitConnected();
            TestClient longer = server.client(TestTokens.hs256(claims("alice", clock.instant(), Duration.ofMinutes(30)).build()))
                    .awaitConnected();

            clock.advance(Duration.ofMinutes(11));
            JsonNode error = client.awaitEvent("error").json();
            client.awaitDisconnect();

            assertThat(error.toString()).isEqualTo("{\"message\":\"Token expired\"}");
            assertThat(longer.isConnected()).isTrue();
            assertThat(longer.received("error")).isEmpty();
            TestClient again = server.client(TestTokens.hs256(claims("alice", clock.instant(), Duration.ofMinutes(10)).build()))
                    .awaitConnected();
            assertThat(again.isConnected()).isTrue();
        }
    }
}
