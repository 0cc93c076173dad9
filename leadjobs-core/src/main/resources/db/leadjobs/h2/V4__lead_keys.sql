-- leadjobs job store, schema version 4 (H2 only): leads and results are keyed by one BIGINT, lead_key.
-- H2 keeps a table's rows in a B-tree ordered by its primary key only when that key is a single integer
-- column; a composite key such as (job_id, lead_index) gets a second B-tree of its own, and inserting
-- into it took more time than inserting the rows themselves. So each lead and each result is keyed by
--
--     lead_key = job_seq * 4294967296 + lead_index      (job_seq: the job's row in leadjobs_job)
--
-- which is unique for the pair, so redoing a batch still replaces its results, and a job's rows are the
-- key range [job_seq * 4294967296, (job_seq + 1) * 4294967296). job_id and lead_index stay as columns;
-- there is no index on them, so SQL that reads one job's rows should select by that key range (the
-- store does). A lead and its result share their lead_key.

CREATE TABLE leadjobs_lead_v4 (
    lead_key   BIGINT  NOT NULL PRIMARY KEY,
    job_id     UUID    NOT NULL,
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
    extra      VARCHAR NOT NULL
);

INSERT INTO leadjobs_lead_v4 SELECT j.job_seq * 4294967296 + l.lead_index, l.job_id, l.lead_index, l.source_row, l.email,
    l.first_name, l.last_name, l.company, l.title, l.website, l.phone, l.country, l.extra
    FROM leadjobs_lead l JOIN leadjobs_job j ON j.id = l.job_id;

DROP TABLE leadjobs_lead;

ALTER TABLE leadjobs_lead_v4 RENAME TO leadjobs_lead;

CREATE TABLE leadjobs_result_v4 (
    lead_key   BIGINT   NOT NULL PRIMARY KEY,
    job_id     UUID     NOT NULL,
    lead_index INTEGER  NOT NULL,
    source_row INTEGER  NOT NULL,
    score      SMALLINT NOT NULL,
    grade      CHAR(1)  NOT NULL,
    high_score BOOLEAN  NOT NULL,
    enriched   BOOLEAN  NOT NULL,
    reasons    VARCHAR  NOT NULL,
    enrichment VARCHAR  NOT NULL
);

INSERT INTO leadjobs_result_v4 SELECT j.job_seq * 4294967296 + r.lead_index, r.job_id, r.lead_index, r.source_row, r.score,
    r.grade, r.high_score, r.enriched, r.reasons, r.enrichment
    FROM leadjobs_result r JOIN leadjobs_job j ON j.id = r.job_id;

DROP TABLE leadjobs_result;

ALTER TABLE leadjobs_result_v4 RENAME TO leadjobs_result;
