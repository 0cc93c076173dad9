package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS through the pinned connection: a local HTTPS server with a certificate for {@code secure.test}
 * (made by keytool for the test), reached through the checked address with the right SNI and Host.
 */
class WebsiteProbeTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private HttpsServer https;
    private LocalDnsServer dns;
    private SSLContext trustingClient;
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=secure.test", "-ext", "SAN=dns:secure.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trustingClient = SSLContext.getInstance("TLS");
        trustingClient.init(null, tmf.getTrustManagers(), null);

        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(server) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = server.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(0) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sniNames.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        https.createContext("/", ex -> {
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            byte[] body = "<title>Secure &amp; sound</title>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        dns = new LocalDnsServer();
        dns.a("secure.test", "127.0.0.1").a("impostor.test", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        https.stop(0);
        dns.close();
    }

    private WebsiteProbe probe() {
        return WebsiteProbe.builder().dnsServer(dns.hostPort()).sslContext(trustingClient)
                .trustEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), https.getAddress().getPort()))
                .build();
    }

    @Test
    void connectsOverHttpsToTheCheckedAddressWithTheHostNameAsSniAndHost() throws Exception {
        int port = https.getAddress().getPort();

        Enrichment e = new TestJob().enrich(Lead.builder().website("secure.test:" + port).build(), probe());

        assertThat(e.get(OsintSignals.WEBSITE_HTTPS)).contains(true);
        assertThat(e.get(OsintSignals.WEBSITE_FINAL_URL)).contains("https://secure.test:" + port + "/");
        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).contains("Secure & sound");
        assertThat(sniNames).containsExactly("secure.test");
        assertThat(hostHeaders).containsExactly("secure.test:" + port);
    }

    @Test
    void refusesACertificateIssuedForAnotherName() throws Exception {
        int port = https.getAddress().getPort();

        Enrichment e = new TestJob().enrich(Lead.builder().website("https://impostor.test:" + port + "/").build(), probe());

        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("tls_failed");
        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(false);
        assertThat(hostHeaders).isEmpty();
    }
}
