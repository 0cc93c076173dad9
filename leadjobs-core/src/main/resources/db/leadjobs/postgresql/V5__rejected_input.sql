-- leadjobs job store, schema version 5: the input fields of a rejected row (encoded as TextCodec.encodeLead),
-- so an export shows what the row held. Empty for rows whose fields were not known; NULL for rows written before.

ALTER TABLE leadjobs_rejected ADD COLUMN input VARCHAR;
