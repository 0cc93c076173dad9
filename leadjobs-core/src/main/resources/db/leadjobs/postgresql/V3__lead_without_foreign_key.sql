-- leadjobs job store, schema version 3: leadjobs_lead loses its foreign key to leadjobs_job.
-- The check ran once per uploaded lead and was half of the server's time storing an upload. Leads are
-- only ever written in the transaction that creates their job, and purging a job deletes its leads
-- explicitly (as it does its results and logs), so the key guarded nothing the store does not.

ALTER TABLE leadjobs_lead DROP CONSTRAINT IF EXISTS leadjobs_lead_job_id_fkey;
