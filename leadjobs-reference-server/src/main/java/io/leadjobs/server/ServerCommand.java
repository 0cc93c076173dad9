package io.leadjobs.server;

import io.leadjobs.core.score.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The command line: flags, each with an environment variable behind it (the flag wins), converted once into
 * {@link ServerSettings}. Without a subcommand it runs the server until SIGTERM; {@code token} prints a token,
 * {@code sample} a CSV of generated leads, {@code scoring-model} the default scoring model.
 */
@Command(name = "leadjobs-reference-server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerCommand.Version.class,
        sortOptions = false,
        description = {"Runs the leadjobs reference server: Socket.IO, the REST API and the demo page on one port.",
                "",
                "Every flag can also be set by the environment variable named in its description; the flag wins. "
                        + "Without LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL the server runs in dev mode: a random "
                        + "secret, loopback only, and a demo token printed at start.",
                ""},
        subcommands = {ServerCommand.TokenCommand.class, ServerCommand.SampleCommand.class,
                ServerCommand.ScoringModelCommand.class})
final class ServerCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_SETTINGS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);
    private static final Duration DEMO_TOKEN_TTL = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "<port>", description = "Port to listen on, 0 for any free one (PORT; default 3000).")
    String port;
    @Option(names = "--host", paramLabel = "<address>",
            description = "Address to bind (HOST; default 0.0.0.0, or 127.0.0.1 in dev mode).")
    String host;
    @Option(names = "--jwt-secret", paramLabel = "<secret>",
            description = "HS256 secret of the tokens, at least 32 bytes (LEADJOBS_JWT_SECRET).")
    String jwtSecret;
    @Option(names = "--jwks-url", paramLabel = "<url>",
            description = "URL of the identity provider's public keys, instead of a secret (LEADJOBS_JWKS_URL).")
    String jwksUrl;
    @Option(names = "--jwt-issuer", paramLabel = "<iss>", description = "Required token issuer (LEADJOBS_JWT_ISSUER).")
    String jwtIssuer;
    @Option(names = "--jwt-audience", paramLabel = "<aud>", description = "Required token audience (LEADJOBS_JWT_AUDIENCE).")
    String jwtAudience;
    @Option(names = "--allowed-origins", paramLabel = "<origins>",
            description = "Comma-separated browser origins allowed to connect, or * (LEADJOBS_ALLOWED_ORIGINS).")
    String allowedOrigins;
    @Option(names = "--connect-rate", paramLabel = "<n>",
            description = "Connection attempts per client address per minute, 0 for no limit (LEADJOBS_CONNECT_RATE; default 300).")
    String connectRate;
    @Option(names = "--data-dir", paramLabel = "<dir>", description = "Data directory (LEADJOBS_DATA_DIR; default ./data).")
    String dataDir;
    @Option(names = "--db-url", paramLabel = "<jdbc-url>", description = "JDBC URL of an external database (LEADJOBS_DB_URL).")
    String dbUrl;
    @Option(names = "--db-user", paramLabel = "<user>", description = "Database user (LEADJOBS_DB_USER).")
    String dbUser;
    @Option(names = "--db-password", paramLabel = "<password>", description = "Database password (LEADJOBS_DB_PASSWORD).")
    String dbPassword;
    @Option(names = "--in-memory", description = "Keep jobs in memory only (LEADJOBS_IN_MEMORY).")
    boolean inMemory;
    @Option(names = "--dns-server", paramLabel = "<host[:port]>",
            description = "DNS server for the enrichers (LEADJOBS_DNS_SERVER; default: the system's).")
    String dnsServer;
    @Option(names = "--probe-allow-private",
            description = "Let enrichers probe private and loopback addresses (LEADJOBS_PROBE_ALLOW_PRIVATE).")
    boolean probeAllowPrivate;
    @Option(names = "--dns", paramLabel = "<on|off>",
            description = "Run the DNS enricher (LEADJOBS_DNS; default on).")
    String dns;
    @Option(names = "--website-probe", paramLabel = "<on|off>",
            description = "Run the website probe (LEADJOBS_WEBSITE_PROBE; default on).")
    String websiteProbe;
    @Option(names = "--rdap", paramLabel = "<on|off>",
            description = "Look up domain age over RDAP (LEADJOBS_RDAP; default on).")
    String rdap;
    @Option(names = "--rdap-base-url", paramLabel = "<url>",
            description = "Ask this RDAP server about every domain (LEADJOBS_RDAP_BASE_URL; default: the registries in IANA's bootstrap file).")
    String rdapBaseUrl;
    @Option(names = "--smtp", paramLabel = "<on|off>",
            description = "Ask mail servers whether they accept each address (LEADJOBS_SMTP; default off).")
    String smtp;
    @Option(names = "--smtp-port", paramLabel = "<port>",
            description = "SMTP port of the mail servers (LEADJOBS_SMTP_PORT; default 25).")
    String smtpPort;
    @Option(names = "--smtp-helo", paramLabel = "<name>",
            description = "EHLO name for SMTP checks (LEADJOBS_SMTP_HELO; default leadjobs.invalid).")
    String smtpHelo;
    @Option(names = "--smtp-sender", paramLabel = "<address>",
            description = "MAIL FROM address for SMTP checks (LEADJOBS_SMTP_SENDER; default the null sender).")
    String smtpSender;
    @Option(names = "--max-upload-bytes", paramLabel = "<bytes>",
            description = "Largest request body POST /api/jobs accepts (LEADJOBS_MAX_UPLOAD_BYTES; default 10485760).")
    String maxUploadBytes;
    @Option(names = "--submit-rate", paramLabel = "<n>",
            description = "Jobs one user may submit per minute, 0 for no limit (LEADJOBS_SUBMIT_RATE; default 30).")
    String submitRate;
    @Option(names = "--max-leads", paramLabel = "<n>",
            description = "Data rows one job may have; an upload is refused at the row past it (LEADJOBS_MAX_LEADS; default 100000).")
    String maxLeads;
    @Option(names = "--max-concurrent-uploads", paramLabel = "<n>",
            description = "Uploads read at the same time; one more answers 503 (LEADJOBS_MAX_CONCURRENT_UPLOADS; default 4).")
    String maxConcurrentUploads;
    @Option(names = "--web-root", paramLabel = "<dir>",
            description = "A built front end (e.g. examples/react-dashboard/dist) served at / instead of the demo page (LEADJOBS_WEB_ROOT).")
    String webRoot;
    @Option(names = "--vue-root", paramLabel = "<dir>",
            description = "A built front end served at /vue/ (LEADJOBS_VUE_ROOT).")
    String vueRoot;
    @Option(names = "--cluster", paramLabel = "<true|false>",
            description = "Carry job updates between servers through the PostgreSQL database (LEADJOBS_CLUSTER; default: true when LEADJOBS_DB_URL is PostgreSQL).")
    String cluster;
    @Option(names = "--lease", paramLabel = "<duration>",
            description = "How long a server holds a job without renewing before another may take it over, e.g. 30s (LEADJOBS_LEASE; default 30s).")
    String lease;
    @Option(names = "--update-interval", paramLabel = "<duration>",
            description = "How often a running job reports its progress to watchers, e.g. 250ms, 1s; 0 reports every batch (LEADJOBS_UPDATE_INTERVAL; default 250ms).")
    String updateInterval;
    @Option(names = "--trusted-proxies", paramLabel = "<addresses>",
            description = "Reverse proxies (IP addresses or CIDR blocks, comma-separated) whose X-Forwarded-For names the client for the per-address limits (LEADJOBS_TRUSTED_PROXIES; default none).")
    String trustedProxies;
    @Option(names = "--max-connections-per-user", paramLabel = "<n>",
            description = "Socket.IO connections one user may hold at once, 0 for no limit (LEADJOBS_MAX_CONNECTIONS_PER_USER; default 0).")
    String maxConnectionsPerUser;
    @Option(names = "--log-format", paramLabel = "<text|json>",
            description = "Log lines as text or as one JSON object each, for log collectors (LEADJOBS_LOG_FORMAT; default text).")
    String logFormat; // read by Main before logging starts
    @Option(names = "--retention", paramLabel = "<duration>",
            description = "How long finished jobs are kept before they are deleted, e.g. 7d, 12h; 'forever' keeps them (LEADJOBS_RETENTION; default 30d).")
    String retention;
    @Option(names = "--max-stored-leads", paramLabel = "<rows>",
            description = "Most rows (leads and rejected rows) one user's stored jobs may hold; 0 for no limit (LEADJOBS_MAX_STORED_LEADS; default 0).")
    String maxStoredLeads;

    @Option(names = "--scoring-model", paramLabel = "<file>",
            description = "A scoring model (YAML, or JSON when the name ends in .json): weights, thresholds and grade bounds; the scoring-model command prints the default (LEADJOBS_SCORING_MODEL; default: the built-in model).")
    String scoringModel;

    private final Map<String, String> env;
    private final Consumer<Thread> shutdownHooks;
    private volatile ReferenceServer server;

    ServerCommand(Map<String, String> env, Consumer<Thread> shutdownHooks) {
        this.env = Map.copyOf(env);
        this.shutdownHooks = Objects.requireNonNull(shutdownHooks, "shutdownHooks");
    }

    /** The command line with its subcommands and our exit codes. */
    static CommandLine commandLine(Map<String, String> env, Consumer<Thread> shutdownHooks) {
        CommandLine commandLine = new CommandLine(new ServerCommand(env, shutdownHooks));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        });
        return commandLine;
    }

    /** The settings' text: environment first, flags over it. */
    Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        for (Setting setting : Setting.values()) {
            String fromEnv = env.get(setting.env);
            if (fromEnv != null) {
                values.put(setting.env, fromEnv);
            }
        }
        put(values, Setting.PORT, port);
        put(values, Setting.HOST, host);
        put(values, Setting.JWT_SECRET, jwtSecret);
        put(values, Setting.JWKS_URL, jwksUrl);
        put(values, Setting.JWT_ISSUER, jwtIssuer);
        put(values, Setting.JWT_AUDIENCE, jwtAudience);
        put(values, Setting.ALLOWED_ORIGINS, allowedOrigins);
        put(values, Setting.CONNECT_RATE, connectRate);
        put(values, Setting.DATA_DIR, dataDir);
        put(values, Setting.DB_URL, dbUrl);
        put(values, Setting.DB_USER, dbUser);
        put(values, Setting.DB_PASSWORD, dbPassword);
        put(values, Setting.DNS_SERVER, dnsServer);
        put(values, Setting.MAX_UPLOAD_BYTES, maxUploadBytes);
        put(values, Setting.SUBMIT_RATE, submitRate);
        put(values, Setting.MAX_LEADS, maxLeads);
        put(values, Setting.MAX_CONCURRENT_UPLOADS, maxConcurrentUploads);
        put(values, Setting.WEB_ROOT, webRoot);
        put(values, Setting.VUE_ROOT, vueRoot);
        put(values, Setting.CLUSTER, cluster);
        put(values, Setting.LEASE, lease);
        put(values, Setting.UPDATE_INTERVAL, updateInterval);
        put(values, Setting.TRUSTED_PROXIES, trustedProxies);
        put(values, Setting.MAX_CONNECTIONS_PER_USER, maxConnectionsPerUser);
        put(values, Setting.RETENTION, retention);
        put(values, Setting.MAX_STORED_LEADS, maxStoredLeads);
        put(values, Setting.DNS, dns);
        put(values, Setting.WEBSITE_PROBE, websiteProbe);
        put(values, Setting.RDAP, rdap);
        put(values, Setting.RDAP_BASE_URL, rdapBaseUrl);
        put(values, Setting.SMTP, smtp);
        put(values, Setting.SMTP_PORT, smtpPort);
        put(values, Setting.SMTP_HELO, smtpHelo);
        put(values, Setting.SMTP_SENDER, smtpSender);
        put(values, Setting.SCORING_MODEL, scoringModel);
        if (inMemory) {
            values.put(Setting.IN_MEMORY.env, "true");
        }
        if (probeAllowPrivate) {
            values.put(Setting.PROBE_ALLOW_PRIVATE.env, "true");
        }
        return values;
    }

    private static void put(Map<String, String> values, Setting setting, String flag) {
        if (flag != null) {
            values.put(setting.env, flag);
        }
    }

    ServerSettings settings() {
        return ServerSettings.fromStrings(values());
    }

    /** The running server, once started; for tests. */
    ReferenceServer server() {
        return server;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSettings settings;
        try {
            settings = settings();
        } catch (InvalidSettingException e) {
            err.println("Cannot start: " + e.getMessage());
            err.flush();
            return EXIT_BAD_SETTINGS;
        }
        ReferenceServer started;
        try {
            started = ReferenceServer.start(settings);
        } catch (InvalidSettingException e) {
            err.println("Cannot start: " + e.getMessage());
            err.flush();
            return EXIT_BAD_SETTINGS;
        } catch (UncheckedIOException e) {
            err.println("Cannot start: " + e.getMessage());
            err.flush();
            return EXIT_FAILED;
        }
        shutdownHooks.accept(new Thread(started::close, "leadjobs-shutdown"));
        server = started;
        if (settings.devMode()) {
            printDevModeBanner(out, settings, started.port());
        }
        out.println("leadjobs reference server listening on http://" + started.host() + ":" + started.port());
        out.flush();
        try {
            while (!started.awaitClosed(1, TimeUnit.HOURS)) {
                LOG.debug("still serving on port {}", started.port());
            }
        } catch (InterruptedException e) {
            started.close();
            throw e;
        }
        return EXIT_OK;
    }

    private static void printDevModeBanner(PrintWriter out, ServerSettings settings, int port) {
        String token = TokenMinter.forSettings(settings).mint("demo", DEMO_TOKEN_TTL);
        String rule = "=".repeat(78);
        LOG.warn("DEV MODE: no LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL set; using a random secret and loopback only");
        out.println(rule);
        out.println(" DEV MODE: no LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL is set.");
        out.println(" A random secret was made for this run: tokens die with the process.");
        out.println(" Listening on " + settings.host() + " (loopback) only. Do not expose this server.");
        out.println(" Demo token (sub=demo, valid 1 hour):");
        out.println();
        out.println(token);
        out.println();
        out.println(" Open http://localhost:" + port + "/ and paste the token, or:");
        out.println("   curl -X POST http://localhost:" + port + "/api/jobs -H 'Authorization: Bearer <token>' \\");
        out.println("        -H 'Content-Type: text/csv' --data-binary @leads.csv");
        out.println(rule);
    }

    /** {@code token --subject alice [--ttl 1h]}: prints a token signed with the configured secret. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Prints a token signed with the configured LEADJOBS_JWT_SECRET (HS256).")
    static final class TokenCommand implements Callable<Integer> {

        @CommandLine.ParentCommand
        ServerCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--subject", required = true, paramLabel = "<sub>", description = "The user the token is for.")
        String subject;

        @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "1h",
                description = "How long the token is valid: 1h, 30m, 45s, 7d or PT1H (default ${DEFAULT-VALUE}).")
        String ttl;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> values = parent.values();
            String secret = values.get(Setting.JWT_SECRET.env);
            if (secret == null || secret.isBlank()) {
                err.println("Cannot sign: " + Setting.JWT_SECRET.label() + " is not set. Without it the server makes"
                        + " a new random secret at every start, so a token signed now would never verify.");
                err.flush();
                return EXIT_BAD_SETTINGS;
            }
            try {
                ServerSettings settings = ServerSettings.fromStrings(values);
                Duration lifetime = TokenMinter.parseTtl(ttl);
                out.println(TokenMinter.forSettings(settings).mint(subject, lifetime));
                out.flush();
                return EXIT_OK;
            } catch (InvalidSettingException | IllegalArgumentException e) {
                err.println("Cannot sign: " + e.getMessage());
                err.flush();
                return EXIT_BAD_SETTINGS;
            }
        }
    }

    /** {@code sample [--leads 3000] [--output leads.csv]}: a CSV of generated leads, large enough to watch a job live. */
    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Prints a CSV of generated leads (UTF-8, the columns the upload knows): company, free-mail, "
                    + "disposable and role addresses, website-only and malformed rows. The same seed gives the same file.")
    static final class SampleCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--leads", paramLabel = "<n>", defaultValue = "3000",
                description = "Data rows, 1 to 1000000 (default ${DEFAULT-VALUE}).")
        int leads;

        @Option(names = "--companies", paramLabel = "<n>", defaultValue = "300",
                description = "Distinct company domains, 1 to 10000 (default ${DEFAULT-VALUE}).")
        int companies;

        @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--output", paramLabel = "<file>", defaultValue = "-",
                description = "Where to write it; - for standard output (default).")
        String output;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (leads < 1 || leads > 1_000_000 || companies < 1 || companies > 10_000) {
                err.println("Cannot make a sample: --leads must be 1 to 1000000 and --companies 1 to 10000 (got "
                        + leads + " and " + companies + ").");
                err.flush();
                return EXIT_BAD_SETTINGS;
            }
            byte[] csv = SampleLeads.generate(leads, companies, seed);
            // raw bytes on standard output: the names are UTF-8 whatever the platform's default charset
            return writeOutput(output, "the sample", err, () -> {
                System.out.write(csv);
                System.out.flush();
            }, csv);
        }
    }

    /** {@code scoring-model [--format yaml|json] [--output model.yaml]}: the default scoring model, to start a file from. */
    @Command(name = "scoring-model", mixinStandardHelpOptions = true,
            description = "Prints the default scoring model (base score, a weight per rule, thresholds, grade bounds) "
                    + "as YAML or JSON: edit it and load it with LEADJOBS_SCORING_MODEL or --scoring-model.")
    static final class ScoringModelCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--format", paramLabel = "<yaml|json>", defaultValue = "yaml",
                description = "yaml (with comments) or json (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--output", paramLabel = "<file>", defaultValue = "-",
                description = "Where to write it; - for standard output (default).")
        String output;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!format.equals("yaml") && !format.equals("json")) {
                err.println("Cannot print the scoring model: --format must be yaml or json, was " + format);
                err.flush();
                return EXIT_BAD_SETTINGS;
            }
            String model = ScoringModelFile.write(ScoringModel.defaults(), format.equals("json"));
            return writeOutput(output, "the scoring model", err, () -> {
                PrintWriter out = spec.commandLine().getOut();
                out.print(model);
                out.flush();
            }, model.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes something to standard output. */
    private interface StandardOutput {
        void write() throws IOException;
    }

    /**
     * A command's output to standard output ({@code --output -}) or to the file {@code --output} names; a file that
     * cannot be written is refused with a sentence and {@link #EXIT_FAILED}.
     */
    private static int writeOutput(String output, String what, PrintWriter err, StandardOutput toStandardOutput,
                                   byte[] toFile) {
        try {
            if (output.equals("-")) {
                toStandardOutput.write();
            } else {
                Files.write(Path.of(output), toFile);
            }
            return EXIT_OK;
        } catch (IOException | InvalidPathException e) {
            err.println("Cannot write " + what + " to " + output + ": " + e.getMessage());
            err.flush();
            return EXIT_FAILED;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ServerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"leadjobs-reference-server " + (version == null ? "(development build)" : version)};
        }
    }
}
