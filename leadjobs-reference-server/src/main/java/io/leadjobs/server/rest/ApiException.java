package io.leadjobs.server.rest;

import java.util.List;
import java.util.Objects;

/**
 * A request the API answers with an error: the HTTP status, one sentence, and the details that say where
 * (row and column of a CSV, the index of a JSON lead). Thrown inside the servlet only.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Detail> details;
    private final int retryAfterSeconds;

    ApiException(int status, String error, List<Detail> details) {
        this(status, error, details, 0);
    }

    /** @param retryAfterSeconds the answer's {@code Retry-After}; 0 for none */
    ApiException(int status, String error, List<Detail> details, int retryAfterSeconds) {
        super(Objects.requireNonNull(error, "error"));
        this.status = status;
        this.details = List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    ApiException(int status, String error) {
        this(status, error, List.of());
    }

    static ApiException badRequest(String error, Detail... details) {
        return new ApiException(400, error, List.of(details));
    }

    int status() {
        return status;
    }

    List<Detail> details() {
        return details;
    }

    /** The {@code Retry-After} the answer carries, in seconds; 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Where one problem is: a 1-based data row and a column (its header name, or its 1-based number when it has
     * none), either of which may be absent, and what was wrong there.
     */
    record Detail(int row, String column, String message) {
        static final int NO_ROW = 0;

        Detail {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(message, "message");
        }

        static Detail at(int row, String column, String message) {
            return new Detail(row, column, message);
        }

        static Detail row(int row, String message) {
            return new Detail(row, "", message);
        }

        static Detail of(String message) {
            return new Detail(NO_ROW, "", message);
        }
    }
}
