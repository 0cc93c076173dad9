package io.leadjobs.websocket.auth;

import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the JWT {@link TokenVerifier}. Exactly one key source is required: a shared HMAC secret
 * ({@link #hmacSecret}), a JWKS URL ({@link #jwksUrl}) or a JWKS file ({@link #jwksFile}). Every setter checks
 * its argument and fails with a sentence naming the setting; {@link #build()} checks the combination.
 *
 * <p>Algorithms: with a secret only HMAC algorithms may be allowed (default {@code HS256}); with public keys
 * only asymmetric ones (default {@code RS256} and {@code ES256}), so a token can never be checked by HMAC with
 * a public key. {@code none} is never accepted.
 */
public final class JwtVerifierBuilder {

    static final Set<String> HMAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");
    static final Set<String> ASYMMETRIC_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private byte[] hmacSecret;
    private URI jwksUrl;
    private String jwksJson;
    private Path jwksPath;
    private Set<String> allowedAlgorithms = Set.of();
    private Duration clockSkew = Duration.ofSeconds(60);
    private String requiredIssuer;
    private String requiredAudience;
    private int maxTokenLength = 8 * 1024;
    private Duration jwksConnectTimeout = Duration.ofSeconds(2);
    private Duration jwksReadTimeout = Duration.ofSeconds(2);
    private Duration jwksCacheTtl = Duration.ofMinutes(5);
    private int jwksSizeLimit = 256 * 1024;
    private Clock clock = Clock.systemUTC();

    JwtVerifierBuilder() {
    }

    /** An HMAC secret of at least 256 bits (32 bytes). The array is copied. */
    public JwtVerifierBuilder hmacSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw LeadJobsException.invalidSetting("hmacSecret", "at least 256 bits (32 bytes)", (secret.length * 8) + " bits");
        }
        this.hmacSecret = secret.clone();
        return this;
    }

    /** An HMAC secret given as text (UTF-8 bytes), at least 32 bytes long. */
    public JwtVerifierBuilder hmacSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        return hmacSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code http} or {@code https} URL serving a JWKS with the public keys. Fetched lazily and cached. */
    public JwtVerifierBuilder jwksUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw LeadJobsException.invalidSetting("jwksUrl", "an http or https URL", url);
        }
        this.jwksUrl = url;
        return this;
    }

    /** A file holding a JWKS with the public keys; read once by {@link #build()}. */
    public JwtVerifierBuilder jwksFile(Path file) {
        Objects.requireNonNull(file, "file");
        this.jwksPath = file;
        return this;
    }

    /** A JWKS document given as JSON text (public keys). */
    public JwtVerifierBuilder jwks(String json) {
        Objects.requireNonNull(json, "json");
        this.jwksJson = json;
        return this;
    }

    /** The algorithms a token may be signed with (JWS names, e.g. {@code RS256}). */
    public JwtVerifierBuilder allowedAlgorithms(String... algorithms) {
        return allowedAlgorithms(List.of(algorithms));
    }

    /** The algorithms a token may be signed with (JWS names, e.g. {@code RS256}). */
    public JwtVerifierBuilder allowedAlgorithms(List<String> algorithms) {
        Objects.requireNonNull(algorithms, "algorithms");
        if (algorithms.isEmpty()) {
            throw LeadJobsException.invalidSetting("allowedAlgorithms", "a non-empty list", "empty");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String alg : algorithms) {
            Objects.requireNonNull(alg, "algorithm");
            if (!HMAC_ALGORITHMS.contains(alg) && !ASYMMETRIC_ALGORITHMS.contains(alg)) {
                throw LeadJobsException.invalidSetting("allowedAlgorithms",
                        "JWS signature algorithms among HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512",
                        alg);
            }
            set.add(alg);
        }
        this.allowedAlgorithms = Set.copyOf(set);
        return this;
    }

    /** Tolerance applied to {@code exp} and {@code nbf}; 60 seconds by default, at most 10 minutes. */
    public JwtVerifierBuilder clockSkew(Duration skew) {
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw LeadJobsException.invalidSetting("clockSkew", "between 0 and 10 minutes", skew);
        }
        this.clockSkew = skew;
        return this;
    }

    /** Tokens must carry exactly this {@code iss}. */
    public JwtVerifierBuilder requiredIssuer(String issuer) {
        this.requiredIssuer = requireText("requiredIssuer", issuer);
        return this;
    }

    /** Tokens must list this value in {@code aud}. */
    public JwtVerifierBuilder requiredAudience(String audience) {
        this.requiredAudience = requireText("requiredAudience", audience);
        return this;
    }

    /** Longer tokens are refused before any parsing; 8192 characters by default. */
    public JwtVerifierBuilder maxTokenLength(int chars) {
        if (chars < 64 || chars > 1_048_576) {
            throw LeadJobsException.invalidSetting("maxTokenLength", "between 64 and 1048576 characters", chars);
        }
        this.maxTokenLength = chars;
        return this;
    }

    /** Connect timeout for fetching the JWKS URL; 2 seconds by default. */
    public JwtVerifierBuilder jwksConnectTimeout(Duration timeout) {
        this.jwksConnectTimeout = requireTimeout("jwksConnectTimeout", timeout);
        return this;
    }

    /** Read timeout for fetching the JWKS URL; 2 seconds by default. */
    public JwtVerifierBuilder jwksReadTimeout(Duration timeout) {
        this.jwksReadTimeout = requireTimeout("jwksReadTimeout", timeout);
        return this;
    }

    /** How long fetched keys are reused before the URL is fetched again; 5 minutes by default. */
    public JwtVerifierBuilder jwksCacheTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw LeadJobsException.invalidSetting("jwksCacheTtl", "between 10 seconds and 1 day", ttl);
        }
        this.jwksCacheTtl = ttl;
        return this;
    }

    /** The clock that decides expiry; the system UTC clock by default. */
    public JwtVerifierBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Builds an immutable, thread-safe verifier. */
    public TokenVerifier build() {
        int sources = (hmacSecret != null ? 1 : 0) + (jwksUrl != null ? 1 : 0) + (jwksPath != null ? 1 : 0)
                + (jwksJson != null ? 1 : 0);
        if (sources != 1) {
            throw new LeadJobsException("Exactly one key source must be set (hmacSecret, jwksUrl, jwksFile or jwks), "
                    + "was " + sources);
        }
        Set<String> algorithms = allowedAlgorithms;
        if (hmacSecret != null) {
            if (algorithms.isEmpty()) {
                algorithms = Set.of("HS256");
            }
            for (String alg : algorithms) {
                if (!HMAC_ALGORITHMS.contains(alg)) {
                    throw LeadJobsException.invalidSetting("allowedAlgorithms", "HMAC algorithms only when an hmacSecret is the key source", alg);
                }
            }
            int minBytes = algorithms.contains("HS512") ? 64 : algorithms.contains("HS384") ? 48 : 32;
            if (hmacSecret.length < minBytes) {
                throw LeadJobsException.invalidSetting("hmacSecret", "at least " + (minBytes * 8) + " bits for " + algorithms,
                        (hmacSecret.length * 8) + " bits");
            }
        } else {
            if (algorithms.isEmpty()) {
                algorithms = Set.of("RS256", "ES256");
            }
            for (String alg : algorithms) {
                if (!ASYMMETRIC_ALGORITHMS.contains(alg)) {
                    throw LeadJobsException.invalidSetting("allowedAlgorithms",
                            "asymmetric algorithms only when public keys are the key source (never HMAC with a public key)", alg);
                }
            }
        }
        String json = jwksJson;
        if (jwksPath != null) {
            try {
                json = Files.readString(jwksPath, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LeadJobsException("Cannot read the JWKS file " + jwksPath + ": " + e.getMessage(), e);
            }
        }
        return new NimbusTokenVerifier(new NimbusTokenVerifier.Settings(
                Optional.ofNullable(hmacSecret), Optional.ofNullable(jwksUrl), Optional.ofNullable(json),
                algorithms, clockSkew, Optional.ofNullable(requiredIssuer), Optional.ofNullable(requiredAudience),
                maxTokenLength, jwksConnectTimeout, jwksReadTimeout, jwksCacheTtl, jwksSizeLimit, clock));
    }

    private static String requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw LeadJobsException.invalidSetting(name, "non-blank", "blank");
        }
        return value;
    }

    private static Duration requireTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw LeadJobsException.invalidSetting(name, "between 1 ms and 1 minute", timeout);
        }
        return timeout;
    }
}
