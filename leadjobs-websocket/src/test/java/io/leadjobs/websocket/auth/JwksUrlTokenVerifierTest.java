package io.leadjobs.websocket.auth;

import static io.leadjobs.websocket.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier against a real JWKS endpoint: a JDK HttpServer on an ephemeral port. */
class JwksUrlTokenVerifierTest {

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> served = new AtomicReference<>(TestTokens.publicJwks());
    private final CountDownLatch releaseSlowResponses = new CountDownLatch(1);

    @BeforeEach
    void startJwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            respond(exchange, 200, served.get());
        });
        server.createContext("/slow", exchange -> {
            try {
                releaseSlowResponses.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, served.get());
        });
        server.createContext("/broken", exchange -> respond(exchange, 500, "oops"));
        server.start();
    }

    @AfterEach
    void stopJwksServer() {
        releaseSlowResponses.countDown();
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /**
     * A verifier of the keys at {@code path} that waits long for them: the endpoint answers at once, but a busy
     * machine may take more than a second to run its handler, and a fetch cut short reads as unavailable keys.
     */
    private TokenVerifier verifier(String path) {
        return verifier(path, Duration.ofSeconds(30));
    }

    private TokenVerifier verifier(String path, Duration readTimeout) {
        return TokenVerifier.jwt().jwksUrl(url(path))
                .jwksConnectTimeout(Duration.ofSeconds(10)).jwksReadTimeout(readTimeout).build();
    }

    @Test
    void saysThatItMayBlockAsOnlyAVerifierWithAJwksUrlDoes() {
        assertThat(verifier("/.well-known/jwks.json").mayBlock()).isTrue();
        assertThat(TokenVerifier.jwt().jwks(TestTokens.publicJwks()).build().mayBlock()).isFalse();
        assertThat(TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).build().mayBlock()).isFalse();
        assertThat(((TokenVerifier) token -> null).mayBlock()).as("a verifier that does not say").isTrue();
    }

    @Test
    void verifiesRs256AndEs256TokensWithKeysFetchedOnceAndCached() {
        TokenVerifier verifier = verifier("/.well-known/jwks.json");

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(TestTokens.rs256(claims("dave", Instant.now(), Duration.ofMinutes(5)).build())).userId())
                    .isEqualTo("dave");
            assertThat(verifier.verify(TestTokens.es256(claims("erin", Instant.now(), Duration.ofMinutes(5)).build())).userId())
                    .isEqualTo("erin");
        }

        assertThat(fetches).hasValue(1);
    }

    @Test
    void fetchesTheKeysAgainWhenATokenNamesANewKeyId() throws JOSEException {
        TokenVerifier verifier = verifier("/.well-known/jwks.json");
        assertThat(verifier.verify(TestTokens.rs256(claims("dave", Instant.now(), Duration.ofMinutes(5)).build())).userId())
                .isEqualTo("dave");
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        served.set(new JWKSet(List.of(TestTokens.rsaKey().toPublicJWK(), rotated.toPublicJWK())).toString());

        String token = TestTokens.sign(JWSAlgorithm.RS256, "rsa-2", claims("dave", Instant.now(), Duration.ofMinutes(5)).build(),
                TestTokens.rsaSigner(rotated));

        assertThat(verifier.verify(token).userId()).isEqualTo("dave");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void reportsUnavailableKeysWhenTheEndpointIsTooSlow() {
        // the endpoint holds its answer until the test ends, far past this timeout
        TokenVerifier verifier = verifier("/slow", Duration.ofMillis(300));

        assertThatThrownBy(() -> verifier.verify(TestTokens.rs256(claims("dave", Instant.now(), Duration.ofMinutes(5)).build())))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNING_KEYS_UNAVAILABLE));
    }

    @Test
    void reportsUnavailableKeysWhenTheEndpointFails() {
        TokenVerifier verifier = verifier("/broken");

        assertThatThrownBy(() -> verifier.verify(TestTokens.es256(claims("dave", Instant.now(), Duration.ofMinutes(5)).build())))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNING_KEYS_UNAVAILABLE));
    }

    @Test
    void refusesHs256SignedWithThePublicKeyServedByTheEndpoint() throws JOSEException {
        TokenVerifier verifier = verifier("/.well-known/jwks.json");
        byte[] publicKey = TestTokens.rsaKey().toRSAPublicKey().getEncoded();
        String token = TestTokens.sign(JWSAlgorithm.HS256, "rsa-1", claims("dave", Instant.now(), Duration.ofMinutes(5)).build(),
                TestTokens.macSigner(publicKey));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.ALGORITHM_NOT_ALLOWED));
        assertThat(fetches).hasValue(0);
    }
}
