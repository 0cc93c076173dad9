package io.leadjobs.core.enrich;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A syntactically valid email address: a dot-atom local part (RFC 5322, without quoted strings or
 * comments, which real leads never use) and a domain name as {@link Domains#isValidDomain} accepts it.
 * The domain is lower-cased; the local part keeps its case.
 */
public record EmailAddress(String localPart, String domain) {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_ADDRESS = 254;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    public EmailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /** Parses {@code text} (surrounding blanks ignored); empty if it is not a valid address. */
    public static Optional<EmailAddress> parse(String text) {
        String s = text.strip();
        int at = s.lastIndexOf('@');
        if (at < 1 || at == s.length() - 1 || s.length() > MAX_ADDRESS || at > MAX_LOCAL) {
            return Optional.empty();
        }
        String local = s.substring(0, at);
        if (!validLocal(local)) {
            return Optional.empty();
        }
        String domain = s.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!Domains.isValidDomain(domain)) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(local, domain));
    }

    private static boolean validLocal(String local) {
        char prev = '.';
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (prev == '.') {
                    return false;
                }
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ATEXT_SPECIALS.indexOf(c) >= 0)) {
                return false;
            }
            prev = c;
        }
        return prev != '.';
    }

    /** The local part lower-cased, without a {@code +tag} suffix ({@code Sales+eu} -> {@code sales}). */
    public String mailbox() {
        int plus = localPart.indexOf('+');
        return (plus > 0 ? localPart.substring(0, plus) : localPart).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
