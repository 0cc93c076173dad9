package io.leadjobs.websocket.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.leadjobs.core.LeadJobsException;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JWT verification with nimbus-jose-jwt. Every check is done in a fixed order (size, structure, algorithm,
 * signature, claims) so each refusal maps to exactly one {@link AuthFailure}; the token text never reaches a
 * message or a log line.
 */
final class NimbusTokenVerifier implements TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(NimbusTokenVerifier.class);

    record Settings(Optional<byte[]> hmacSecret, Optional<URI> jwksUrl, Optional<String> jwksJson,
                    Set<String> allowedAlgorithms, Duration clockSkew, Optional<String> requiredIssuer,
                    Optional<String> requiredAudience, int maxTokenLength, Duration jwksConnectTimeout,
                    Duration jwksReadTimeout, Duration jwksCacheTtl, int jwksSizeLimit, Clock clock) {
    }

    private final Settings settings;
    private final Set<JWSAlgorithm> allowed;
    private final Optional<MACVerifier> macVerifier;
    private final Optional<JWKSource<SecurityContext>> keySource;
    private final DefaultJWSVerifierFactory verifierFactory = new DefaultJWSVerifierFactory();

    NimbusTokenVerifier(Settings settings) {
        this.settings = settings;
        this.allowed = Set.copyOf(settings.allowedAlgorithms().stream().map(JWSAlgorithm::parse).toList());
        if (settings.hmacSecret().isPresent()) {
            try {
                this.macVerifier = Optional.of(new MACVerifier(settings.hmacSecret().get()));
            } catch (JOSEException e) {
                throw new LeadJobsException("The HMAC secret cannot be used: " + e.getMessage(), e);
            }
            this.keySource = Optional.empty();
        } else if (settings.jwksUrl().isPresent()) {
            this.macVerifier = Optional.empty();
            this.keySource = Optional.of(remoteSource(settings));
        } else {
            this.macVerifier = Optional.empty();
            this.keySource = Optional.of(new ImmutableJWKSet<>(parsePublicKeys(settings.jwksJson().orElseThrow())));
        }
    }

    private static JWKSource<SecurityContext> remoteSource(Settings settings) {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) settings.jwksConnectTimeout().toMillis(), (int) settings.jwksReadTimeout().toMillis(),
                settings.jwksSizeLimit());
        long ttl = settings.jwksCacheTtl().toMillis();
        long refreshTimeout = settings.jwksConnectTimeout().plus(settings.jwksReadTimeout()).toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().orElseThrow().toURL(), retriever)
                    .cache(ttl, refreshTimeout)
                    .rateLimited(10_000)
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
        } catch (MalformedURLException e) {
            throw LeadJobsException.invalidSetting("jwksUrl", "a valid URL", settings.jwksUrl().get());
        }
    }

    private static JWKSet parsePublicKeys(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new LeadJobsException("The JWKS is not a valid JSON Web Key Set: " + e.getMessage(), e);
        }
        List<JWK> usable = set.getKeys().stream().filter(k -> k instanceof RSAKey || k instanceof ECKey).toList();
        if (usable.isEmpty()) {
            throw new LeadJobsException("The JWKS holds no RSA or EC public key");
        }
        return new JWKSet(usable.stream().map(JWK::toPublicJWK).toList());
    }

    /** Only a verifier with a JWKS URL may wait: for the keys, when it has none yet, they expire or a token names one it lacks. */
    @Override
    public boolean mayBlock() {
        return settings.jwksUrl().isPresent();
    }

    @Override
    public VerifiedToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException(AuthFailure.MISSING_TOKEN);
        }
        if (token.length() > settings.maxTokenLength()) {
            throw new AuthenticationException(AuthFailure.TOKEN_TOO_LARGE);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        Algorithm alg = headerAlgorithm(parts[0]);
        if (Algorithm.NONE.equals(alg) || !(alg instanceof JWSAlgorithm jwsAlg) || !allowed.contains(jwsAlg)) {
            throw new AuthenticationException(AuthFailure.ALGORITHM_NOT_ALLOWED);
        }
        if (parts[2].isEmpty()) {
            throw new AuthenticationException(AuthFailure.INVALID_SIGNATURE);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        if (!signatureValid(jwt)) {
            throw new AuthenticationException(AuthFailure.INVALID_SIGNATURE);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        return checkClaims(claims);
    }

    private static Algorithm headerAlgorithm(String encodedHeader) {
        Map<String, Object> header;
        try {
            header = com.nimbusds.jose.util.JSONObjectUtils.parse(new Base64URL(encodedHeader).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String name) || name.isEmpty()) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        if ("none".equalsIgnoreCase(name)) {
            return Algorithm.NONE;
        }
        if (header.containsKey("enc")) {
            throw new AuthenticationException(AuthFailure.ALGORITHM_NOT_ALLOWED);
        }
        return JWSAlgorithm.parse(name);
    }

    private boolean signatureValid(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        try {
            if (macVerifier.isPresent()) {
                return jwt.verify(macVerifier.get());
            }
            List<JWK> candidates;
            try {
                candidates = keySource.orElseThrow().get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
            } catch (com.nimbusds.jose.KeySourceException e) {
                LOG.warn("Cannot load the JWT signing keys: {}", e.getMessage());
                throw new AuthenticationException(AuthFailure.SIGNING_KEYS_UNAVAILABLE);
            }
            if (candidates.isEmpty()) {
                throw new AuthenticationException(AuthFailure.UNKNOWN_SIGNING_KEY);
            }
            for (JWK jwk : candidates) {
                Key key = publicKey(jwk);
                JWSVerifier verifier = verifierFactory.createJWSVerifier(header, key);
                if (jwt.verify(verifier)) {
                    return true;
                }
            }
            return false;
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static Key publicKey(JWK jwk) throws JOSEException {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        throw new JOSEException("Unsupported key type " + jwk.getKeyType());
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims) {
        Instant now = settings.clock().instant();
        Duration skew = settings.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthenticationException(AuthFailure.MISSING_EXP);
        }
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new AuthenticationException(AuthFailure.TOKEN_EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) {
            throw new AuthenticationException(AuthFailure.TOKEN_NOT_YET_VALID);
        }
        if (settings.requiredIssuer().isPresent() && !settings.requiredIssuer().get().equals(claims.getIssuer())) {
            throw new AuthenticationException(AuthFailure.INVALID_ISSUER);
        }
        if (settings.requiredAudience().isPresent()) {
            List<String> audience = claims.getAudience();
            if (audience == null || !audience.contains(settings.requiredAudience().get())) {
                throw new AuthenticationException(AuthFailure.INVALID_AUDIENCE);
            }
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationException(AuthFailure.MISSING_SUBJECT);
        }
        return new VerifiedToken(subject, expiresAt.plus(skew));
    }

    @Override
    public String toString() {
        return "JwtTokenVerifier" + settings.allowedAlgorithms();
    }
}
