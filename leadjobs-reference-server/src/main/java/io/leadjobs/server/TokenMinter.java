package io.leadjobs.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Signs HS256 tokens with the configured secret: the dev-mode demo token and the {@code token} command's. */
final class TokenMinter {

    static final Duration MAX_TTL = Duration.ofDays(365);

    private final Secret secret;
    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Clock clock;

    TokenMinter(Secret secret, Optional<String> issuer, Optional<String> audience, Clock clock) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static TokenMinter forSettings(ServerSettings settings) {
        Secret secret = settings.jwtSecret().orElseThrow(() ->
                new IllegalStateException("tokens can only be signed with a JWT secret"));
        return new TokenMinter(secret, settings.jwtIssuer(), settings.jwtAudience(), Clock.systemUTC());
    }

    /** A token for {@code subject} that expires after {@code ttl}, carrying the configured issuer and audience. */
    String mint(String subject, Duration ttl) {
        if (subject == null || subject.isBlank() || subject.length() > 256) {
            throw new IllegalArgumentException("subject must be 1 to 256 characters, not blank");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be more than 0 and at most 365 days, was " + ttl);
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        issuer.ifPresent(claims::issuer);
        audience.ifPresent(claims::audience);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(secret.utf8()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Reads a lifetime such as {@code 1h}, {@code 30m}, {@code 45s}, {@code 7d} or {@code PT1H}. */
    static Duration parseTtl(String text) {
        String t = text.strip();
        try {
            if (t.matches("\\d{1,9}[smhd]")) {
                long amount = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ttl must be a duration such as 1h, 30m, 45s, 7d or PT1H, was '"
                    + text + "'");
        }
    }
}
