package io.leadjobs.websocket.auth;

/**
 * Turns a bearer token into the user it was issued to, or refuses it with an {@link AuthenticationException}
 * that names the reason class. Implementations are thread-safe.
 *
 * <p>The JWT implementation is built with {@link #jwt()}; a host with another token scheme implements this
 * interface itself.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies {@code token}.
     *
     * @throws AuthenticationException if the token is missing, malformed, wrongly signed, expired or does not
     *                                 meet the configured requirements
     */
    VerifiedToken verify(String token);

    /** A builder for a JWT verifier (HS256 with a shared secret, or RS256/ES256 with JWKS keys). */
    static JwtVerifierBuilder jwt() {
        return new JwtVerifierBuilder();
    }
}
