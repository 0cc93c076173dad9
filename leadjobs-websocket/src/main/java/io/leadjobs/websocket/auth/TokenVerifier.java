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

    /**
     * Whether {@link #verify} may wait on something outside this process: a key set fetched over the network, a
     * remote introspection call, a database. The gateway then calls it on threads of its own
     * ({@code leadjobs-admission-N}), so that a slow key server never holds the thread that reads clients'
     * packets; otherwise it calls it on that thread, which saves a hand-over per connection. The default is
     * {@code true}: a verifier that only computes (a shared secret, keys given up front) says {@code false}.
     */
    default boolean mayBlock() {
        return true;
    }

    /** A builder for a JWT verifier (HS256 with a shared secret, or RS256/ES256 with JWKS keys). */
    static JwtVerifierBuilder jwt() {
        return new JwtVerifierBuilder();
    }
}
