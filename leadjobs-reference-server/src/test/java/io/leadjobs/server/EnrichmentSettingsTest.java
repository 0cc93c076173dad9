package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.spi.LeadEnricher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnrichmentSettingsTest {

    private static ServerSettings parse(String... keysAndValues) {
        Map<String, String> values = new HashMap<>(Map.of("LEADJOBS_JWT_SECRET", SettingsParserTest.SECRET));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ServerSettings.fromStrings(values);
    }

    private static List<String> networkEnrichers(ServerSettings settings) {
        List<String> names = Wiring.enrichers(settings).stream().map(LeadEnricher::name).toList();
        return names.subList(names.indexOf("email-typo") + 1, names.size());
    }

    @Test
    void byDefaultDnsTheWebsiteProbeAndRdapRunAndSmtpIsOff() {
        ServerSettings s = parse();

        assertThat(s.enrichment()).isEqualTo(EnrichmentSettings.defaults());
        assertThat(s.enrichment().smtp()).isFalse();
        assertThat(s.enrichment().smtpMaxRecipientsPerConversation()).as("kept conversations, unlike core's default")
                .isEqualTo(10);
        assertThat(s.enrichment().smtpConversationIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.enrichment().smtpMaxIdleConversations()).isEqualTo(100);
        assertThat(networkEnrichers(s)).containsExactly("dns", "website", "rdap", "smtp");
        assertThat(Wiring.enrichers(s).get(Wiring.enrichers(s).size() - 1).getClass().getSimpleName())
                .isEqualTo("SmtpNotChecked");
    }

    @Test
    void readsEveryEnrichmentSetting() {
        ServerSettings s = parse("LEADJOBS_DNS", "off", "LEADJOBS_WEBSITE_PROBE", "false", "LEADJOBS_RDAP", "no",
                "LEADJOBS_RDAP_BASE_URL", "http://127.0.0.1:8080/rdap", "LEADJOBS_SMTP", "on",
                "LEADJOBS_SMTP_PORT", "2525", "LEADJOBS_SMTP_HELO", "verify.example.com",
                "LEADJOBS_SMTP_SENDER", "verify@example.com", "LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION", "20",
                "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT", "30s", "LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS", "500");

        assertThat(s.enrichment()).isEqualTo(new EnrichmentSettings(false, false, false,
                Optional.of("http://127.0.0.1:8080/rdap"), true, 2525, "verify.example.com", "verify@example.com",
                20, Duration.ofSeconds(30), 500));
        assertThat(networkEnrichers(s)).containsExactly("smtp");
        assertThat(Wiring.enrichers(s).get(Wiring.enrichers(s).size() - 1).getClass().getSimpleName())
                .isEqualTo("SmtpConversations");
    }

    @Test
    void theFlagsSetTheSameSettings() {
        ServerCommand command = new ServerCommand(Map.of(), hook -> { });
        new picocli.CommandLine(command).parseArgs("--jwt-secret", SettingsParserTest.SECRET, "--rdap", "off",
                "--smtp", "on", "--smtp-port", "2525", "--smtp-helo", "verify.example.com",
                "--smtp-sender", "verify@example.com", "--rdap-base-url", "https://rdap.example.net/",
                "--dns", "on", "--website-probe", "off", "--smtp-max-recipients-per-conversation", "5",
                "--smtp-conversation-idle-timeout", "PT0.5S", "--smtp-max-idle-conversations", "1");

        assertThat(command.settings().enrichment()).isEqualTo(new EnrichmentSettings(true, false, false,
                Optional.of("https://rdap.example.net/"), true, 2525, "verify.example.com", "verify@example.com",
                5, Duration.ofMillis(500), 1));
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariableForKeptConversations() {
        ServerCommand command = new ServerCommand(Map.of("LEADJOBS_JWT_SECRET", SettingsParserTest.SECRET,
                "LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION", "1"), hook -> { });
        new picocli.CommandLine(command).parseArgs("--smtp-max-recipients-per-conversation", "7");

        assertThat(command.settings().enrichment().smtpMaxRecipientsPerConversation()).isEqualTo(7);
    }

    @Test
    void oneRecipientPerConversationOpensAConversationPerAddressAndKeepsTheOtherDefaults() {
        EnrichmentSettings s = parse("LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION", "1").enrichment();

        assertThat(s.smtpMaxRecipientsPerConversation()).isEqualTo(1);
        assertThat(s.smtpConversationIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.smtpMaxIdleConversations()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0} with one recipient per conversation")
    @CsvSource({"LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT,10s", "LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS,50"})
    void refusesASettingOfKeptConversationsWhenNoneAreKept(String setting, String value) {
        assertThatThrownBy(() -> parse("LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION", "1", setting, value))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageStartingWith(setting + " (--")
                .hasMessageContaining("is set, but LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION"
                        + " (--smtp-max-recipients-per-conversation) is 1, so no SMTP conversation is kept open");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "LEADJOBS_DNS|sometimes|LEADJOBS_DNS (--dns) must be true or false, was 'sometimes'",
            "LEADJOBS_WEBSITE_PROBE|maybe|LEADJOBS_WEBSITE_PROBE (--website-probe) must be true or false, was 'maybe'",
            "LEADJOBS_RDAP|2|LEADJOBS_RDAP (--rdap) must be true or false, was '2'",
            "LEADJOBS_RDAP_BASE_URL|ftp://rdap.example.net/|LEADJOBS_RDAP_BASE_URL (--rdap-base-url) must be an http or https URL without query or fragment such as https://rdap.example.net/, was 'ftp://rdap.example.net/'",
            "LEADJOBS_RDAP_BASE_URL|rdap.example.net|LEADJOBS_RDAP_BASE_URL (--rdap-base-url) must be an http or https URL",
            "LEADJOBS_SMTP|yes please|LEADJOBS_SMTP (--smtp) must be true or false, was 'yes please'",
            "LEADJOBS_SMTP_PORT|0|LEADJOBS_SMTP_PORT (--smtp-port) must be a whole number between 1 and 65535, was '0'",
            "LEADJOBS_SMTP_PORT|smtp|LEADJOBS_SMTP_PORT (--smtp-port) must be a whole number between 1 and 65535, was 'smtp'",
            "LEADJOBS_SMTP_HELO|not a host|LEADJOBS_SMTP_HELO (--smtp-helo) must be a host name such as verify.example.com, was 'not a host'",
            "LEADJOBS_SMTP_SENDER|verify|LEADJOBS_SMTP_SENDER (--smtp-sender) must be an email address such as verify@example.com, was 'verify'",
            "LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION|0|LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION (--smtp-max-recipients-per-conversation) must be a whole number between 1 and 100, was '0'",
            "LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION|101|LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION (--smtp-max-recipients-per-conversation) must be a whole number between 1 and 100, was '101'",
            "LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION|ten|LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION (--smtp-max-recipients-per-conversation) must be a whole number between 1 and 100, was 'ten'",
            "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT|0|LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT (--smtp-conversation-idle-timeout) must be a duration between 100ms and 5m such as 5s, 30s or PT10S, was '0'",
            "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT|50ms|LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT (--smtp-conversation-idle-timeout) must be a duration between 100ms and 5m such as 5s, 30s or PT10S, was '50ms'",
            "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT|6m|LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT (--smtp-conversation-idle-timeout) must be a duration between 100ms and 5m such as 5s, 30s or PT10S, was '6m'",
            "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT|5|LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT (--smtp-conversation-idle-timeout) must be a duration between 100ms and 5m such as 5s, 30s or PT10S, was '5'",
            "LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT|soon|LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT (--smtp-conversation-idle-timeout) must be a duration between 100ms and 5m such as 5s, 30s or PT10S, was 'soon'",
            "LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS|0|LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS (--smtp-max-idle-conversations) must be a whole number between 1 and 10000, was '0'",
            "LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS|10001|LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS (--smtp-max-idle-conversations) must be a whole number between 1 and 10000, was '10001'",
    })
    void refusesABadValueNamingTheSetting(String setting, String value, String message) {
        assertThatThrownBy(() -> parse(setting, value))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }
}
