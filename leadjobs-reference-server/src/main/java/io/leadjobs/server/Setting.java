package io.leadjobs.server;

/** The settings of the reference server: each has an environment variable and a command-line flag. */
enum Setting {
    PORT("PORT", "--port"),
    HOST("HOST", "--host"),
    JWT_SECRET("LEADJOBS_JWT_SECRET", "--jwt-secret"),
    JWKS_URL("LEADJOBS_JWKS_URL", "--jwks-url"),
    JWT_ISSUER("LEADJOBS_JWT_ISSUER", "--jwt-issuer"),
    JWT_AUDIENCE("LEADJOBS_JWT_AUDIENCE", "--jwt-audience"),
    ALLOWED_ORIGINS("LEADJOBS_ALLOWED_ORIGINS", "--allowed-origins"),
    CONNECT_RATE("LEADJOBS_CONNECT_RATE", "--connect-rate"),
    DATA_DIR("LEADJOBS_DATA_DIR", "--data-dir"),
    DB_URL("LEADJOBS_DB_URL", "--db-url"),
    DB_USER("LEADJOBS_DB_USER", "--db-user"),
    DB_PASSWORD("LEADJOBS_DB_PASSWORD", "--db-password"),
    IN_MEMORY("LEADJOBS_IN_MEMORY", "--in-memory"),
    DNS_SERVER("LEADJOBS_DNS_SERVER", "--dns-server"),
    PROBE_ALLOW_PRIVATE("LEADJOBS_PROBE_ALLOW_PRIVATE", "--probe-allow-private"),
    MAX_UPLOAD_BYTES("LEADJOBS_MAX_UPLOAD_BYTES", "--max-upload-bytes"),
    SUBMIT_RATE("LEADJOBS_SUBMIT_RATE", "--submit-rate"),
    MAX_LEADS("LEADJOBS_MAX_LEADS", "--max-leads"),
    MAX_CONCURRENT_UPLOADS("LEADJOBS_MAX_CONCURRENT_UPLOADS", "--max-concurrent-uploads"),
    MAX_UPLOADS_HEAP_BYTES("LEADJOBS_MAX_UPLOADS_HEAP_BYTES", "--max-uploads-heap-bytes"),
    WEB_ROOT("LEADJOBS_WEB_ROOT", "--web-root"),
    VUE_ROOT("LEADJOBS_VUE_ROOT", "--vue-root"),
    CLUSTER("LEADJOBS_CLUSTER", "--cluster"),
    LEASE("LEADJOBS_LEASE", "--lease"),
    UPDATE_INTERVAL("LEADJOBS_UPDATE_INTERVAL", "--update-interval"),
    ENRICHMENT_NICENESS("LEADJOBS_ENRICHMENT_NICENESS", "--enrichment-niceness"),
    TRUSTED_PROXIES("LEADJOBS_TRUSTED_PROXIES", "--trusted-proxies"),
    MAX_CONNECTIONS_PER_USER("LEADJOBS_MAX_CONNECTIONS_PER_USER", "--max-connections-per-user"),
    RETENTION("LEADJOBS_RETENTION", "--retention"),
    MAX_STORED_LEADS("LEADJOBS_MAX_STORED_LEADS", "--max-stored-leads"),
    DNS("LEADJOBS_DNS", "--dns"),
    WEBSITE_PROBE("LEADJOBS_WEBSITE_PROBE", "--website-probe"),
    RDAP("LEADJOBS_RDAP", "--rdap"),
    RDAP_BASE_URL("LEADJOBS_RDAP_BASE_URL", "--rdap-base-url"),
    SMTP("LEADJOBS_SMTP", "--smtp"),
    SMTP_PORT("LEADJOBS_SMTP_PORT", "--smtp-port"),
    SMTP_HELO("LEADJOBS_SMTP_HELO", "--smtp-helo"),
    SMTP_SENDER("LEADJOBS_SMTP_SENDER", "--smtp-sender"),
    SMTP_MAX_RECIPIENTS_PER_CONVERSATION("LEADJOBS_SMTP_MAX_RECIPIENTS_PER_CONVERSATION",
            "--smtp-max-recipients-per-conversation"),
    SMTP_CONVERSATION_IDLE_TIMEOUT("LEADJOBS_SMTP_CONVERSATION_IDLE_TIMEOUT", "--smtp-conversation-idle-timeout"),
    SMTP_MAX_IDLE_CONVERSATIONS("LEADJOBS_SMTP_MAX_IDLE_CONVERSATIONS", "--smtp-max-idle-conversations"),
    SCORING_MODEL("LEADJOBS_SCORING_MODEL", "--scoring-model");

    final String env;
    final String flag;

    Setting(String env, String flag) {
        this.env = env;
        this.flag = flag;
    }

    /** How messages name the setting: {@code PORT (--port)}. */
    String label() {
        return env + " (" + flag + ")";
    }

    InvalidSettingException invalid(String expectation, String given) {
        return new InvalidSettingException(env, label() + " must be " + expectation + ", was " + given);
    }

    InvalidSettingException conflict(String message) {
        return new InvalidSettingException(env, message);
    }
}
