package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Asks the email domain's best MX whether it would accept mail for the lead's address, without sending
 * any: {@code EHLO}, {@code STARTTLS} where offered, {@code MAIL FROM}, {@code RCPT TO} the address, then
 * {@code RCPT TO} a random address of the same domain to detect a catch-all domain, and {@code QUIT}
 * before any data. Records {@code smtp_verdict} ({@code deliverable}, {@code undeliverable},
 * {@code catch_all}, {@code mailbox_full}, {@code disabled}, {@code unknown}), {@code smtp_catch_all} and
 * {@code smtp_reply_code}; with {@code unknown} also {@code smtp_detail}, why in words.
 *
 * <p>Opt-in: {@link OsintEnrichers} leaves it off unless asked (port 25 is blocked on most clouds, and some
 * operators want no SMTP traffic); a lead scored without it carries {@code smtp_verdict = not_checked}.
 * One conversation per address by default, or one conversation for several addresses of a domain
 * ({@link Builder#maxRecipientsPerConversation}), one catch-all probe per domain (verdicts and the domain's
 * answer cached), addresses of one domain asked one at a time and at most
 * {@link Builder#minIntervalPerDomain} apart, a bound on conversations in flight, timeouts, the website probe's private-address guard on the MX addresses, and a circuit
 * breaker that stops asking (one warning per job) while nothing answers on the SMTP port. Thread-safe.
 */
public interface SmtpVerifier extends NetworkEnricher {

    /** The HELO name unless another is configured. */
    String DEFAULT_HELO = "leadjobs.invalid";
    /** The MAIL FROM address unless another is configured (the null reverse-path, as bounces use). */
    String DEFAULT_SENDER = "";

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link SmtpVerifier}; setters validate at once. Defaults: port 25, connect timeout 10 s, 15 s
     * for a reply and 45 s for a whole conversation, verdicts kept 6 h and {@code unknown} 10 min (100,000
     * addresses at most), 16 conversations in flight and 1 per domain with no pause between them, and SMTP
     * pauses for 60 s after 3 conversations in a row get no answer.
     */
    final class Builder extends ConnectingEnricherBuilder<Builder> {
        private static final Pattern HOST = Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
        private static final Pattern SENDER = Pattern.compile("[^\\s<>@]+@[^\\s<>@]+");

        int port = 25;
        String helo = DEFAULT_HELO;
        String sender = DEFAULT_SENDER;
        boolean startTls = true;
        Duration conversationTimeout = Duration.ofSeconds(45);
        int maxConcurrentConversations = 16;
        int maxConcurrentConversationsPerDomain = 1;
        Duration minIntervalPerDomain = Duration.ZERO;
        int maxRecipientsPerConversation = 1;
        Duration conversationIdleTimeout = Duration.ofSeconds(5);
        int maxIdleConversations = 100;

        Builder() {
            super(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofHours(6), Duration.ofMinutes(10), 3,
                    Duration.ofSeconds(60));
        }

        @Override
        Builder self() {
            return this;
        }

        /** The SMTP port of every MX (default 25; a local fixture's port in tests). */
        public Builder port(int port) {
            this.port = LeadJobsException.requireBetween("port", port, 1, 65535);
            return this;
        }

        /** The name sent with EHLO (default {@value SmtpVerifier#DEFAULT_HELO}; use a name that resolves to the sending host). */
        public Builder helo(String name) {
            Objects.requireNonNull(name, "helo");
            if (name.length() > 253 || !HOST.matcher(name).matches()) {
                throw LeadJobsException.invalidSetting("helo", "a host name", "'" + name + "'");
            }
            this.helo = name;
            return this;
        }

        /** The MAIL FROM address (default the null sender {@code <>}); an empty string keeps the null sender. */
        public Builder sender(String address) {
            Objects.requireNonNull(address, "sender");
            if (!address.isEmpty() && (address.length() > 254 || !SENDER.matcher(address).matches())) {
                throw LeadJobsException.invalidSetting("sender", "an email address or empty", "'" + address + "'");
            }
            this.sender = address;
            return this;
        }

        /** Upgrade with STARTTLS when the server offers it (default true). */
        public Builder startTls(boolean use) {
            this.startTls = use;
            return this;
        }

        /** Longest time to check one address, a new conversation's greeting and EHLO included (default 45 s). */
        public Builder conversationTimeout(Duration timeout) {
            this.conversationTimeout = LeadJobsException.requirePositive("conversationTimeout", timeout);
            return this;
        }

        /** Conversations in flight at once, across all jobs (default 16). */
        public Builder maxConcurrentConversations(int n) {
            this.maxConcurrentConversations = LeadJobsException.requireBetween("maxConcurrentConversations", n, 1, 1_000);
            return this;
        }

        /** Conversations in flight at once with one domain's mail servers (default 1). */
        public Builder maxConcurrentConversationsPerDomain(int n) {
            this.maxConcurrentConversationsPerDomain = LeadJobsException.requireBetween("maxConcurrentConversationsPerDomain", n, 1, 100);
            return this;
        }

        /** Least time between the checks of two addresses of one domain (default zero: no pause). */
        public Builder minIntervalPerDomain(Duration interval) {
            this.minIntervalPerDomain = LeadJobsException.requireNotNegative("minIntervalPerDomain", interval);
            return this;
        }

        /**
         * Recipients asked in one conversation before it ends with {@code QUIT}, 1-100 (the catch-all probe
         * counts as one). Default 1: one conversation per address. Above 1, a domain's conversation stays
         * open after an address is answered with a plain yes or no, and the domain's next address is asked on
         * it ({@code RCPT TO} only: one round trip instead of five); the per-domain and global limits still
         * count each address being asked. See {@link #maxIdleConversations} for how many wait open.
         * Mail servers commonly end a conversation after 20 refused recipients, so 20 is a polite ceiling.
         */
        public Builder maxRecipientsPerConversation(int n) {
            this.maxRecipientsPerConversation = LeadJobsException.requireBetween("maxRecipientsPerConversation", n, 1, 100);
            return this;
        }

        /** How long a kept conversation may wait for its domain's next address before it ends with QUIT (default 5 s). */
        public Builder conversationIdleTimeout(Duration timeout) {
            this.conversationIdleTimeout = LeadJobsException.requirePositive("conversationIdleTimeout", timeout);
            return this;
        }

        /**
         * Kept conversations waiting open for their domain's next address, across all domains, 1 to 10,000
         * (default 100; each holds a socket). Beyond it the least useful one ends with QUIT. Used only when
         * {@link #maxRecipientsPerConversation} is above 1.
         */
        public Builder maxIdleConversations(int n) {
            this.maxIdleConversations = LeadJobsException.requireBetween("maxIdleConversations", n, 1, 10_000);
            return this;
        }

        public SmtpVerifier build() {
            return new SmtpConversations(this, tls());
        }
    }
}
