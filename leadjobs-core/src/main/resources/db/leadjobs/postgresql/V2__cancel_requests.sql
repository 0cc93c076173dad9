-- leadjobs job store, schema version 2: a cancel request that every server sharing the database sees.
-- JobStore.requestCancel sets it on a queued or processing job; the worker running the job reads it
-- between two batches (JobStore.cancelRequested) and cancels the job.

ALTER TABLE leadjobs_job ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
