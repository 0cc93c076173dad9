package io.leadjobs.spring.boot;

import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.leadjobs.websocket.auth.VerifiedToken;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies tokens with the application's Spring Security {@link JwtDecoder}: the user is the token's
 * {@code sub}, and it must carry {@code exp}. Refusals keep leadjobs' reason classes and never repeat token text.
 */
final class JwtDecoderTokenVerifier implements TokenVerifier {

    private final JwtDecoder decoder;

    JwtDecoderTokenVerifier(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public VerifiedToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException(AuthFailure.MISSING_TOKEN);
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtValidationException e) {
            boolean expired = e.getErrors().stream().anyMatch(error -> String.valueOf(error.getDescription()).contains("expired"));
            throw new AuthenticationException(expired ? AuthFailure.TOKEN_EXPIRED : AuthFailure.INVALID_SIGNATURE);
        } catch (BadJwtException e) {
            throw new AuthenticationException(e.getMessage() != null && e.getMessage().contains("Malformed")
                    ? AuthFailure.MALFORMED_TOKEN : AuthFailure.INVALID_SIGNATURE);
        } catch (JwtException e) {
            throw new AuthenticationException(AuthFailure.SIGNING_KEYS_UNAVAILABLE);
        }
        String subject = jwt.getSubject();
        Instant expiresAt = jwt.getExpiresAt();
        if (subject == null || subject.isBlank() || expiresAt == null) {
            throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
        }
        return new VerifiedToken(subject, expiresAt);
    }
}
