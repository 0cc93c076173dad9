package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings acted on by the packaged jar, started as it ships: {@code --dns-server} pointing at a DNS server on
 * loopback (the DNS enricher and the website probe ask that server; the setting used to switch both off), and
 * the per-user stored-lead quota.
 */
class JarSettingsIT {

    @TempDir
    Path work;

    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private String token() throws Exception {
        return jar.token("dns-user");
    }

    private String start(String... args) throws IOException {
        return jar.start(jar.command(args));
    }

    /** Submits the CSV, waits for the job, returns {status, results}. */
    private JsonNode[] runJob(String base, String token, String csv) throws Exception {
        String jobId = jar.submit(base, token, "dns", csv);
        JsonNode status = jar.awaitCompleted(base, token, jobId, Duration.ofSeconds(90));
        return new JsonNode[] {status, jar.get(base + "/api/jobs/" + jobId + "/results", token)};
    }

    private HttpServer website(String title) throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            byte[] body = ("<html><head><title>" + title + "</title></head><body>hello</body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        closing.add(() -> web.stop(0));
        return web;
    }

    @Test
    void aJobRunByTheJarAsksTheConfiguredDnsServerForMxSpfDmarcAndTheWebsite() throws Exception {
        HttpServer web = website("Acme Widgets");
        LoopbackDns dns = new LoopbackDns();
        closing.add(dns);
        dns.mx("acme.test", 10, "acme-test.mail.protection.outlook.com")
                .a("acme.test", "127.0.0.1")
                .txt("acme.test", "v=spf1 include:spf.protection.outlook.com -all")
                .txt("_dmarc.acme.test", "v=DMARC1; p=reject")
                .a("www.acme.test", "127.0.0.1")
                .mx("gmail.com", 5, "gmail-smtp-in.l.google.com");
        String token = token();
        String base = start("--dns-server", dns.hostPort(), "--probe-allow-private");

        JsonNode[] job = runJob(base, token, "email,first_name,company,title,website\n"
                + "ada@acme.test,Ada,Acme,VP Sales,http://www.acme.test:" + web.getAddress().getPort() + "\n");

        JsonNode lead = job[1].get("leads").get(0);
        JsonNode e = lead.get("enrichment");
        assertThat(e.get("dns_status").asText()).isEqualTo("ok");
        assertThat(e.get("has_mx").asBoolean()).isTrue();
        assertThat(e.get("mx_hosts").get(0).asText()).isEqualTo("acme-test.mail.protection.outlook.com");
        assertThat(e.get("mail_provider").asText()).isEqualTo("microsoft_365");
        assertThat(e.get("has_spf").asBoolean()).isTrue();
        assertThat(e.get("has_dmarc").asBoolean()).isTrue();
        assertThat(e.get("dmarc_policy").asText()).isEqualTo("reject");
        assertThat(e.get("website_reachable").asBoolean()).isTrue();
        assertThat(e.get("website_title").asText()).isEqualTo("Acme Widgets");
        List<String> rules = new ArrayList<>();
        lead.get("reasons").forEach(r -> rules.add(r.get("rule").asText()));
        assertThat(rules).contains("business_mail_provider", "spf_published", "dmarc_published", "website_reachable");
        assertThat(dns.errors()).isEmpty();
        assertThat(Files.readString(jar.log())).doesNotContain("UnresolvedAddressException");
    }

    @Test
    void aDnsServerThatDeniesEveryNameCostsNoPointsAndTheJobLogSaysWhy() throws Exception {
        LoopbackDns dns = new LoopbackDns(); // an empty zone: "no such domain" for gmail.com too
        closing.add(dns);
        String token = token();
        String base = start("--dns-server", dns.hostPort(), "--probe-allow-private");

        JsonNode[] job = runJob(base, token, "email,first_name,company,title,website\n"
                + "ada@acme.test,Ada,Acme,VP Sales,https://www.acme.test\n"
                + "bob@gmail.com,Bob,,Engineer,\n");

        for (JsonNode lead : job[1].get("leads")) {
            assertThat(lead.get("enrichment").get("dns_status").asText()).isEqualTo("unavailable");
            lead.get("reasons").forEach(r -> assertThat(r.get("rule").asText())
                    .isNotIn("email_domain_missing", "email_domain_no_mx", "website_unreachable"));
        }
        List<String> logs = new ArrayList<>();
        job[0].get("recentLogs").forEach(l -> logs.add(l.get("message").asText()));
        assertThat(logs).anySatisfy(m -> assertThat(m).startsWith("DNS lookups are unavailable")
                .contains("even gmail.com, outlook.com and yahoo.com do not exist"));
    }

    @Test
    void aDnsServerWhoseHostDoesNotResolveIsRefusedAtStart() throws Exception {
        Process p = jar.command("--dns-server", "resolver.invalid:53").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(output).contains("LEADJOBS_DNS_SERVER (--dns-server) must be a DNS server address that resolves",
                "'resolver.invalid'");
    }

    @Test
    void theJarRefusesAnUploadThatWouldPassTheUsersStoredLeadQuota() throws Exception {
        String token = token();
        String base = start("--dns-server", "127.0.0.1:9", "--max-stored-leads", "5", "--retention", "7d");
        String fourRows = "email,first_name\na@acme.test,A\nb@acme.test,B\nc@acme.test,C\n,Nobody\n";

        runJob(base, token, fourRows);
        HttpResponse<String> refused = jar.http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=more"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("email\nd@acme.test\ne@acme.test\n")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(PackagedJar.JSON.readTree(refused.body()).get("error").asText()).isEqualTo("This upload has 2 rows, and your stored"
                + " jobs already hold 4 of the 5 rows one user may keep; older jobs are removed after the retention period.");
        String other = jar.token("someone-else");
        runJob(base, other, fourRows); // the quota is per user
    }
}
