package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.osint.LocalDnsServer;
import io.leadjobs.core.osint.LocalHttpServer;
import io.leadjobs.core.osint.LocalSmtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as it ships, runs a job through the network enrichers pointed at fixtures on
 * loopback (a DNS server, a company website, a parked website, an RDAP server and an SMTP server, all started
 * here) by its settings, and the results carry the signals and reasons; with the enrichers switched off by
 * the settings the fixtures see nothing and the leads say SMTP was not checked. Several addresses of one domain
 * go over one SMTP conversation, or over one each when {@code LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION} is 1,
 * with the same verdicts.
 */
class NetworkEnrichersJarIT {

    @TempDir
    Path work;

    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work);

    private LocalDnsServer dns;
    private LocalHttpServer web;
    private LocalHttpServer parked;
    private LocalHttpServer rdap;
    private LocalSmtpServer smtp;
    private String fresh;

    @BeforeEach
    void startFixtures() throws Exception {
        dns = new LocalDnsServer();
        for (String domain : List.of("acme-widgets.com", "anything-goes.com")) {
            dns.mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
        }
        web = new LocalHttpServer().route("/", LocalHttpServer.Reply.html("<html><head><title>Acme Widgets</title>"
                + "<meta name='description' content='Industrial widgets since 2004'></head><body>"
                + "<a href='https://www.linkedin.com/company/acme-widgets'>LinkedIn</a>"
                + "<a href='https://github.com/acme-widgets'>GitHub</a></body></html>"));
        parked = new LocalHttpServer().route("/", LocalHttpServer.Reply.html(
                "<html><head><title>fresh-startup.com</title></head><body>This domain is for sale!</body></html>"));
        fresh = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        rdap = new LocalHttpServer()
                .route("/domain/acme-widgets.com", rdapDomain("2004-05-06T07:08:09Z"))
                .route("/domain/fresh-startup.com", rdapDomain(fresh));
        smtp = new LocalSmtpServer().reply("ada@acme-widgets.com", "250 2.1.5 ok").catchAll("anything-goes.com");
    }

    private static LocalHttpServer.Reply rdapDomain(String registered) {
        String json = "{\"objectClassName\":\"domain\",\"events\":[{\"eventAction\":\"registration\",\"eventDate\":\""
                + registered + "\"}]}";
        return new LocalHttpServer.Reply(200, Map.of("Content-Type", "application/rdap+json"),
                json.getBytes(StandardCharsets.UTF_8), false);
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
        rdap.close();
        parked.close();
        web.close();
        dns.close();
    }

    private String csv() {
        return "email,first_name,last_name,company,title,website\n"
                + "ada@acme-widgets.com,Ada,Lovelace,Acme Widgets,CTO,http://127.0.0.1:" + web.port() + "/\n"
                + "bob@acme-widgets.com,Bob,Stone,Acme Widgets,Engineer,\n"
                + "jane@gmial.com,Jane,Doe,,Marketing Manager,\n"
                + "eve@fresh-startup.com,Eve,Young,Fresh Startup,Founder,http://127.0.0.1:" + parked.port() + "/\n"
                + "max@anything-goes.com,Max,Any,Anything Goes,Director,\n";
    }

    private Map<String, String> fixtureSettings() {
        Map<String, String> env = new HashMap<>();
        env.put("LEADJOBS_DNS_SERVER", dns.hostPort());
        env.put("LEADJOBS_PROBE_ALLOW_PRIVATE", "true");
        env.put("LEADJOBS_RDAP_BASE_URL", "http://127.0.0.1:" + rdap.port() + "/");
        env.put("LEADJOBS_SMTP_PORT", String.valueOf(smtp.port()));
        env.put("LEADJOBS_SMTP_HELO", "verify.leadjobs.test");
        env.put("LEADJOBS_SMTP_SENDER", "verify@leadjobs.test");
        return env;
    }

    @Test
    void aJobThroughTheFixturesCarriesTheNewSignalsAndReasons() throws Exception {
        Map<String, String> env = fixtureSettings();
        env.put("LEADJOBS_SMTP", "on");
        Map<String, JsonNode> leads = runJob(env);

        JsonNode ada = leads.get("ada@acme-widgets.com");
        assertThat(ada.at("/enrichment/website_description").asText()).isEqualTo("Industrial widgets since 2004");
        assertThat(ada.at("/enrichment/website_parked").asBoolean()).isFalse();
        assertThat(ada.at("/enrichment/website_https").asBoolean(true)).isFalse();
        assertThat(ada.at("/enrichment/social_profiles")).extracting(JsonNode::asText)
                .containsExactly("https://www.linkedin.com/company/acme-widgets", "https://github.com/acme-widgets");
        assertThat(ada.at("/enrichment/domain_registered_at").asText()).isEqualTo("2004-05-06T07:08:09Z");
        assertThat(ada.at("/enrichment/domain_age_days").asInt()).isGreaterThan(365 * 20);
        assertThat(rules(ada)).contains("social_profiles", "website_description", "domain_established");
        assertThat(detail(ada, "social_profiles")).startsWith("Company website links to its profiles on LinkedIn and GitHub");

        JsonNode jane = leads.get("jane@gmial.com");
        assertThat(jane.at("/enrichment/email_suggestion").asText()).isEqualTo("jane@gmail.com");
        assertThat(jane.get("email").asText()).isEqualTo("jane@gmial.com");
        assertThat(detail(jane, "email_domain_typo")).contains("did they mean jane@gmail.com?");

        JsonNode eve = leads.get("eve@fresh-startup.com");
        assertThat(eve.at("/enrichment/website_parked").asBoolean()).isTrue();
        assertThat(eve.at("/enrichment/domain_registered_at").asText()).isEqualTo(fresh);
        assertThat(eve.at("/enrichment/domain_age_days").asInt()).isBetween(9, 10);
        assertThat(rules(eve)).contains("website_parked", "domain_new");
        assertThat(rdap.hits("/domain/acme-widgets.com")).as("one RDAP lookup per domain").isEqualTo(1);
    }

    @Test
    void smtpVerdictsComeFromTheMailServerFoundThroughTheDnsSetting() throws Exception {
        Map<String, String> env = fixtureSettings();
        env.put("LEADJOBS_SMTP", "on");
        Map<String, JsonNode> leads = runJob(env);
        JsonNode ada = leads.get("ada@acme-widgets.com");

        // the MX comes from the DNS fixture named by LEADJOBS_DNS_SERVER
        assertThat(ada.at("/enrichment/dns_status").asText()).as("LEADJOBS_DNS_SERVER reaches the DNS fixture")
                .isEqualTo("ok");
        assertThat(ada.at("/enrichment/mx_hosts")).extracting(JsonNode::asText).containsExactly("mx.acme-widgets.com");
        assertThat(ada.at("/enrichment/smtp_verdict").asText()).isEqualTo("deliverable");
        assertThat(detail(ada, "smtp_deliverable")).isEqualTo("The mail server accepts ada@acme-widgets.com");
        JsonNode bob = leads.get("bob@acme-widgets.com");
        assertThat(bob.at("/enrichment/smtp_verdict").asText()).isEqualTo("undeliverable");
        assertThat(bob.at("/enrichment/smtp_reply_code").asInt()).isEqualTo(550);
        assertThat(rules(bob)).contains("smtp_undeliverable");
        JsonNode max = leads.get("max@anything-goes.com");
        assertThat(max.at("/enrichment/smtp_verdict").asText()).isEqualTo("catch_all");
        assertThat(max.at("/enrichment/smtp_catch_all").asBoolean()).isTrue();
        assertThat(rules(max)).contains("smtp_catch_all");
        assertThat(smtp.commands()).as("LEADJOBS_SMTP_HELO and LEADJOBS_SMTP_SENDER")
                .contains("EHLO verify.leadjobs.test", "MAIL FROM:<verify@leadjobs.test>").noneMatch(c -> c.startsWith("DATA"));
        assertThat(smtp.rcptCommands("anything-goes.com")).as("one catch-all probe for the domain").isEqualTo(2);
    }

    @Test
    void severalAddressesOfADomainGoOverOneConversationUnlessTheSettingAsksForOneEach() throws Exception {
        smtp.reply("cy@acme-widgets.com", "552 5.2.2 mailbox full")
                .reply("dee@acme-widgets.com", "550 5.2.1 mailbox disabled")
                .reply("fay@acme-widgets.com", "250 2.1.5 ok");
        List<String> staff = List.of("ada", "bob", "cy", "dee", "fay", "gus");
        StringBuilder csv = new StringBuilder("email,first_name,last_name,company,title,website\n");
        staff.forEach(name -> csv.append(name).append("@acme-widgets.com,").append(name)
                .append(",Stone,Acme Widgets,Engineer,\n"));
        Map<String, String> env = fixtureSettings();
        env.put("LEADJOBS_SMTP", "on");
        env.put("LEADJOBS_IN_MEMORY", "true"); // two servers one after the other: no database file to hand over
        env.put("LEADJOBS_WEBSITE_PROBE", "off");
        env.put("LEADJOBS_RDAP", "off");

        Map<String, String> oneEach = new HashMap<>(env);
        oneEach.put("LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION", "1");
        Map<String, JsonNode> apart = runJob(oneEach, csv.toString());
        int conversationsApart = smtp.conversations();
        int rcptsApart = smtp.rcptCommands("acme-widgets.com");
        assertThat(jar.stop()).as("the first server ended").isTrue();

        // the server's default, 10 recipients a conversation; an idle timeout far beyond the gaps between a
        // domain's addresses on a busy machine, so that the count does not depend on timing
        Map<String, String> kept = new HashMap<>(env);
        kept.put("LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT", "2m");
        kept.put("LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS", "5");
        Map<String, JsonNode> together = runJob(kept, csv.toString());
        int conversationsTogether = smtp.conversations() - conversationsApart;
        int rcptsTogether = smtp.rcptCommands("acme-widgets.com") - rcptsApart;

        assertThat(conversationsApart).as("one conversation per address").isEqualTo(6);
        assertThat(conversationsTogether).as("the six addresses and the catch-all probe fit one conversation")
                .isEqualTo(1);
        assertThat(rcptsApart).as("each address once, and one catch-all probe for the domain").isEqualTo(7);
        assertThat(rcptsTogether).isEqualTo(rcptsApart);
        for (String name : staff) {
            String email = name + "@acme-widgets.com";
            for (String signal : List.of("smtp_verdict", "smtp_reply_code", "smtp_catch_all")) {
                assertThat(together.get(email).at("/enrichment/" + signal)).as(email + " " + signal)
                        .isEqualTo(apart.get(email).at("/enrichment/" + signal));
            }
        }
        assertThat(staff).extracting(n -> together.get(n + "@acme-widgets.com").at("/enrichment/smtp_verdict").asText())
                .containsExactly("deliverable", "undeliverable", "mailbox_full", "disabled", "deliverable", "undeliverable");
        assertThat(together.get("fay@acme-widgets.com").at("/enrichment/smtp_catch_all").asBoolean(true)).isFalse();
        assertThat(smtp.commands()).as("MAIL FROM once per conversation")
                .filteredOn(c -> c.startsWith("MAIL FROM")).hasSize(7);
    }

    @Test
    void theSettingsSwitchTheNetworkEnrichersOff() throws Exception {
        Map<String, String> env = fixtureSettings();
        env.put("LEADJOBS_WEBSITE_PROBE", "off");
        env.put("LEADJOBS_RDAP", "off");
        env.put("LEADJOBS_DNS", "off");
        Map<String, JsonNode> leads = runJob(env);

        JsonNode ada = leads.get("ada@acme-widgets.com");
        assertThat(ada.at("/enrichment/website_reachable").isMissingNode()).isTrue();
        assertThat(ada.at("/enrichment/domain_age_days").isMissingNode()).isTrue();
        assertThat(ada.at("/enrichment/mx_hosts").isMissingNode()).isTrue();
        assertThat(ada.at("/enrichment/smtp_verdict").asText()).isEqualTo("not_checked");
        assertThat(leads.get("jane@gmial.com").at("/enrichment/email_suggestion").asText()).isEqualTo("jane@gmail.com");
        assertThat(web.requests() + parked.requests() + rdap.requests()).isZero();
        assertThat(smtp.conversations()).isZero();
    }

    /** Starts the jar with the settings, runs the job of {@link #csv()} over REST, and returns its leads by email. */
    private Map<String, JsonNode> runJob(Map<String, String> env) throws Exception {
        return runJob(env, csv());
    }

    /** Starts the jar with the settings, runs a job of {@code csv} over REST, and returns its leads by email. */
    private Map<String, JsonNode> runJob(Map<String, String> env, String csv) throws Exception {
        String token = jar.token(env, "it-user");
        String base = jar.start(jar.command(env));
        String jobId = jar.submit(base, token, "network", csv);
        jar.awaitCompleted(base, token, jobId, Duration.ofSeconds(120));
        JsonNode results = jar.get(base + "/api/jobs/" + jobId + "/results", token);
        Map<String, JsonNode> byEmail = new HashMap<>();
        for (JsonNode lead : results.get("leads")) {
            byEmail.put(lead.get("email").asText(), lead);
        }
        assertThat(byEmail).hasSize((int) csv.lines().count() - 1);
        return byEmail;
    }

    private static List<String> rules(JsonNode lead) {
        List<String> out = new ArrayList<>();
        lead.get("reasons").forEach(r -> out.add(r.get("rule").asText()));
        return out;
    }

    private static String detail(JsonNode lead, String rule) {
        for (JsonNode r : lead.get("reasons")) {
            if (r.get("rule").asText().equals(rule)) {
                return r.get("detail").asText();
            }
        }
        throw new AssertionError("no reason " + rule + " in " + lead.get("reasons"));
    }
}
