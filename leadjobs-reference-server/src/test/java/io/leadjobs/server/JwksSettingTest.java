package io.leadjobs.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With LEADJOBS_JWKS_URL, tokens are checked against the identity provider's published keys. */
class JwksSettingTest {

    private static String sign(RSAKey key, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** An identity provider on a free port of 127.0.0.1 publishing {@code key}, after {@code beforeAnswering}. */
    private static HttpServer identityProvider(RSAKey key, Runnable beforeAnswering) throws Exception {
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        identityProvider.createContext("/.well-known/jwks.json", exchange -> {
            beforeAnswering.run();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        identityProvider.start();
        return identityProvider;
    }

    /** The reference server's settings for tokens checked against {@code identityProvider}'s keys. */
    private static Map<String, String> settings(HttpServer identityProvider) {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("LEADJOBS_JWT_SECRET", "");
        settings.put("LEADJOBS_JWKS_URL", "http://127.0.0.1:" + identityProvider.getAddress().getPort()
                + "/.well-known/jwks.json");
        return settings;
    }

    @Test
    void acceptsTokensSignedWithAKeyFromTheJwksUrlOnly() throws Exception {
        RSAKey published = new RSAKeyGenerator(2048).keyID("published").generate();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown").generate();
        HttpServer identityProvider = identityProvider(published, () -> { });
        try (RunningServer server = RunningServer.start(settings(identityProvider))) {
            assertThat(server.server.settings().devMode()).isFalse();
            assertThat(server.get("/api/jobs", sign(published, "carol")).statusCode()).isEqualTo(200);

            var refused = server.get("/api/jobs", sign(unknown, "carol"));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(RunningServer.json(refused).get("error").asText()).startsWith("Authentication failed: ");

            try (SocketClient client = SocketClient.connect(server.url(), "polling", sign(published, "carol"))) {
                client.await("connect");
            }
        } finally {
            identityProvider.stop(0);
        }
    }

    /**
     * The keys are fetched on the gateway's admission threads, never on the threads that read clients' packets (with
     * a JWKS URL too, the selector threads read WebSocket frames): a slow identity provider holds none of them.
     */
    @Test
    void fetchesTheKeysOnAnAdmissionThread() throws Exception {
        RSAKey published = new RSAKeyGenerator(2048).keyID("published").generate();
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer identityProvider = identityProvider(published, () -> {
            asked.countDown();
            try {
                answer.await(1, TimeUnit.SECONDS); // within the key fetch's 2 s read timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (RunningServer server = RunningServer.start(settings(identityProvider));
             SocketClient client = SocketClient.connect(server.url(), "websocket", sign(published, "dave"))) {
            assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
            List<String> fetching = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("com.nimbusds.jose.util.")
                            && f.getClassName().endsWith("ResourceRetriever")))
                    .map(e -> e.getKey().getName()).toList();
            answer.countDown();

            client.await("connect");
            assertThat(fetching).singleElement().asString().startsWith("leadjobs-admission-");
        } finally {
            answer.countDown();
            identityProvider.stop(0);
        }
    }
}
