package io.leadjobs.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsParserTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    private static ServerSettings parse(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ServerSettings.fromStrings(values);
    }

    @Test
    void withNothingConfiguredRunsInDevModeOnLoopbackWithARandom256BitSecret() {
        ServerSettings settings = parse();

        assertThat(settings.devMode()).isTrue();
        assertThat(settings.port()).isEqualTo(3000);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.jwtSecret()).hasValueSatisfying(secret ->
                assertThat(java.util.Base64.getUrlDecoder().decode(secret.value())).hasSize(32));
        assertThat(settings.jwtSecret()).isNotEqualTo(parse().jwtSecret());
        assertThat(settings.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(settings.storage()).isEqualTo(new Storage.DataDirectory(Path.of("./data")));
        assertThat(settings.allowedOrigins()).isEmpty();
        assertThat(settings.connectRate()).isEqualTo(300);
        assertThat(settings.dnsServer()).isEmpty();
        assertThat(settings.probeAllowPrivate()).isFalse();
        assertThat(settings.retention()).contains(java.time.Duration.ofDays(30));
        assertThat(settings.maxStoredLeads()).isEmpty();
    }

    @ParameterizedTest(name = "LEADJOBS_RETENTION={0}")
    @CsvSource({"7d,P7D", "12h,PT12H", "90m,PT1H30M", "P2D,P2D", "PT36H,PT36H", "1m,PT1M"})
    void readsTheRetentionInDaysHoursMinutesOrIso(String given, String expected) {
        assertThat(parse("LEADJOBS_RETENTION", given).retention()).contains(java.time.Duration.parse(expected));
    }

    @Test
    void keepsJobsForeverAndLimitsStoredLeadsWhenAsked() {
        ServerSettings settings = parse("LEADJOBS_RETENTION", "forever", "LEADJOBS_MAX_STORED_LEADS", "50000");

        assertThat(settings.retention()).isEmpty();
        assertThat(settings.maxStoredLeads()).hasValue(50_000);
        assertThat(parse("LEADJOBS_MAX_STORED_LEADS", "0").maxStoredLeads()).isEmpty();
    }

    @Test
    void withASecretBindsAllInterfacesByDefault() {
        ServerSettings settings = parse("LEADJOBS_JWT_SECRET", SECRET);

        assertThat(settings.devMode()).isFalse();
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.jwtSecret()).contains(new Secret(SECRET));
    }

    @Test
    void readsEverySetting(@TempDir Path dir) {
        ServerSettings settings = parse(
                "PORT", "0",
                "HOST", "::1",
                "LEADJOBS_JWKS_URL", "https://id.example.com/.well-known/jwks.json",
                "LEADJOBS_JWT_ISSUER", "https://id.example.com/",
                "LEADJOBS_JWT_AUDIENCE", "leadjobs",
                "LEADJOBS_ALLOWED_ORIGINS", "https://App.example.com/, http://localhost:5173",
                "LEADJOBS_CONNECT_RATE", "30",
                "LEADJOBS_DATA_DIR", dir.toString(),
                "LEADJOBS_DB_URL", "jdbc:postgresql://127.0.0.1:5432/leadjobs",
                "LEADJOBS_DB_USER", "postgres",
                "LEADJOBS_DB_PASSWORD", "s3cret",
                "LEADJOBS_DNS_SERVER", "1.1.1.1:5353",
                "LEADJOBS_PROBE_ALLOW_PRIVATE", "true");

        assertThat(settings.devMode()).isFalse();
        assertThat(settings.port()).isZero();
        assertThat(settings.host()).isEqualTo("::1");
        assertThat(settings.jwtSecret()).isEmpty();
        assertThat(settings.jwksUrl()).contains(URI.create("https://id.example.com/.well-known/jwks.json"));
        assertThat(settings.jwtIssuer()).contains("https://id.example.com/");
        assertThat(settings.jwtAudience()).contains("leadjobs");
        assertThat(settings.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
        assertThat(settings.connectRate()).isEqualTo(30);
        assertThat(settings.dataDir()).isEqualTo(dir);
        assertThat(settings.storage()).isEqualTo(new Storage.Database("jdbc:postgresql://127.0.0.1:5432/leadjobs",
                Optional.of("postgres"), Optional.of(new Secret("s3cret"))));
        assertThat(settings.dnsServer()).contains(new InetSocketAddress("1.1.1.1", 5353));
        assertThat(settings.dnsServer().orElseThrow().isUnresolved()).isFalse();
        assertThat(settings.probeAllowPrivate()).isTrue();
    }

    @Test
    void keepsJobsInMemoryWhenAsked() {
        assertThat(parse("LEADJOBS_IN_MEMORY", "true").storage()).isEqualTo(new Storage.InMemory());
    }

    @Test
    void acceptsAWildcardOriginAndADnsServerWithoutPort() {
        ServerSettings settings = parse("LEADJOBS_ALLOWED_ORIGINS", "*", "LEADJOBS_DNS_SERVER", "[2606:4700::1111]");

        assertThat(settings.allowedOrigins()).containsExactly("*");
        assertThat(settings.dnsServer()).contains(new InetSocketAddress("2606:4700::1111", 53));
        assertThat(settings.dnsServer().orElseThrow().isUnresolved()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "PORT|abc|PORT (--port) must be a whole number between 0 and 65535, was 'abc'",
            "PORT|70000|PORT (--port) must be a whole number between 0 and 65535, was '70000'",
            "PORT|-1|PORT (--port) must be a whole number between 0 and 65535, was '-1'",
            "HOST|not a host!|HOST (--host) must be a host name or an IP address",
            "LEADJOBS_JWKS_URL|ftp://id.example.com/keys|LEADJOBS_JWKS_URL (--jwks-url) must be an http or https URL, was 'ftp://id.example.com/keys'",
            "LEADJOBS_ALLOWED_ORIGINS|app.example.com|LEADJOBS_ALLOWED_ORIGINS (--allowed-origins) must be a comma-separated list of origins",
            "LEADJOBS_ALLOWED_ORIGINS|https://app.example.com/path|was 'https://app.example.com/path'",
            "LEADJOBS_ALLOWED_ORIGINS|*, https://app.example.com|LEADJOBS_ALLOWED_ORIGINS (--allowed-origins) must be either * or a list of origins",
            "LEADJOBS_CONNECT_RATE|-5|LEADJOBS_CONNECT_RATE (--connect-rate) must be a whole number between 0 and 1000000, was '-5'",
            "LEADJOBS_CONNECT_RATE|ten|LEADJOBS_CONNECT_RATE (--connect-rate) must be a whole number",
            "LEADJOBS_DB_URL|postgres://localhost/x|LEADJOBS_DB_URL (--db-url) must be a JDBC URL",
            "LEADJOBS_DB_USER|postgres|LEADJOBS_DB_USER (--db-user) is set but LEADJOBS_DB_URL (--db-url) is not",
            "LEADJOBS_DB_PASSWORD|pw|LEADJOBS_DB_PASSWORD (--db-password) is set but LEADJOBS_DB_URL (--db-url) is not",
            "LEADJOBS_IN_MEMORY|maybe|LEADJOBS_IN_MEMORY (--in-memory) must be true or false, was 'maybe'",
            "LEADJOBS_DNS_SERVER|1.1.1.1:0|LEADJOBS_DNS_SERVER (--dns-server) must be a DNS server address",
            "LEADJOBS_DNS_SERVER|dns server|LEADJOBS_DNS_SERVER (--dns-server) must be a DNS server address",
            "LEADJOBS_DNS_SERVER|resolver.invalid:53|LEADJOBS_DNS_SERVER (--dns-server) must be a DNS server address that resolves (an IP address, or a host name the system resolver knows), was 'resolver.invalid:53', whose host 'resolver.invalid' does not resolve",
            "LEADJOBS_PROBE_ALLOW_PRIVATE|sometimes|LEADJOBS_PROBE_ALLOW_PRIVATE (--probe-allow-private) must be true or false, was 'sometimes'",
            "LEADJOBS_CLUSTER|maybe|LEADJOBS_CLUSTER (--cluster) must be true or false, was 'maybe'",
            "LEADJOBS_CLUSTER|true|LEADJOBS_CLUSTER (--cluster) is on, but job updates cross servers through PostgreSQL and LEADJOBS_DB_URL (--db-url) does not name a PostgreSQL database",
            "LEADJOBS_LEASE|0s|LEADJOBS_LEASE (--lease) must be a duration between 1s and 1h such as 30s, 2m or PT30S, was '0s'",
            "LEADJOBS_LEASE|2h|LEADJOBS_LEASE (--lease) must be a duration between 1s and 1h",
            "LEADJOBS_LEASE|soon|LEADJOBS_LEASE (--lease) must be a duration between 1s and 1h",
            "LEADJOBS_UPDATE_INTERVAL|11s|LEADJOBS_UPDATE_INTERVAL (--update-interval) must be a duration between 0 and 10s such as 250ms, 1s or PT0.5S (0 reports every batch), was '11s'",
            "LEADJOBS_UPDATE_INTERVAL|250|LEADJOBS_UPDATE_INTERVAL (--update-interval) must be a duration between 0 and 10s",
            "LEADJOBS_UPDATE_INTERVAL|-1s|LEADJOBS_UPDATE_INTERVAL (--update-interval) must be a duration between 0 and 10s",
            "LEADJOBS_UPDATE_INTERVAL|often|LEADJOBS_UPDATE_INTERVAL (--update-interval) must be a duration between 0 and 10s",
            "LEADJOBS_ENRICHMENT_NICENESS|20|LEADJOBS_ENRICHMENT_NICENESS (--enrichment-niceness) must be a whole number between 0 and 19, was '20'",
            "LEADJOBS_ENRICHMENT_NICENESS|-5|LEADJOBS_ENRICHMENT_NICENESS (--enrichment-niceness) must be a whole number between 0 and 19, was '-5'",
            "LEADJOBS_ENRICHMENT_NICENESS|low|LEADJOBS_ENRICHMENT_NICENESS (--enrichment-niceness) must be a whole number between 0 and 19",
            "LEADJOBS_TRUSTED_PROXIES|proxy.example.com|LEADJOBS_TRUSTED_PROXIES (--trusted-proxies) must be a comma-separated list of IP addresses or CIDR blocks such as 10.0.0.5,172.16.0.0/12,::1, was 'proxy.example.com' in 'proxy.example.com'",
            "LEADJOBS_TRUSTED_PROXIES|10.0.0.1,10.0.0.0/33|LEADJOBS_TRUSTED_PROXIES (--trusted-proxies) must be a comma-separated list of IP addresses or CIDR blocks such as 10.0.0.5,172.16.0.0/12,::1, was '10.0.0.0/33' in '10.0.0.1,10.0.0.0/33'",
            "LEADJOBS_TRUSTED_PROXIES|300.1.1.1|LEADJOBS_TRUSTED_PROXIES (--trusted-proxies) must be a comma-separated list of IP addresses or CIDR blocks",
            "LEADJOBS_TRUSTED_PROXIES|fd00::/129|LEADJOBS_TRUSTED_PROXIES (--trusted-proxies) must be a comma-separated list of IP addresses or CIDR blocks",
            "LEADJOBS_TRUSTED_PROXIES|:::::|LEADJOBS_TRUSTED_PROXIES (--trusted-proxies) must be a comma-separated list of IP addresses or CIDR blocks",
            "LEADJOBS_MAX_CONNECTIONS_PER_USER|-1|LEADJOBS_MAX_CONNECTIONS_PER_USER (--max-connections-per-user) must be a whole number between 0 and 1000000, was '-1'",
            "LEADJOBS_MAX_CONNECTIONS_PER_USER|many|LEADJOBS_MAX_CONNECTIONS_PER_USER (--max-connections-per-user) must be a whole number between 0 and 1000000, was 'many'",
            "LEADJOBS_RETENTION|30s|LEADJOBS_RETENTION (--retention) must be a duration between 1m and 36500d such as 30d, 12h or P7D, or forever, was '30s'",
            "LEADJOBS_RETENTION|99999d|LEADJOBS_RETENTION (--retention) must be a duration between 1m and 36500d",
            "LEADJOBS_RETENTION|a while|LEADJOBS_RETENTION (--retention) must be a duration between 1m and 36500d",
            "LEADJOBS_MAX_STORED_LEADS|-1|LEADJOBS_MAX_STORED_LEADS (--max-stored-leads) must be a whole number between 0 and 1000000000, was '-1'",
            "LEADJOBS_MAX_STORED_LEADS|lots|LEADJOBS_MAX_STORED_LEADS (--max-stored-leads) must be a whole number between 0 and 1000000000",
    })
    void refusesABadValueNamingTheSetting(String setting, String value, String message) {
        Map<String, String> values = new HashMap<>(Map.of("LEADJOBS_JWT_SECRET", SECRET));
        values.put(setting, value);

        assertThatThrownBy(() -> ServerSettings.fromStrings(values))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }

    @Test
    void carriesUpdatesBetweenServersByDefaultOnlyOnPostgresql() {
        assertThat(parse("LEADJOBS_JWT_SECRET", SECRET, "LEADJOBS_DB_URL", "jdbc:postgresql://db:5432/leadjobs").cluster()).isTrue();
        assertThat(parse("LEADJOBS_JWT_SECRET", SECRET, "LEADJOBS_DB_URL", "jdbc:postgresql://db:5432/leadjobs",
                "LEADJOBS_CLUSTER", "false").cluster()).isFalse();
        assertThat(parse("LEADJOBS_JWT_SECRET", SECRET, "LEADJOBS_DB_URL", "jdbc:h2:mem:x").cluster()).isFalse();
        assertThat(parse("LEADJOBS_JWT_SECRET", SECRET).cluster()).isFalse();
    }

    @Test
    void readsTrustedProxiesAndAPerUserConnectionCap() {
        assertThat(parse().trustedProxies()).isEmpty();
        assertThat(parse().maxConnectionsPerUser()).isZero();
        assertThat(parse("LEADJOBS_TRUSTED_PROXIES", " 10.0.0.5, 172.16.0.0/12 ,::1,fd00::/8").trustedProxies())
                .containsExactly("10.0.0.5", "172.16.0.0/12", "::1", "fd00::/8");
        assertThat(parse("LEADJOBS_MAX_CONNECTIONS_PER_USER", "5").maxConnectionsPerUser()).isEqualTo(5);
    }

    @Test
    void readsTheLeaseInSecondsMinutesOrIso() {
        assertThat(parse().lease()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(parse("LEADJOBS_LEASE", "2s").lease()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(parse("LEADJOBS_LEASE", "5m").lease()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(parse("LEADJOBS_LEASE", "PT45S").lease()).isEqualTo(java.time.Duration.ofSeconds(45));
    }

    @Test
    void readsHowMuchTheEnrichmentThreadsLowerTheirPriority() {
        assertThat(parse().enrichmentNiceness()).isEqualTo(10);
        assertThat(parse("LEADJOBS_ENRICHMENT_NICENESS", "0").enrichmentNiceness()).isZero();
        assertThat(parse("LEADJOBS_ENRICHMENT_NICENESS", "19").enrichmentNiceness()).isEqualTo(19);
    }

    @Test
    void readsTheUpdateIntervalInMillisecondsSecondsOrIsoAndZeroForEveryBatch() {
        assertThat(parse().updateInterval()).isEqualTo(io.leadjobs.core.JobService.DEFAULT_UPDATE_INTERVAL);
        assertThat(parse("LEADJOBS_UPDATE_INTERVAL", "100ms").updateInterval()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(parse("LEADJOBS_UPDATE_INTERVAL", "2s").updateInterval()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(parse("LEADJOBS_UPDATE_INTERVAL", "PT0.5S").updateInterval()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(parse("LEADJOBS_UPDATE_INTERVAL", "0").updateInterval()).isZero();
        assertThat(parse("LEADJOBS_UPDATE_INTERVAL", "0ms").updateInterval()).isZero();
    }

    @Test
    void refusesAShortSecretWithoutRepeatingIt() {
        assertThatThrownBy(() -> parse("LEADJOBS_JWT_SECRET", "too-short-secret"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("LEADJOBS_JWT_SECRET (--jwt-secret) must be at least 32 bytes (256 bits) for HS256, was 16 bytes")
                .hasMessageNotContaining("too-short-secret");
    }

    @Test
    void refusesASecretAndAJwksUrlTogether() {
        assertThatThrownBy(() -> parse("LEADJOBS_JWT_SECRET", SECRET, "LEADJOBS_JWKS_URL", "https://id.example.com/jwks"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("exclude each other");
    }

    @Test
    void refusesToBindBeyondLoopbackInDevMode() {
        assertThatThrownBy(() -> parse("HOST", "0.0.0.0"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("HOST"))
                .hasMessageContaining("dev mode")
                .hasMessageContaining("LEADJOBS_JWT_SECRET");
        assertThat(parse("HOST", "localhost").host()).isEqualTo("localhost");
    }

    @Test
    void refusesInMemoryTogetherWithADatabase() {
        assertThatThrownBy(() -> parse("LEADJOBS_IN_MEMORY", "true", "LEADJOBS_DB_URL", "jdbc:h2:mem:x"))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("LEADJOBS_IN_MEMORY"))
                .hasMessageContaining("exclude each other");
    }

    @Test
    void refusesADataDirectoryThatIsAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");

        assertThatThrownBy(() -> parse("LEADJOBS_DATA_DIR", file.toString()))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("LEADJOBS_DATA_DIR"))
                .hasMessageContaining("must be a directory");
    }

    @Test
    void neverShowsSecretsInItsTextForm() {
        ServerSettings settings = parse("LEADJOBS_JWT_SECRET", SECRET,
                "LEADJOBS_DB_URL", "jdbc:postgresql://127.0.0.1/leadjobs", "LEADJOBS_DB_PASSWORD", "pa55word");

        assertThat(settings.toString()).doesNotContain(SECRET).doesNotContain("pa55word").contains("[redacted]");
    }

    @Test
    void treatsBlankValuesAsUnset() {
        ServerSettings settings = parse("PORT", " ", "LEADJOBS_JWT_SECRET", "", "LEADJOBS_ALLOWED_ORIGINS", "");

        assertThat(settings.port()).isEqualTo(3000);
        assertThat(settings.devMode()).isTrue();
        assertThat(settings.allowedOrigins()).isEqualTo(List.of());
    }
}
