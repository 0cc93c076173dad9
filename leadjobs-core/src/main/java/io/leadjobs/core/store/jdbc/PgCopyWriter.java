package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Job;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import io.leadjobs.core.spi.JobStore.PreparedResults;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL with its JDBC driver: leads and results are streamed in with binary {@code COPY}. A
 * connection that does not unwrap to the driver (a pool or proxy that hides it) is written to as
 * {@link PgArrayWriter} does. Once a connection has unwrapped, results are prepared as COPY rows.
 */
final class PgCopyWriter extends PgArrayWriter {
    /** The columns of a result's COPY row, in the order {@link #copyRow} writes them. */
    private static final List<String> RESULT_COLUMNS = List.of("job_id", "lead_index", "source_row", "score", "grade", "high_score",
            "enriched", "reasons", "enrichment");
    private static final String RESULT_COPY = "leadjobs_result (" + String.join(", ", RESULT_COLUMNS) + ")";

    /** Set once a connection has unwrapped to the PostgreSQL driver: results are then prepared as COPY rows. */
    private volatile boolean copyWorks;

    PgCopyWriter(int logsPerJob, boolean asynchronousBatchCommits) {
        super(logsPerJob, asynchronousBatchCommits);
    }

    /** One binary COPY of all the leads. */
    @Override
    public void insertLeads(Connection c, UUID jobId, List<AcceptedLead> leads) throws SQLException {
        if (!usable(c)) {
            super.insertLeads(c, jobId, leads);
            return;
        }
        try (PgCopy out = PgCopy.into(c, "leadjobs_lead (job_id, " + LeadColumn.LIST + ")")) {
            for (AcceptedLead accepted : leads) {
                Lead lead = accepted.lead();
                // the job, then LeadColumn's order
                out.row(1 + LeadColumn.values().length).uuid(jobId).int4(accepted.index()).int4(accepted.row())
                        .text(lead.email()).text(lead.firstName()).text(lead.lastName()).text(lead.company())
                        .text(lead.title()).text(lead.website()).text(lead.phone()).text(lead.country())
                        .text(lead.extra(), TextCodec::encodeExtra);
            }
            out.finish();
        }
    }

    /**
     * One statement updates the job row (fenced by {@code last_seq}), removes any results already stored
     * for the batch's leads, appends and trims the logs; then one binary COPY streams the results in.
     * Three round trips in all (statement, copy, commit), and the server inserts the results without
     * planning or parsing a row at a time.
     */
    @Override
    public Job commitBatch(Connection c, UUID jobId, BatchCommit batch) throws SQLException {
        if (!usable(c)) {
            return super.commitBatch(c, jobId, batch);
        }
        List<LeadResult> results = batch.results();
        LeadRange leads = LeadRange.of(results);
        String clear = "r AS (DELETE FROM leadjobs_result WHERE job_id = (SELECT id FROM j) AND "
                + (leads.consecutive() ? "lead_index >= ? AND lead_index <= ?" : "lead_index = ANY(?::int4[])") + ")";
        Optional<JobRows.StoredJob> updated = commitStatement(c, jobId, batch, clear, (ps, p) -> {
            if (leads.consecutive()) {
                ps.setInt(p++, leads.low());
                ps.setInt(p++, leads.high());
            } else {
                ps.setArray(p++, c.createArrayOf("int4", results.stream().map(LeadResult::index).toArray(Integer[]::new)));
            }
            return p;
        });
        if (updated.isEmpty()) {
            return JobRows.alreadyCommitted(c, jobId, batch);
        }
        // checked before the results go in; throwing rolls the whole batch back
        JobRows.requireKnownLeads(jobId, batch, updated.get().job());
        if (!results.isEmpty()) {
            try (PgCopy out = PgCopy.into(c, RESULT_COPY)) {
                List<EncodedResults> encoded = EncodedResults.of(jobId, batch);
                if (!encoded.isEmpty() && encoded.stream().allMatch(p -> p.copyRows() != null)) {
                    for (EncodedResults p : encoded) {
                        out.rows(p.copyRows(), p.results().size());
                    }
                } else {
                    for (LeadResult r : results) {
                        copyRow(out, jobId, r);
                    }
                }
                out.finish();
            }
        }
        return updated.get().job();
    }

    /** COPY rows once a connection has unwrapped to the driver, else text as {@link PgArrayWriter} uses it. */
    @Override
    public Optional<PreparedResults> prepareResults(UUID jobId, List<LeadResult> results) {
        if (!copyWorks) {
            return super.prepareResults(jobId, results);
        }
        List<LeadResult> copied = List.copyOf(results);
        try {
            PgCopy rows = PgCopy.rows(copied.size() * 1024);
            for (LeadResult r : copied) {
                copyRow(rows, jobId, r);
            }
            return Optional.of(new EncodedResults(jobId, copied, rows.toBytes(), null, null));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean usable(Connection c) {
        if (PgCopy.usable(c)) {
            copyWorks = true;
            return true;
        }
        return false;
    }

    /** One result as a row of {@link #RESULT_COPY}. */
    private static void copyRow(PgCopy out, UUID jobId, LeadResult r) throws SQLException {
        LeadScore score = r.score();
        out.row(RESULT_COLUMNS.size()).uuid(jobId).int4(r.index()).int4(r.row()).int2(score.score()).text(score.grade().name())
                .bool(score.highScore()).bool(r.enriched()).text(score.reasons(), TextCodec::encodeReasons);
        try {
            out.text(r.enrichment(), TextCodec::encodeEnrichment);
        } catch (IllegalArgumentException e) {
            throw EncodedResults.unstorableEnrichment(jobId, r, e);
        }
    }
}
