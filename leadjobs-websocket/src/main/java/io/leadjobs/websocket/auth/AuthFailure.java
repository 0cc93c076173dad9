package io.leadjobs.websocket.auth;

/**
 * Why a token was refused. {@link #reason()} is the text a client sees after {@code Authentication failed: };
 * it names the class of the problem and never carries token text, claims or key material.
 */
public enum AuthFailure {
    MISSING_TOKEN("missing token"),
    TOKEN_IN_URL("token in URL not accepted"),
    TOKEN_TOO_LARGE("token too large"),
    MALFORMED_TOKEN("malformed token"),
    ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
    UNKNOWN_SIGNING_KEY("unknown signing key"),
    SIGNING_KEYS_UNAVAILABLE("signing keys unavailable"),
    INVALID_SIGNATURE("invalid signature"),
    MISSING_EXP("missing exp"),
    TOKEN_EXPIRED("token expired"),
    TOKEN_NOT_YET_VALID("token not yet valid"),
    INVALID_ISSUER("invalid issuer"),
    INVALID_AUDIENCE("invalid audience"),
    MISSING_SUBJECT("missing subject");

    private final String reason;

    AuthFailure(String reason) {
        this.reason = reason;
    }

    /** The reason class, for example {@code token expired}. */
    public String reason() {
        return reason;
    }
}
