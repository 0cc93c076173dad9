package io.leadjobs.websocket.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified token says: the user it was issued to ({@code sub}) and the instant from which this
 * server no longer accepts it ({@code exp} plus the allowed clock skew); a connection authenticated by the
 * token is ended then.
 */
public record VerifiedToken(String userId, Instant expiresAt) {
    public VerifiedToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
    }
}
