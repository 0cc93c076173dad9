package io.leadjobs.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret setting (the JWT secret, a database password). Its {@code toString} never shows the value, so the
 * settings can be logged whole.
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** The value as UTF-8 bytes, as the HMAC key is taken. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
