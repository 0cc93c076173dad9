-- leadjobs job store, schema version 1 (H2).
-- Applied by JdbcJobStore's built-in migrator (history in leadjobs_schema_history), or by a host's own
-- Flyway/Liquibase pointed at classpath:db/leadjobs/h2.
-- Instants are stored as BIGINT epoch nanoseconds so that a java.time.Instant round-trips exactly.

CREATE TABLE leadjobs_job (
    id               UUID        NOT NULL PRIMARY KEY,
    job_seq          BIGINT      GENERATED ALWAYS AS IDENTITY,
    owner            VARCHAR     NOT NULL,
    name             VARCHAR     NOT NULL,
    status           VARCHAR(16) NOT NULL,
    total_leads      INTEGER     NOT NULL,
    processed_leads  INTEGER     NOT NULL,
    enriched_leads   INTEGER     NOT NULL,
    high_score_leads INTEGER     NOT NULL,
    rejected_leads   INTEGER     NOT NULL,
    error_message    VARCHAR,
    created_at       BIGINT      NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    last_seq         BIGINT      NOT NULL,
    log_count        BIGINT      NOT NULL DEFAULT 0,
    lease_owner      VARCHAR,
    lease_expires_at BIGINT
);

CREATE INDEX leadjobs_job_owner_idx ON leadjobs_job (owner, created_at, job_seq);
CREATE INDEX leadjobs_job_claim_idx ON leadjobs_job (status, created_at, job_seq);
CREATE INDEX leadjobs_job_finished_idx ON leadjobs_job (finished_at);

CREATE TABLE leadjobs_lead (
    job_id     UUID    NOT NULL REFERENCES leadjobs_job (id) ON DELETE CASCADE,
    lead_index INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    email      VARCHAR NOT NULL,
    first_name VARCHAR NOT NULL,
    last_name  VARCHAR NOT NULL,
    company    VARCHAR NOT NULL,
    title      VARCHAR NOT NULL,
    website    VARCHAR NOT NULL,
    phone      VARCHAR NOT NULL,
    country    VARCHAR NOT NULL,
    extra      VARCHAR NOT NULL,
    PRIMARY KEY (job_id, lead_index)
);

CREATE TABLE leadjobs_rejected (
    job_id         UUID    NOT NULL REFERENCES leadjobs_job (id) ON DELETE CASCADE,
    rejected_index INTEGER NOT NULL,
    source_row     INTEGER NOT NULL,
    reason         VARCHAR NOT NULL,
    PRIMARY KEY (job_id, rejected_index)
);

-- Written once per batch: no foreign key (the job row is updated in the same transaction anyway);
-- purging a job deletes its results and logs explicitly.
CREATE TABLE leadjobs_result (
    job_id     UUID     NOT NULL,
    lead_index INTEGER  NOT NULL,
    source_row INTEGER  NOT NULL,
    score      SMALLINT NOT NULL,
    grade      CHAR(1)  NOT NULL,
    high_score BOOLEAN  NOT NULL,
    enriched   BOOLEAN  NOT NULL,
    reasons    VARCHAR  NOT NULL,
    enrichment VARCHAR  NOT NULL,
    PRIMARY KEY (job_id, lead_index)
);

-- log_no counts a job's log entries from 1 (leadjobs_job.log_count is the last one); the oldest are
-- trimmed so that at most the configured number per job remain.
CREATE TABLE leadjobs_log (
    job_id    UUID       NOT NULL,
    log_no    BIGINT     NOT NULL,
    log_level VARCHAR(8) NOT NULL,
    message   VARCHAR    NOT NULL,
    logged_at BIGINT     NOT NULL,
    PRIMARY KEY (job_id, log_no)
);
