package io.leadjobs.server;

import io.leadjobs.core.JobService;
import io.leadjobs.core.score.ScoringModel;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the settings' text (from flags and environment variables) into {@link ServerSettings}; the one place that
 * does. The settings that name network addresses are read by {@link AddressSettings}, the network enrichers' by
 * {@link EnrichmentSettings}.
 */
final class SettingsParser {

    static final int DEFAULT_PORT = 3000;
    static final String DEFAULT_DATA_DIR = "./data";
    static final int MIN_SECRET_BYTES = 32;
    static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;
    static final int DEFAULT_SUBMIT_RATE = 30;
    static final int DEFAULT_MAX_LEADS = 100_000;
    static final int DEFAULT_MAX_CONCURRENT_UPLOADS = 4;
    /** Enough that a busy pipeline leaves the cores to deliveries and requests; see the README's Settings. */
    static final int DEFAULT_ENRICHMENT_NICENESS = 10;
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    private static final Pattern DAYS = Pattern.compile("(\\d{1,5})d");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h|)");
    /** Connection attempts per client address per minute: on by default (websocket-api.md, Security Considerations). */
    static final int DEFAULT_CONNECT_RATE = 300;

    private SettingsParser() {
    }

    /** 256 random bits, as URL-safe Base64 text. */
    static Secret randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    static ServerSettings parse(Map<String, String> values, Supplier<Secret> randomSecret) {
        Map<String, String> given = values;

        int port = integer(given, Setting.PORT, DEFAULT_PORT, 0, 65535);
        Optional<Secret> secret = text(given, Setting.JWT_SECRET).map(Secret::new);
        if (secret.isPresent() && secret.get().utf8().length < MIN_SECRET_BYTES) {
            throw Setting.JWT_SECRET.invalid("at least " + MIN_SECRET_BYTES + " bytes (256 bits) for HS256",
                    secret.get().utf8().length + " bytes");
        }
        Optional<URI> jwksUrl = text(given, Setting.JWKS_URL).map(AddressSettings::jwksUrl);
        if (secret.isPresent() && jwksUrl.isPresent()) {
            throw Setting.JWKS_URL.conflict(Setting.JWT_SECRET.label() + " and " + Setting.JWKS_URL.label()
                    + " exclude each other: set one way to verify tokens");
        }
        boolean devMode = secret.isEmpty() && jwksUrl.isEmpty();
        if (devMode) {
            secret = Optional.of(randomSecret.get());
        }
        String host = text(given, Setting.HOST).map(AddressSettings::host).orElse(devMode ? "127.0.0.1" : "0.0.0.0");
        if (devMode && !AddressSettings.isLoopback(host)) {
            throw Setting.HOST.conflict(Setting.HOST.label() + " is " + host + ", but without "
                    + Setting.JWT_SECRET.label() + " or " + Setting.JWKS_URL.label()
                    + " the server runs in dev mode with a random secret and binds a loopback address only");
        }
        Optional<String> issuer = text(given, Setting.JWT_ISSUER);
        Optional<String> audience = text(given, Setting.JWT_AUDIENCE);
        List<String> origins = text(given, Setting.ALLOWED_ORIGINS).map(AddressSettings::origins).orElse(List.of());
        int connectRate = integer(given, Setting.CONNECT_RATE, DEFAULT_CONNECT_RATE, 0, 1_000_000);
        Path dataDir = path(given, Setting.DATA_DIR, DEFAULT_DATA_DIR);
        Storage storage = storage(given, dataDir);
        Optional<InetSocketAddress> dns = text(given, Setting.DNS_SERVER).map(AddressSettings::dnsServer);
        boolean probeAllowPrivate = bool(given, Setting.PROBE_ALLOW_PRIVATE);
        long maxUpload = integer(given, Setting.MAX_UPLOAD_BYTES, (int) DEFAULT_MAX_UPLOAD_BYTES, 1024, 1024 * 1024 * 1024);
        int submitRate = integer(given, Setting.SUBMIT_RATE, DEFAULT_SUBMIT_RATE, 0, 1_000_000);
        int maxLeads = integer(given, Setting.MAX_LEADS, DEFAULT_MAX_LEADS, 1, 10_000_000);
        int maxConcurrentUploads = integer(given, Setting.MAX_CONCURRENT_UPLOADS, DEFAULT_MAX_CONCURRENT_UPLOADS, 1, 1000);
        int uploadsHeap = integer(given, Setting.MAX_UPLOADS_HEAP_BYTES, 0, 1024 * 1024, Integer.MAX_VALUE);
        OptionalLong maxUploadsHeapBytes = uploadsHeap == 0 ? OptionalLong.empty() : OptionalLong.of(uploadsHeap);
        Optional<Path> webRoot = frontEnd(given, Setting.WEB_ROOT);
        Optional<Path> vueRoot = frontEnd(given, Setting.VUE_ROOT);

        boolean postgres = storage instanceof Storage.Database db && db.jdbcUrl().startsWith("jdbc:postgresql:");
        boolean cluster = text(given, Setting.CLUSTER).isPresent() ? bool(given, Setting.CLUSTER) : postgres;
        if (cluster && !postgres) {
            throw Setting.CLUSTER.conflict(Setting.CLUSTER.label() + " is on, but job updates cross servers through"
                    + " PostgreSQL and " + Setting.DB_URL.label() + " does not name a PostgreSQL database (jdbc:postgresql://...)");
        }
        Duration lease = duration(given, Setting.LEASE, DEFAULT_LEASE, Duration.ofSeconds(1), Duration.ofHours(1),
                "a duration between 1s and 1h such as 30s, 2m or PT30S");
        Duration updateInterval = duration(given, Setting.UPDATE_INTERVAL, JobService.DEFAULT_UPDATE_INTERVAL, Duration.ZERO,
                Duration.ofSeconds(10), "a duration between 0 and 10s such as 250ms, 1s or PT0.5S (0 reports every batch)");
        int enrichmentNiceness = integer(given, Setting.ENRICHMENT_NICENESS, DEFAULT_ENRICHMENT_NICENESS, 0, 19);

        List<String> trustedProxies = text(given, Setting.TRUSTED_PROXIES).map(AddressSettings::trustedProxies)
                .orElse(List.of());
        int maxConnectionsPerUser = integer(given, Setting.MAX_CONNECTIONS_PER_USER, 0, 0, 1_000_000);

        Optional<Duration> retention = retention(given);
        int maxStored = integer(given, Setting.MAX_STORED_LEADS, 0, 0, 1_000_000_000);
        OptionalLong maxStoredLeads = maxStored == 0 ? OptionalLong.empty() : OptionalLong.of(maxStored);
        ScoringModel scoringModel = text(given, Setting.SCORING_MODEL).map(ScoringModelFile::read)
                .orElse(ScoringModel.defaults());

        return new ServerSettings(port, host, secret, jwksUrl, issuer, audience, origins, connectRate, dataDir,
                storage, dns, probeAllowPrivate, maxUpload, submitRate, webRoot, vueRoot, devMode, cluster, lease,
                updateInterval, enrichmentNiceness, trustedProxies, maxConnectionsPerUser, maxLeads, maxConcurrentUploads, maxUploadsHeapBytes, retention,
                maxStoredLeads, EnrichmentSettings.parse(given), scoringModel);
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, ISO-8601, or {@code forever}; between 1 minute and 100 years. */
    private static Optional<Duration> retention(Map<String, String> values) {
        Optional<String> text = text(values, Setting.RETENTION);
        if (text.isEmpty()) {
            return Optional.of(DEFAULT_RETENTION);
        }
        String t = text.get().toLowerCase(Locale.ROOT);
        if (t.equals("forever")) {
            return Optional.empty();
        }
        String expectation = "a duration between 1m and 36500d such as 30d, 12h or P7D, or forever";
        Matcher days = DAYS.matcher(t);
        Duration value;
        if (days.matches()) {
            value = Duration.ofDays(Long.parseLong(days.group(1)));
        } else {
            value = duration(values, Setting.RETENTION, DEFAULT_RETENTION, Duration.ofMinutes(1), Duration.ofDays(36_500),
                    expectation);
        }
        if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.compareTo(Duration.ofDays(36_500)) > 0) {
            throw Setting.RETENTION.invalid(expectation, quote(text.get()));
        }
        return Optional.of(value);
    }

    static Optional<String> text(Map<String, String> values, Setting setting) {
        String value = values.get(setting.env);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    static int integer(Map<String, String> values, Setting setting, int fallback, int min, int max) {
        Optional<String> text = text(values, setting);
        if (text.isEmpty()) {
            return fallback;
        }
        String expectation = "a whole number between " + min + " and " + max;
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw setting.invalid(expectation, quote(text.get()));
            }
            return value;
        } catch (NumberFormatException e) {
            throw setting.invalid(expectation, quote(text.get()));
        }
    }

    /**
     * {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 0} or ISO-8601 ({@code PT30S}), between {@code min}
     * and {@code max}; {@code fallback} when not given.
     */
    static Duration duration(Map<String, String> values, Setting setting, Duration fallback, Duration min,
                                     Duration max, String expectation) {
        Optional<String> text = text(values, setting);
        if (text.isEmpty()) {
            return fallback;
        }
        Duration value;
        String t = text.get().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                value = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> n == 0 ? Duration.ZERO : null; // a bare number is allowed for zero only
                };
                if (value == null) {
                    throw setting.invalid(expectation, quote(text.get()));
                }
            } else {
                value = Duration.parse(text.get());
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw setting.invalid(expectation, quote(text.get()));
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw setting.invalid(expectation, quote(text.get()));
        }
        return value;
    }

    static boolean bool(Map<String, String> values, Setting setting) {
        Optional<String> text = text(values, setting);
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw setting.invalid("true or false", quote(text.get()));
        };
    }

    private static Path path(Map<String, String> values, Setting setting, String fallback) {
        String text = text(values, setting).orElse(fallback);
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw setting.invalid("a file-system path", quote(text) + " (" + e.getReason() + ")");
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw setting.invalid("a directory", quote(text) + ", which is a file");
        }
        return path;
    }

    /** A built front end: a directory that exists and holds an index.html. */
    private static Optional<Path> frontEnd(Map<String, String> values, Setting setting) {
        Optional<String> text = text(values, setting);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(text.get());
        } catch (InvalidPathException e) {
            throw setting.invalid("a directory with a built front end", quote(text.get()) + " (" + e.getReason() + ")");
        }
        if (!Files.isDirectory(path)) {
            throw setting.invalid("a directory with a built front end (run its npm build first)",
                    quote(text.get()) + ", which is not a directory");
        }
        if (!Files.isRegularFile(path.resolve("index.html"))) {
            throw setting.invalid("a directory with a built front end (run its npm build first)",
                    quote(text.get()) + ", which has no index.html");
        }
        return Optional.of(path.toAbsolutePath().normalize());
    }

    private static Storage storage(Map<String, String> values, Path dataDir) {
        boolean inMemory = bool(values, Setting.IN_MEMORY);
        Optional<String> url = text(values, Setting.DB_URL);
        Optional<String> user = text(values, Setting.DB_USER);
        Optional<Secret> password = Optional.ofNullable(values.get(Setting.DB_PASSWORD.env))
                .filter(p -> !p.isEmpty()).map(Secret::new);
        if (url.isEmpty()) {
            if (user.isPresent()) {
                throw Setting.DB_USER.conflict(Setting.DB_USER.label() + " is set but " + Setting.DB_URL.label()
                        + " is not: name the database too");
            }
            if (password.isPresent()) {
                throw Setting.DB_PASSWORD.conflict(Setting.DB_PASSWORD.label() + " is set but "
                        + Setting.DB_URL.label() + " is not: name the database too");
            }
            return inMemory ? new Storage.InMemory() : new Storage.DataDirectory(dataDir);
        }
        if (inMemory) {
            throw Setting.IN_MEMORY.conflict(Setting.IN_MEMORY.label() + " and " + Setting.DB_URL.label()
                    + " exclude each other: keep jobs in memory or in the database, not both");
        }
        if (!url.get().startsWith("jdbc:") || url.get().length() <= "jdbc:".length()) {
            throw Setting.DB_URL.invalid("a JDBC URL such as jdbc:postgresql://localhost:5432/leadjobs",
                    quote(redactUrl(url.get())));
        }
        return new Storage.Database(url.get(), user, password);
    }

    /** A JDBC URL may carry a password in its query; never repeat that part. */
    private static String redactUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    /** How messages show a value that was given: in single quotes. */
    static String quote(String text) {
        return "'" + text + "'";
    }
}