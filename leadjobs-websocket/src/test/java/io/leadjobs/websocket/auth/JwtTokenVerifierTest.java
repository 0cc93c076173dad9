package io.leadjobs.websocket.auth;

import static io.leadjobs.websocket.auth.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import io.leadjobs.core.LeadJobsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static TokenVerifier hmacVerifier() {
        return TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).clock(CLOCK).build();
    }

    private static TokenVerifier jwksVerifier() {
        return TokenVerifier.jwt().jwks(TestTokens.publicJwks()).clock(CLOCK).build();
    }

    private static void assertRefused(TokenVerifier verifier, String token, AuthFailure failure) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(failure);
                    assertThat(e.getMessage()).isEqualTo("Authentication failed: " + failure.reason());
                    if (token != null && token.length() > 8) {
                        for (String part : token.split("\\.")) {
                            if (part.length() > 4) {
                                assertThat(e.getMessage()).doesNotContain(part);
                            }
                        }
                    }
                });
    }

    @Nested
    class WithSharedSecret {

        @Test
        void acceptsAValidHs256TokenAndReturnsItsSubject() {
            String token = TestTokens.hs256(claims("alice", NOW, Duration.ofMinutes(5)).build());

            VerifiedToken verified = hmacVerifier().verify(token);

            assertThat(verified.userId()).isEqualTo("alice");
            assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).plusSeconds(60));
        }

        @Test
        void refusesAlgNoneInEverySpelling() {
            JWTClaimsSet claims = claims("alice", NOW, Duration.ofMinutes(5)).build();
            for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
                assertRefused(hmacVerifier(), TestTokens.unsigned(alg, claims), AuthFailure.ALGORITHM_NOT_ALLOWED);
            }
        }

        @Test
        void refusesAlgNoneEvenWithASignaturePart() {
            String unsigned = TestTokens.unsigned("none", claims("alice", NOW, Duration.ofMinutes(5)).build());
            String valid = TestTokens.hs256(claims("alice", NOW, Duration.ofMinutes(5)).build());

            assertRefused(hmacVerifier(), unsigned + valid.substring(valid.lastIndexOf('.') + 1),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void refusesAnHmacAlgorithmOutsideTheAllowList() {
            byte[] longSecret = (TestTokens.SECRET + TestTokens.SECRET).getBytes(StandardCharsets.UTF_8);
            TokenVerifier verifier = TokenVerifier.jwt().hmacSecret(longSecret).clock(CLOCK).build();
            String hs512 = TestTokens.sign(JWSAlgorithm.HS512, null, claims("alice", NOW, Duration.ofMinutes(5)).build(),
                    TestTokens.macSigner(longSecret));

            assertRefused(verifier, hs512, AuthFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void refusesAnRs256TokenWhenOnlyTheSecretIsConfigured() {
            assertRefused(hmacVerifier(), TestTokens.rs256(claims("alice", NOW, Duration.ofMinutes(5)).build()),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void refusesATamperedPayload() {
            String token = TestTokens.hs256(claims("alice", NOW, Duration.ofMinutes(5)).build());
            String[] parts = token.split("\\.");
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims("admin", NOW, Duration.ofMinutes(5)).build().toString().getBytes(StandardCharsets.UTF_8));

            assertRefused(hmacVerifier(), parts[0] + "." + forged + "." + parts[2], AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void refusesAnEmptySignature() {
            String token = TestTokens.hs256(claims("alice", NOW, Duration.ofMinutes(5)).build());

            assertRefused(hmacVerifier(), token.substring(0, token.lastIndexOf('.') + 1), AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void refusesATokenSignedWithAnotherSecret() {
            byte[] other = "another-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8);
            String token = TestTokens.sign(JWSAlgorithm.HS256, null, claims("alice", NOW, Duration.ofMinutes(5)).build(),
                    TestTokens.macSigner(other));

            assertRefused(hmacVerifier(), token, AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void refusesATokenWithoutExp() {
            JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("alice").build();

            assertRefused(hmacVerifier(), TestTokens.hs256(noExp), AuthFailure.MISSING_EXP);
        }

        @Test
        void refusesAnExpiredTokenBeyondTheClockSkew() {
            String token = TestTokens.hs256(claims("alice", NOW.minus(Duration.ofHours(1)), Duration.ofMinutes(58)).build());

            assertRefused(hmacVerifier(), token, AuthFailure.TOKEN_EXPIRED);
        }

        @Test
        void acceptsATokenExpiredWithinTheClockSkew() {
            String token = TestTokens.hs256(claims("alice", NOW.minusSeconds(100), Duration.ofSeconds(70)).build());

            assertThat(hmacVerifier().verify(token).userId()).isEqualTo("alice");
        }

        @Test
        void honoursAConfiguredClockSkewOfZero() {
            TokenVerifier strict = TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).clockSkew(Duration.ZERO).clock(CLOCK).build();
            String token = TestTokens.hs256(claims("alice", NOW.minusSeconds(100), Duration.ofSeconds(99)).build());

            assertRefused(strict, token, AuthFailure.TOKEN_EXPIRED);
        }

        @Test
        void refusesATokenWhoseNotBeforeIsInTheFuture() {
            JWTClaimsSet claims = claims("alice", NOW, Duration.ofHours(1)).notBeforeTime(java.util.Date.from(NOW.plusSeconds(300))).build();

            assertRefused(hmacVerifier(), TestTokens.hs256(claims), AuthFailure.TOKEN_NOT_YET_VALID);
        }

        @Test
        void acceptsANotBeforeWithinTheClockSkew() {
            JWTClaimsSet claims = claims("alice", NOW, Duration.ofHours(1)).notBeforeTime(java.util.Date.from(NOW.plusSeconds(30))).build();

            assertThat(hmacVerifier().verify(TestTokens.hs256(claims)).userId()).isEqualTo("alice");
        }

        @Test
        void checksTheRequiredIssuerAndAudience() {
            TokenVerifier verifier = TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).requiredIssuer("https://auth.example")
                    .requiredAudience("leadjobs").clock(CLOCK).build();
            JWTClaimsSet good = claims("alice", NOW, Duration.ofMinutes(5)).issuer("https://auth.example")
                    .audience(java.util.List.of("other", "leadjobs")).build();
            JWTClaimsSet wrongIssuer = claims("alice", NOW, Duration.ofMinutes(5)).issuer("https://evil.example")
                    .audience("leadjobs").build();
            JWTClaimsSet noIssuer = claims("alice", NOW, Duration.ofMinutes(5)).audience("leadjobs").build();
            JWTClaimsSet wrongAudience = claims("alice", NOW, Duration.ofMinutes(5)).issuer("https://auth.example")
                    .audience("billing").build();
            JWTClaimsSet noAudience = claims("alice", NOW, Duration.ofMinutes(5)).issuer("https://auth.example").build();

            assertThat(verifier.verify(TestTokens.hs256(good)).userId()).isEqualTo("alice");
            assertRefused(verifier, TestTokens.hs256(wrongIssuer), AuthFailure.INVALID_ISSUER);
            assertRefused(verifier, TestTokens.hs256(noIssuer), AuthFailure.INVALID_ISSUER);
            assertRefused(verifier, TestTokens.hs256(wrongAudience), AuthFailure.INVALID_AUDIENCE);
            assertRefused(verifier, TestTokens.hs256(noAudience), AuthFailure.INVALID_AUDIENCE);
        }

        @Test
        void refusesATokenWithoutSubject() {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().expirationTime(java.util.Date.from(NOW.plusSeconds(300))).build();

            assertRefused(hmacVerifier(), TestTokens.hs256(claims), AuthFailure.MISSING_SUBJECT);
        }

        @Test
        void refusesAMissingOrBlankToken() {
            assertRefused(hmacVerifier(), null, AuthFailure.MISSING_TOKEN);
            assertRefused(hmacVerifier(), "", AuthFailure.MISSING_TOKEN);
            assertRefused(hmacVerifier(), "   ", AuthFailure.MISSING_TOKEN);
        }

        @Test
        void refusesAnOversizedTokenBeforeParsingIt() {
            JWTClaimsSet huge = claims("alice", NOW, Duration.ofMinutes(5)).claim("padding", "x".repeat(10_000)).build();

            assertRefused(hmacVerifier(), TestTokens.hs256(huge), AuthFailure.TOKEN_TOO_LARGE);
            assertRefused(hmacVerifier(), "a".repeat(100_000), AuthFailure.TOKEN_TOO_LARGE);
        }

        @Test
        void refusesMalformedTokens() {
            String valid = TestTokens.hs256(claims("alice", NOW, Duration.ofMinutes(5)).build());
            String[] parts = valid.split("\\.");
            String notJsonHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
            String headerWithoutAlg = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String notJsonPayload = Base64.getUrlEncoder().withoutPadding().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8));

            assertRefused(hmacVerifier(), "not-a-token", AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), parts[0] + "." + parts[1], AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), valid + ".extra.parts", AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), "!!!." + parts[1] + "." + parts[2], AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), notJsonHeader + "." + parts[1] + "." + parts[2], AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), headerWithoutAlg + "." + parts[1] + "." + parts[2], AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), parts[0] + "." + notJsonPayload + "." + parts[2], AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void refusesCorrectlySignedTokensWhoseClaimsAreMalformed() throws Exception {
            assertRefused(hmacVerifier(), signedPayload("[1,2]"), AuthFailure.MALFORMED_TOKEN);
            assertRefused(hmacVerifier(), signedPayload("{\"sub\":\"alice\",\"exp\":\"tomorrow\"}"), AuthFailure.MALFORMED_TOKEN);
        }

        private String signedPayload(String json) throws Exception {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(json));
            jws.sign(TestTokens.macSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        }
    }

    @Nested
    class WithPublicKeys {

        @Test
        void acceptsValidRs256AndEs256Tokens() {
            JWTClaimsSet claims = claims("bob", NOW, Duration.ofMinutes(5)).build();

            assertThat(jwksVerifier().verify(TestTokens.rs256(claims)).userId()).isEqualTo("bob");
            assertThat(jwksVerifier().verify(TestTokens.es256(claims)).userId()).isEqualTo("bob");
        }

        @Test
        void refusesHs256SignedWithTheRsaPublicKey() throws Exception {
            JWTClaimsSet claims = claims("bob", NOW, Duration.ofMinutes(5)).build();
            byte[] der = TestTokens.rsaKey().toRSAPublicKey().getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";

            assertRefused(jwksVerifier(), TestTokens.sign(JWSAlgorithm.HS256, "rsa-1", claims, TestTokens.macSigner(der)),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
            assertRefused(jwksVerifier(), TestTokens.sign(JWSAlgorithm.HS256, "rsa-1", claims,
                    TestTokens.macSigner(pem.getBytes(StandardCharsets.US_ASCII))), AuthFailure.ALGORITHM_NOT_ALLOWED);
            assertRefused(jwksVerifier(), TestTokens.sign(JWSAlgorithm.HS256, "rsa-1", claims,
                    TestTokens.macSigner(TestTokens.rsaKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void refusesAnAsymmetricAlgorithmOutsideTheAllowList() throws Exception {
            TokenVerifier rsOnly = TokenVerifier.jwt().jwks(TestTokens.publicJwks()).allowedAlgorithms("RS256").clock(CLOCK).build();
            JWTClaimsSet claims = claims("bob", NOW, Duration.ofMinutes(5)).build();

            assertRefused(rsOnly, TestTokens.es256(claims), AuthFailure.ALGORITHM_NOT_ALLOWED);
            assertRefused(rsOnly, TestTokens.sign(JWSAlgorithm.RS512, "rsa-1", claims, new RSASSASigner(TestTokens.rsaKey())),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
            assertRefused(rsOnly, TestTokens.sign(JWSAlgorithm.PS256, "rsa-1", claims, new RSASSASigner(TestTokens.rsaKey())),
                    AuthFailure.ALGORITHM_NOT_ALLOWED);
        }

        @Test
        void refusesATokenSignedByAnotherKeyUnderTheSameKeyId() {
            JWTClaimsSet claims = claims("bob", NOW, Duration.ofMinutes(5)).build();
            String forged = TestTokens.sign(JWSAlgorithm.RS256, "rsa-1", claims, TestTokens.rsaSigner(TestTokens.impostorRsaKey()));

            assertRefused(jwksVerifier(), forged, AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void refusesATokenNamingAnUnknownKeyId() {
            JWTClaimsSet claims = claims("bob", NOW, Duration.ofMinutes(5)).build();
            String token = TestTokens.sign(JWSAlgorithm.RS256, "no-such-key", claims, TestTokens.rsaSigner(TestTokens.rsaKey()));

            assertRefused(jwksVerifier(), token, AuthFailure.UNKNOWN_SIGNING_KEY);
        }

        @Test
        void refusesATamperedRs256Payload() {
            String token = TestTokens.rs256(claims("bob", NOW, Duration.ofMinutes(5)).build());
            String[] parts = token.split("\\.");
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims("root", NOW, Duration.ofDays(365)).build().toString().getBytes(StandardCharsets.UTF_8));

            assertRefused(jwksVerifier(), parts[0] + "." + forged + "." + parts[2], AuthFailure.INVALID_SIGNATURE);
        }

        @Test
        void readsTheKeysFromAJwksFile(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("jwks.json");
            Files.writeString(file, TestTokens.publicJwks());
            TokenVerifier verifier = TokenVerifier.jwt().jwksFile(file).clock(CLOCK).build();

            assertThat(verifier.verify(TestTokens.es256(claims("carol", NOW, Duration.ofMinutes(5)).build())).userId())
                    .isEqualTo("carol");
        }
    }

    @Nested
    class Settings {

        @Test
        void refusesASecretShorterThan256Bits() {
            assertThatThrownBy(() -> TokenVerifier.jwt().hmacSecret("too-short-secret"))
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessage("hmacSecret must be at least 256 bits (32 bytes), was 128 bits");
        }

        @Test
        void refusesHmacAlgorithmsWithPublicKeys() {
            assertThatThrownBy(() -> TokenVerifier.jwt().jwks(TestTokens.publicJwks()).allowedAlgorithms("RS256", "HS256").build())
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessageContaining("never HMAC with a public key");
        }

        @Test
        void refusesAsymmetricAlgorithmsWithASecret() {
            assertThatThrownBy(() -> TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).allowedAlgorithms("RS256").build())
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessageContaining("HMAC algorithms only");
        }

        @Test
        void refusesNoneAsAnAllowedAlgorithm() {
            assertThatThrownBy(() -> TokenVerifier.jwt().allowedAlgorithms("none"))
                    .isInstanceOf(LeadJobsException.class)
                    .hasMessageStartingWith("allowedAlgorithms must be JWS signature algorithms");
        }

        @Test
        void requiresExactlyOneKeySource() {
            assertThatThrownBy(() -> TokenVerifier.jwt().build())
                    .hasMessage("Exactly one key source must be set (hmacSecret, jwksUrl, jwksFile or jwks), was 0");
            assertThatThrownBy(() -> TokenVerifier.jwt().hmacSecret(TestTokens.SECRET).jwks(TestTokens.publicJwks()).build())
                    .hasMessage("Exactly one key source must be set (hmacSecret, jwksUrl, jwksFile or jwks), was 2");
        }

        @Test
        void refusesAJwksWithoutPublicKeys() {
            assertThatThrownBy(() -> TokenVerifier.jwt().jwks("{\"keys\":[]}").build())
                    .hasMessage("The JWKS holds no RSA or EC public key");
            assertThatThrownBy(() -> TokenVerifier.jwt().jwks("not json").build())
                    .hasMessageStartingWith("The JWKS is not a valid JSON Web Key Set");
        }

        @Test
        void refusesAClockSkewOutOfRange() {
            assertThatThrownBy(() -> TokenVerifier.jwt().clockSkew(Duration.ofHours(1)))
                    .hasMessage("clockSkew must be between 0 and 10 minutes, was PT1H");
        }
    }
}
