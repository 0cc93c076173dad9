package io.leadjobs.server;

import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;

/**
 * The server's flags, one for each {@link Setting}, read as text: {@link #values} lays them over the environment
 * variables, so that the flag wins, and {@link ServerSettings#fromStrings} checks and converts them. A picocli
 * mixin of {@link ServerCommand}, whose subcommands reach the same values through it.
 */
final class ServerOptions {

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
    @Option(names = "--smtp-max-recipients-per-conversation", paramLabel = "<n>",
            description = "Addresses of one domain asked on one SMTP conversation before it ends, 1-100; 1 opens a conversation per address (LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION; default 10).")
    String smtpMaxRecipientsPerConversation;
    @Option(names = "--smtp-conversation-idle-timeout", paramLabel = "<duration>",
            description = "How long a kept SMTP conversation waits for its domain's next address, 100ms-5m, e.g. 5s (LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT; default 5s).")
    String smtpConversationIdleTimeout;
    @Option(names = "--smtp-max-idle-conversations", paramLabel = "<n>",
            description = "Kept SMTP conversations waiting open across all domains, 1-10000 (LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS; default 100).")
    String smtpMaxIdleConversations;
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
    @Option(names = "--max-uploads-heap-bytes", paramLabel = "<n>",
            description = "Heap the uploads being read may take together; one that would take more answers 503 (LEADJOBS_MAX_UPLOADS_HEAP_BYTES; default 40% of the maximum heap).")
    String maxUploadsHeapBytes;
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
    @Option(names = "--enrichment-niceness", paramLabel = "<n>",
            description = "How much the enrichment threads lower their scheduling priority on Linux (nice increment 0-19), so that deliveries and requests run first on busy cores; 0 leaves it (LEADJOBS_ENRICHMENT_NICENESS; default 10).")
    String enrichmentNiceness;
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

    /** The settings' text, keyed by environment-variable name: {@code env} first, the flags given over it. */
    Map<String, String> values(Map<String, String> env) {
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
        put(values, Setting.MAX_UPLOADS_HEAP_BYTES, maxUploadsHeapBytes);
        put(values, Setting.WEB_ROOT, webRoot);
        put(values, Setting.VUE_ROOT, vueRoot);
        put(values, Setting.CLUSTER, cluster);
        put(values, Setting.LEASE, lease);
        put(values, Setting.UPDATE_INTERVAL, updateInterval);
        put(values, Setting.ENRICHMENT_NICENESS, enrichmentNiceness);
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
        put(values, Setting.SMTP_MAX_RECIPIENTS_PER_CONVERSATION, smtpMaxRecipientsPerConversation);
        put(values, Setting.SMTP_CONVERSATION_IDLE_TIMEOUT, smtpConversationIdleTimeout);
        put(values, Setting.SMTP_MAX_IDLE_CONVERSATIONS, smtpMaxIdleConversations);
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
}
