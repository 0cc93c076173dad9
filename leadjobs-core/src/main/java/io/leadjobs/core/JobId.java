package io.leadjobs.core;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a job id sent by a client (a WebSocket event, a REST path): the 36-character UUID text
 * {@code 8-4-4-4-12} hexadecimal digits, either case. {@link UUID#fromString} alone accepts shorter groups
 * ({@code "1-2-3-4-5"}), which no job id ever has, so clients are held to the canonical form here, in one place.
 */
public final class JobId {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobId() {
    }

    /**
     * The job id {@code text} names, or empty when it is not a canonical UUID.
     *
     * @param text the id as the client sent it
     * @return the id, empty for anything but 36 characters of UUID text
     */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36 || !UUID_TEXT.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text.toLowerCase(Locale.ROOT)));
    }
}
