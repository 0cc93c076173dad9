-- leadjobs job store, schema version 3 (H2): leadjobs_lead loses its foreign key to leadjobs_job.
-- The check ran once per uploaded lead. Leads are only ever written in the transaction that creates
-- their job, and purging a job deletes its leads explicitly (as it does its results and logs), so the
-- key guarded nothing the store does not. H2 named the constraint itself when version 1 created it, so
-- the table is rebuilt without it.

CREATE TABLE leadjobs_lead_v3 (
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
    extra      VARCHAR NOT NULL,
    PRIMARY KEY (job_id, lead_index)
);

INSERT INTO leadjobs_lead_v3 SELECT job_id, lead_index, source_row, email, first_name, last_name, company, title, website,
    phone, country, extra FROM leadjobs_lead;

DROP TABLE leadjobs_lead;

ALTER TABLE leadjobs_lead_v3 RENAME TO leadjobs_lead;
