package io.leadjobs.spring.boot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code leadjobs.*} settings of the auto-configuration. Every value has a default except the token key:
 * set {@code leadjobs.auth.secret} or {@code leadjobs.auth.jwks-url}, or define a
 * {@link io.leadjobs.websocket.auth.TokenVerifier} bean. Values are checked by the leadjobs builders when the
 * beans are created, and a wrong one stops the application with a sentence naming the setting.
 */
@ConfigurationProperties(prefix = "leadjobs")
public class LeadJobsProperties {

    private final Jobs jobs = new Jobs();
    private final Store store = new Store();
    private final Auth auth = new Auth();
    private final SocketIo socketio = new SocketIo();
    private final Rest rest = new Rest();

    /** Creates the properties with their defaults. */
    public LeadJobsProperties() {
    }

    /**
     * How jobs run.
     *
     * @return the job settings
     */
    public Jobs getJobs() {
        return jobs;
    }

    /**
     * Where jobs are stored.
     *
     * @return the store settings
     */
    public Store getStore() {
        return store;
    }

    /**
     * How Socket.IO clients and REST callers are authenticated.
     *
     * @return the token settings
     */
    public Auth getAuth() {
        return auth;
    }

    /**
     * The Socket.IO server.
     *
     * @return the Socket.IO settings
     */
    public SocketIo getSocketio() {
        return socketio;
    }

    /**
     * The REST jobs API.
     *
     * @return the REST settings
     */
    public Rest getRest() {
        return rest;
    }

    /** How jobs run ({@code leadjobs.jobs.*}). */
    public static class Jobs {
        /** Leads scored and stored together in one batch (1 to 10000). */
        private int batchSize = 25;
        /** Jobs processed at the same time. */
        private int concurrency = 2;
        /** Most leads one job may hold. */
        private int maxLeads = 100_000;
        /** Score from which a lead counts as a high-score lead (0 to 100). */
        private int highScoreThreshold = 70;
        /** How often a running job publishes its progress. */
        private Duration updateInterval = Duration.ofMillis(250);
        /**
         * How much the enrichment threads lower their scheduling priority on Linux, as a nice increment (0 to 19; 0
         * leaves it): with the cores busy, the application's request threads and the deliveries then run first.
         */
        private int enrichmentNiceness;

        /** Creates the defaults. */
        public Jobs() {
        }

        /** @return leads a batch */
        public int getBatchSize() {
            return batchSize;
        }

        /** @param batchSize leads a batch */
        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        /** @return jobs at once */
        public int getConcurrency() {
            return concurrency;
        }

        /** @param concurrency jobs at once */
        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        /** @return most leads a job */
        public int getMaxLeads() {
            return maxLeads;
        }

        /** @param maxLeads most leads a job */
        public void setMaxLeads(int maxLeads) {
            this.maxLeads = maxLeads;
        }

        /** @return the high-score threshold */
        public int getHighScoreThreshold() {
            return highScoreThreshold;
        }

        /** @param highScoreThreshold the high-score threshold */
        public void setHighScoreThreshold(int highScoreThreshold) {
            this.highScoreThreshold = highScoreThreshold;
        }

        /** @return the progress cadence */
        public Duration getUpdateInterval() {
            return updateInterval;
        }

        /** @param updateInterval the progress cadence */
        public void setUpdateInterval(Duration updateInterval) {
            this.updateInterval = updateInterval;
        }

        /** @return the enrichment threads' nice increment */
        public int getEnrichmentNiceness() {
            return enrichmentNiceness;
        }

        /** @param enrichmentNiceness the enrichment threads' nice increment, 0 to 19 */
        public void setEnrichmentNiceness(int enrichmentNiceness) {
            this.enrichmentNiceness = enrichmentNiceness;
        }
    }

    /** Where jobs are stored ({@code leadjobs.store.*}). */
    public static class Store {
        /**
         * {@code auto}: the JDBC store on the application's DataSource when there is one, in memory otherwise;
         * {@code memory}: always in memory; {@code jdbc}: the DataSource, and fail without one.
         */
        private StoreType type = StoreType.AUTO;
        /** Whether the JDBC store applies its own schema migrations (false when Flyway or Liquibase does). */
        private boolean manageSchema = true;

        /** Creates the defaults. */
        public Store() {
        }

        /** @return the store type */
        public StoreType getType() {
            return type;
        }

        /** @param type the store type */
        public void setType(StoreType type) {
            this.type = type;
        }

        /** @return whether the JDBC store migrates its schema */
        public boolean isManageSchema() {
            return manageSchema;
        }

        /** @param manageSchema whether the JDBC store migrates its schema */
        public void setManageSchema(boolean manageSchema) {
            this.manageSchema = manageSchema;
        }
    }

    /** The kinds of job store {@code leadjobs.store.type} chooses between. */
    public enum StoreType {
        /** The JDBC store when the application has a DataSource, in memory otherwise. */
        AUTO,
        /** Jobs in memory (lost on restart). */
        MEMORY,
        /** The JDBC store on the application's DataSource. */
        JDBC
    }

    /** Token verification ({@code leadjobs.auth.*}). */
    public static class Auth {
        /** The shared HS256 secret that clients' JWTs are signed with (at least 32 bytes). */
        private String secret;
        /** An http(s) URL serving the JWKS whose public keys sign clients' JWTs (RS256/ES256). */
        private URI jwksUrl;
        /** The issuer ({@code iss}) a token must name; any when unset. */
        private String issuer;
        /** The audience ({@code aud}) a token must name; any when unset. */
        private String audience;

        /** Creates the defaults. */
        public Auth() {
        }

        /** @return the HS256 secret, or null */
        public String getSecret() {
            return secret;
        }

        /** @param secret the HS256 secret */
        public void setSecret(String secret) {
            this.secret = secret;
        }

        /** @return the JWKS URL, or null */
        public URI getJwksUrl() {
            return jwksUrl;
        }

        /** @param jwksUrl the JWKS URL */
        public void setJwksUrl(URI jwksUrl) {
            this.jwksUrl = jwksUrl;
        }

        /** @return the required issuer, or null */
        public String getIssuer() {
            return issuer;
        }

        /** @param issuer the required issuer */
        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        /** @return the required audience, or null */
        public String getAudience() {
            return audience;
        }

        /** @param audience the required audience */
        public void setAudience(String audience) {
            this.audience = audience;
        }
    }

    /** The Socket.IO server ({@code leadjobs.socketio.*}). */
    public static class SocketIo {
        /** Whether the Socket.IO server is mounted on the application's servlet container at /socket.io/*. */
        private boolean enabled = true;
        /** Origins allowed to connect from browsers (e.g. https://app.example.com); none: same-origin and non-browser clients only. */
        private List<String> allowedOrigins = new ArrayList<>();
        /** Most jobs one connection may subscribe to. */
        private int maxSubscriptionsPerConnection = 100;
        /** Most connections one user may hold at once; 0: no limit. */
        private int maxConnectionsPerUser = 0;

        /** Creates the defaults. */
        public SocketIo() {
        }

        /** @return whether the server is mounted */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the server is mounted */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the allowed origins */
        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        /** @param allowedOrigins the allowed origins */
        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        /** @return most subscriptions a connection */
        public int getMaxSubscriptionsPerConnection() {
            return maxSubscriptionsPerConnection;
        }

        /** @param maxSubscriptionsPerConnection most subscriptions a connection */
        public void setMaxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
            this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
        }

        /** @return most connections a user */
        public int getMaxConnectionsPerUser() {
            return maxConnectionsPerUser;
        }

        /** @param maxConnectionsPerUser most connections a user */
        public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
            this.maxConnectionsPerUser = maxConnectionsPerUser;
        }
    }

    /** The REST jobs API ({@code leadjobs.rest.*}). */
    public static class Rest {
        /** Whether the REST jobs API (submit, status, results) is served. */
        private boolean enabled = true;
        /** Where the REST jobs API is served; a path starting with / and not ending with /. */
        private String path = "/api/jobs";

        /** Creates the defaults. */
        public Rest() {
        }

        /** @return whether the API is served */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the API is served */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the API's path */
        public String getPath() {
            return path;
        }

        /** @param path the API's path */
        public void setPath(String path) {
            this.path = path;
        }
    }
}
