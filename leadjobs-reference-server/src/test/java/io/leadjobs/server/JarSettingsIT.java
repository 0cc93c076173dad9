package io.leadjobs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Settings acted on by the packaged jar, started as it ships: {@code --dns-server} pointing at a DNS server on
 * loopback (the DNS enricher and the website probe ask that server; the setting used to switch both off), and
 * the per-user stored-lead quota.
 */
class JarSettingsIT {

    private static final String SECRET = "it-secret-0123456789abcdef0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Process server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private ProcessBuilder command(String... args) {
        Path jar = Path.of(System.getProperty("leadjobs.jar", "target/leadjobs-reference-server.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify, which packages it first").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("LEADJOBS_JWT_SECRET", SECRET);
        builder.environment().put("LEADJOBS_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("PORT", "0");
        builder.environment().put("HOST", "127.0.0.1");
        return builder;
    }

    private String token() throws Exception {
        Process p = command("token", "--subject", "dns-user", "--ttl", "10m").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private String start(String... args) {
        Path log = work.resolve("server.log");
        try {
            server = command(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return await().atMost(Duration.ofSeconds(60)).until(() -> address(log), a -> !a.isEmpty());
    }

    private static String address(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? "http://" + m.group(1) + ":" + m.group(2) : "";
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Submits the CSV, waits for the job, returns {status, results}. */
    private JsonNode[] runJob(String base, String token, String csv) throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=dns"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asText();
        JsonNode status = await().atMost(Duration.ofSeconds(90)).until(() -> get(base + "/api/jobs/" + jobId, token),
                s -> s.get("status").asText().equals("completed"));
        return new JsonNode[] {status, get(base + "/api/jobs/" + jobId + "/results", token)};
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
        assertThat(Files.readString(work.resolve("server.log"))).doesNotContain("UnresolvedAddressException");
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
        Process p = command("--dns-server", "resolver.invalid:53").redirectErrorStream(true).start();
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
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?name=more"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("email\nd@acme.test\ne@acme.test\n")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("This upload has 2 rows, and your stored"
                + " jobs already hold 4 of the 5 rows one user may keep; older jobs are removed after the retention period.");
        String other = new String(command("token", "--subject", "someone-else", "--ttl", "10m").start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).strip();
        runJob(base, other, fourRows); // the quota is per user
    }
}
