package io.leadjobs.server;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.osint.RdapEnricher;
import io.leadjobs.core.osint.SmtpVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which network enrichers run and where they point: DNS ({@code LEADJOBS_DNS}), the website probe
 * ({@code LEADJOBS_WEBSITE_PROBE}) and RDAP ({@code LEADJOBS_RDAP}) are on unless switched off; SMTP
 * verification ({@code LEADJOBS_SMTP}) is off unless switched on. {@code LEADJOBS_RDAP_BASE_URL} sends every
 * RDAP question to one server; {@code LEADJOBS_SMTP_PORT}, {@code LEADJOBS_SMTP_HELO} and
 * {@code LEADJOBS_SMTP_SENDER} shape the SMTP conversation; {@code LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION},
 * {@code LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT} and {@code LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS} keep a domain's
 * conversation open for its next addresses.
 *
 * <p>The server asks up to {@value #DEFAULT_SMTP_MAX_RECIPIENTS_PER_CONVERSATION} addresses of a domain on one
 * conversation, where core's {@link SmtpVerifier} opens one per address unless told otherwise: with SMTP on, a
 * domain whose leads come close together sees down to a tenth of the connections (several recipients on one
 * connection is how mail servers are normally spoken to, and per-client connection limits are what they enforce),
 * each later address costs one {@code RCPT TO} instead of five round trips, and the verdicts are the same. Ten
 * recipients, refused ones included, stay within Postfix's default {@code smtpd_soft_error_limit} (10 errors,
 * past which it slows every reply) and half its {@code smtpd_hard_error_limit} (20, past which it hangs up).
 *
 * @param dns          run the DNS enricher
 * @param websiteProbe run the website probe
 * @param rdap         look up domain age over RDAP
 * @param rdapBaseUrl  the one RDAP server to ask instead of the registries of IANA's bootstrap file
 * @param smtp         ask mail servers whether they accept each address
 * @param smtpPort     the SMTP port of every MX (default 25)
 * @param smtpHelo     the EHLO name
 * @param smtpSender   the MAIL FROM address; empty for the null sender
 * @param smtpMaxRecipientsPerConversation addresses of one domain asked on one conversation (the catch-all probe
 *                                         counts as one); 1 for a conversation per address
 * @param smtpConversationIdleTimeout      how long a kept conversation waits for its domain's next address
 * @param smtpMaxIdleConversations         kept conversations waiting open, across all domains
 */
public record EnrichmentSettings(boolean dns, boolean websiteProbe, boolean rdap, Optional<String> rdapBaseUrl,
        boolean smtp, int smtpPort, String smtpHelo, String smtpSender, int smtpMaxRecipientsPerConversation,
        Duration smtpConversationIdleTimeout, int smtpMaxIdleConversations) {

    /** Addresses of a domain asked on one SMTP conversation unless the setting says otherwise. */
    static final int DEFAULT_SMTP_MAX_RECIPIENTS_PER_CONVERSATION = 10;
    /** How long a kept conversation waits for its domain's next address (core's default too). */
    static final Duration DEFAULT_SMTP_CONVERSATION_IDLE_TIMEOUT = Duration.ofSeconds(5);
    /** Kept conversations waiting open, across all domains (core's default too). */
    static final int DEFAULT_SMTP_MAX_IDLE_CONVERSATIONS = 100;
    /** Mail servers wait at least this long for a client's next command (RFC 5321, 4.5.3.2.7); keep no longer. */
    private static final Duration MAX_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public EnrichmentSettings {
        Objects.requireNonNull(rdapBaseUrl, "rdapBaseUrl");
        Objects.requireNonNull(smtpHelo, "smtpHelo");
        Objects.requireNonNull(smtpSender, "smtpSender");
        Objects.requireNonNull(smtpConversationIdleTimeout, "smtpConversationIdleTimeout");
    }

    /**
     * The defaults: DNS, the website probe and RDAP on, SMTP off, and with SMTP on up to
     * {@value #DEFAULT_SMTP_MAX_RECIPIENTS_PER_CONVERSATION} addresses of a domain on one conversation.
     */
    static EnrichmentSettings defaults() {
        return new EnrichmentSettings(true, true, true, Optional.empty(), false, 25, SmtpVerifier.DEFAULT_HELO,
                SmtpVerifier.DEFAULT_SENDER, DEFAULT_SMTP_MAX_RECIPIENTS_PER_CONVERSATION,
                DEFAULT_SMTP_CONVERSATION_IDLE_TIMEOUT, DEFAULT_SMTP_MAX_IDLE_CONVERSATIONS);
    }

    /** Reads and checks the settings; a bad value is refused naming the setting. */
    static EnrichmentSettings parse(Map<String, String> given) {
        boolean dns = SettingsParser.text(given, Setting.DNS).isEmpty() || SettingsParser.bool(given, Setting.DNS);
        boolean website = SettingsParser.text(given, Setting.WEBSITE_PROBE).isEmpty()
                || SettingsParser.bool(given, Setting.WEBSITE_PROBE);
        boolean rdap = SettingsParser.text(given, Setting.RDAP).isEmpty() || SettingsParser.bool(given, Setting.RDAP);
        Optional<String> rdapBaseUrl = SettingsParser.text(given, Setting.RDAP_BASE_URL);
        rdapBaseUrl.ifPresent(url -> {
            try {
                RdapEnricher.builder().baseUrl(url);
            } catch (LeadJobsException e) {
                throw Setting.RDAP_BASE_URL.invalid("an http or https URL without query or fragment such as"
                        + " https://rdap.example.net/", "'" + url + "'");
            }
        });
        boolean smtp = SettingsParser.bool(given, Setting.SMTP);
        int port = SettingsParser.integer(given, Setting.SMTP_PORT, 25, 1, 65535);
        String helo = SettingsParser.text(given, Setting.SMTP_HELO).orElse(SmtpVerifier.DEFAULT_HELO);
        try {
            SmtpVerifier.builder().helo(helo);
        } catch (LeadJobsException e) {
            throw Setting.SMTP_HELO.invalid("a host name such as verify.example.com", "'" + helo + "'");
        }
        String sender = SettingsParser.text(given, Setting.SMTP_SENDER).orElse(SmtpVerifier.DEFAULT_SENDER);
        try {
            SmtpVerifier.builder().sender(sender);
        } catch (LeadJobsException e) {
            throw Setting.SMTP_SENDER.invalid("an email address such as verify@example.com", "'" + sender + "'");
        }
        int recipients = SettingsParser.integer(given, Setting.SMTP_MAX_RECIPIENTS_PER_CONVERSATION,
                DEFAULT_SMTP_MAX_RECIPIENTS_PER_CONVERSATION, 1, 100);
        Duration idleTimeout = SettingsParser.duration(given, Setting.SMTP_CONVERSATION_IDLE_TIMEOUT,
                DEFAULT_SMTP_CONVERSATION_IDLE_TIMEOUT, Duration.ofMillis(100), MAX_IDLE_TIMEOUT,
                "a duration between 100ms and 5m such as 5s, 30s or PT10S");
        int maxIdle = SettingsParser.integer(given, Setting.SMTP_MAX_IDLE_CONVERSATIONS,
                DEFAULT_SMTP_MAX_IDLE_CONVERSATIONS, 1, 10_000);
        if (recipients == 1) {
            refuseWithoutKeptConversations(given, Setting.SMTP_CONVERSATION_IDLE_TIMEOUT);
            refuseWithoutKeptConversations(given, Setting.SMTP_MAX_IDLE_CONVERSATIONS);
        }
        return new EnrichmentSettings(dns, website, rdap, rdapBaseUrl, smtp, port, helo, sender, recipients,
                idleTimeout, maxIdle);
    }

    /** A setting of kept conversations would do nothing with one recipient per conversation: say so rather than ignore it. */
    private static void refuseWithoutKeptConversations(Map<String, String> given, Setting setting) {
        if (SettingsParser.text(given, setting).isPresent()) {
            throw setting.conflict(setting.label() + " is set, but " + Setting.SMTP_MAX_RECIPIENTS_PER_CONVERSATION.label()
                    + " is 1, so no SMTP conversation is kept open for it to apply to: raise the recipients per"
                    + " conversation or leave " + setting.env + " unset");
        }
    }
}
