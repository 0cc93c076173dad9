package io.leadjobs.engineio;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable session ids: 15 bytes from a SecureRandom, base64url (20 characters). */
final class SessionIds {

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a client-supplied sid has the shape of ours (checked before any lookup). */
    static boolean plausible(String sid) {
        if (sid.length() != 20) {
            return false;
        }
        for (int i = 0; i < sid.length(); i++) {
            char c = sid.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
