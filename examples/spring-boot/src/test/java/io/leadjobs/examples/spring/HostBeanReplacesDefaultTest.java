package io.leadjobs.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A host's own {@link TokenVerifier} bean (API keys here) replaces the starter's JWT verifier: no
 * {@code leadjobs.auth.secret} is set, the REST API accepts the host's keys and refuses a JWT.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "leadjobs.auth.secret=")
class HostBeanReplacesDefaultTest {

    private static final Map<String, String> API_KEYS = Map.of("key-of-erin-0123456789", "erin");

    @TestConfiguration
    static class ApiKeys {
        @Bean
        TokenVerifier apiKeyVerifier() {
            return token -> {
                String user = API_KEYS.get(token);
                if (user == null) {
                    throw new AuthenticationException(AuthFailure.INVALID_SIGNATURE);
                }
                return new VerifiedToken(user, Instant.now().plusSeconds(3600));
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenVerifier verifier;

    @Test
    void theHostsVerifierIsTheOneInUse() throws Exception {
        assertThat(verifier.verify("key-of-erin-0123456789").userId()).isEqualTo("erin");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> withKey = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                .header("Authorization", "Bearer key-of-erin-0123456789").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(withKey.body()).path("jobs").isArray()).isTrue();

        HttpResponse<String> withJwt = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                .header("Authorization", "Bearer " + Tokens.hs256("erin", Tokens.SECRET)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withJwt.statusCode()).isEqualTo(401);
    }
}
