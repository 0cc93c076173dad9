package io.leadjobs.websocket.auth;

import io.leadjobs.core.LeadJobsException;
import java.util.Objects;

/**
 * A token was refused. The message is {@code Authentication failed: <reason>} and is safe to send to the
 * client: it never carries token text.
 */
public final class AuthenticationException extends LeadJobsException {
    private static final long serialVersionUID = 1L;

    private final AuthFailure failure;

    public AuthenticationException(AuthFailure failure) {
        super("Authentication failed: " + Objects.requireNonNull(failure, "failure").reason());
        this.failure = failure;
    }

    public AuthFailure failure() {
        return failure;
    }
}
