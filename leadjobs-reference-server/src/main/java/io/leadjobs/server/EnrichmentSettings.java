package io.leadjobs.server;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.osint.RdapEnricher;
import io.leadjobs.core.osint.SmtpVerifier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which network enrichers run and where they point: DNS ({@code LEADJOBS_DNS}), the website probe
 * ({@code LEADJOBS_WEBSITE_PROBE}) and RDAP ({@code LEADJOBS_RDAP}) are on unless switched off; SMTP
 * verification ({@code LEADJOBS_SMTP}) is off unless switched on. {@code LEADJOBS_RDAP_BASE_URL} sends every
 * RDAP question to one server; {@code LEADJOBS_SMTP_PORT}, {@code LEADJOBS_SMTP_HELO} and
 * {@code LEADJOBS_SMTP_SENDER} shape the SMTP conversation.
 *
 * @param dns          run the DNS enricher
 * @param websiteProbe run the website probe
 * @param rdap         look up domain age over RDAP
 * @param rdapBaseUrl  the one RDAP server to ask instead of the registries of IANA's bootstrap file
 * @param smtp         ask mail servers whether they accept each address
 * @param smtpPort     the SMTP port of every MX (default 25)
 * @param smtpHelo     the EHLO name
 * @param smtpSender   the MAIL FROM address; empty for the null sender
 */
public record EnrichmentSettings(boolean dns, boolean websiteProbe, boolean rdap, Optional<String> rdapBaseUrl,
        boolean smtp, int smtpPort, String smtpHelo, String smtpSender) {

    public EnrichmentSettings {
        Objects.requireNonNull(rdapBaseUrl, "rdapBaseUrl");
        Objects.requireNonNull(smtpHelo, "smtpHelo");
        Objects.requireNonNull(smtpSender, "smtpSender");
    }

    /** The defaults: DNS, the website probe and RDAP on, SMTP off. */
    static EnrichmentSettings defaults() {
        return new EnrichmentSettings(true, true, true, Optional.empty(), false, 25, SmtpVerifier.DEFAULT_HELO,
                SmtpVerifier.DEFAULT_SENDER);
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
        return new EnrichmentSettings(dns, website, rdap, rdapBaseUrl, smtp, port, helo, sender);
    }
}
