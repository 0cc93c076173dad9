package io.leadjobs.server;

import io.leadjobs.core.score.ScoringModel;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every setting of the reference server, typed and checked. Built once at start-up from flags and environment
 * variables by {@link #fromStrings}; immutable. {@code toString} shows no secret.
 *
 * @param port              the port to listen on ({@code PORT}, default 3000; 0 picks a free one)
 * @param host              the address to bind ({@code HOST}; default {@code 0.0.0.0}, or {@code 127.0.0.1} in dev mode)
 * @param jwtSecret         the HS256 secret tokens are signed with ({@code LEADJOBS_JWT_SECRET}); in dev mode a random one
 * @param jwksUrl           where the public keys of an identity provider are ({@code LEADJOBS_JWKS_URL})
 * @param jwtIssuer         the {@code iss} every token must carry ({@code LEADJOBS_JWT_ISSUER})
 * @param jwtAudience       the {@code aud} every token must list ({@code LEADJOBS_JWT_AUDIENCE})
 * @param allowedOrigins    browser origins allowed to connect ({@code LEADJOBS_ALLOWED_ORIGINS}); empty when not set
 * @param connectRate       connection attempts allowed per client address per minute, 0 for no limit
 *                          ({@code LEADJOBS_CONNECT_RATE})
 * @param dataDir           the data directory ({@code LEADJOBS_DATA_DIR}, default {@code ./data})
 * @param storage           where jobs are kept
 * @param dnsServer         the DNS server the enrichers ask ({@code LEADJOBS_DNS_SERVER}); the system's when empty
 * @param enrichment        which network enrichers run and where they point ({@link EnrichmentSettings})
 * @param probeAllowPrivate whether enrichers may probe private and loopback addresses ({@code LEADJOBS_PROBE_ALLOW_PRIVATE})
 * @param maxUploadBytes    the largest request body {@code POST /api/jobs} accepts ({@code LEADJOBS_MAX_UPLOAD_BYTES},
 *                          default 10 MiB)
 * @param submitRate        jobs one user may submit per minute, 0 for no limit ({@code LEADJOBS_SUBMIT_RATE}, default 30)
 * @param webRoot           a built front end served at {@code /} instead of the demo page ({@code LEADJOBS_WEB_ROOT})
 * @param vueRoot           a built front end served at {@code /vue/} ({@code LEADJOBS_VUE_ROOT})
 * @param devMode           no secret or JWKS URL was configured: a random secret was made and only loopback is bound
 * @param cluster           job updates cross servers through the PostgreSQL database ({@code LEADJOBS_CLUSTER};
 *                          default on when {@code LEADJOBS_DB_URL} names a PostgreSQL database)
 * @param lease             how long a server holds a job without renewing before another may take it over
 *                          ({@code LEADJOBS_LEASE}, default 30 s)
 * @param enrichmentNiceness how much the enrichment threads lower their scheduling priority on Linux, as a nice
 *                          increment ({@code LEADJOBS_ENRICHMENT_NICENESS}, default 10; 0 leaves it)
 * @param updateInterval    how often a running job reports its progress to watchers, zero for every batch
 *                          ({@code LEADJOBS_UPDATE_INTERVAL}, default 250 ms)
 * @param trustedProxies    addresses and CIDR blocks of reverse proxies whose {@code X-Forwarded-For} names the client
 *                          ({@code LEADJOBS_TRUSTED_PROXIES}); empty: the header is ignored
 * @param maxConnectionsPerUser Socket.IO connections one user may hold at once, 0 for no limit
 *                          ({@code LEADJOBS_MAX_CONNECTIONS_PER_USER}, default 0)
 * @param maxLeads          data rows one job may have, checked while an upload is read ({@code LEADJOBS_MAX_LEADS},
 *                          default 100,000)
 * @param maxConcurrentUploads uploads read at the same time; one more answers 503
 *                          ({@code LEADJOBS_MAX_CONCURRENT_UPLOADS}, default 4)
 * @param maxUploadsHeapBytes heap the uploads being read may take together ({@code LEADJOBS_MAX_UPLOADS_HEAP_BYTES});
 *                          empty: 40 % of the JVM's maximum heap
 * @param retention         how long finished jobs are kept ({@code LEADJOBS_RETENTION}, default 30 days); empty: for ever
 * @param maxStoredLeads    the most rows one user's stored jobs may hold ({@code LEADJOBS_MAX_STORED_LEADS}); empty: no limit
 * @param enrichment        which network enrichers run and where they point ({@link EnrichmentSettings})
 * @param scoringModel      the numbers jobs are scored with, read from the file {@code LEADJOBS_SCORING_MODEL} names;
 *                          the default model when it is not set
 */
public record ServerSettings(
        int port,
        String host,
        Optional<Secret> jwtSecret,
        Optional<URI> jwksUrl,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        List<String> allowedOrigins,
        int connectRate,
        Path dataDir,
        Storage storage,
        Optional<InetSocketAddress> dnsServer,
        boolean probeAllowPrivate,
        long maxUploadBytes,
        int submitRate,
        Optional<Path> webRoot,
        Optional<Path> vueRoot,
        boolean devMode,
        boolean cluster,
        Duration lease,
        Duration updateInterval,
        int enrichmentNiceness,
        List<String> trustedProxies,
        int maxConnectionsPerUser,
        int maxLeads,
        int maxConcurrentUploads,
        OptionalLong maxUploadsHeapBytes,
        Optional<Duration> retention,
        OptionalLong maxStoredLeads,

        EnrichmentSettings enrichment,
        ScoringModel scoringModel) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(jwtIssuer, "jwtIssuer");
        Objects.requireNonNull(jwtAudience, "jwtAudience");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(dnsServer, "dnsServer");
        Objects.requireNonNull(webRoot, "webRoot");
        Objects.requireNonNull(vueRoot, "vueRoot");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(updateInterval, "updateInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(maxUploadsHeapBytes, "maxUploadsHeapBytes");
        Objects.requireNonNull(maxStoredLeads, "maxStoredLeads");
        Objects.requireNonNull(enrichment, "enrichment");
        Objects.requireNonNull(scoringModel, "scoringModel");
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("maxUploadBytes must be positive, was " + maxUploadBytes);
        }
        if (submitRate < 0) {
            throw new IllegalArgumentException("submitRate must not be negative, was " + submitRate);
        }
        if (maxLeads < 1) {
            throw new IllegalArgumentException("maxLeads must be at least 1, was " + maxLeads);
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("maxConcurrentUploads must be at least 1, was " + maxConcurrentUploads);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        if (maxConnectionsPerUser < 0) {
            throw new IllegalArgumentException("maxConnectionsPerUser must not be negative, was " + maxConnectionsPerUser);
        }
        if (jwtSecret.isEmpty() && jwksUrl.isEmpty()) {
            throw new IllegalArgumentException("settings need a JWT secret or a JWKS URL");
        }
    }

    /**
     * Converts settings given as text, keyed by their environment-variable names ({@code PORT},
     * {@code LEADJOBS_JWT_SECRET}, ...), into typed settings.
     *
     * @throws InvalidSettingException naming the first setting whose value is not acceptable
     */
    public static ServerSettings fromStrings(java.util.Map<String, String> values) {
        return SettingsParser.parse(values, SettingsParser::randomSecret);
    }
}
