package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.spi.JobStore.BatchCommit;
import io.leadjobs.core.spi.JobStore.PreparedResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Results of one job encoded by a JDBC store ahead of their commit ({@link JdbcJobStore#prepareResults}):
 * binary COPY rows ({@code copyRows}), or the text of each result's reasons and enrichment.
 */
record EncodedResults(UUID jobId, List<LeadResult> results, byte[] copyRows, String[] reasons, String[] enrichment)
        implements PreparedResults {

    /** The text of each result's reasons and enrichment, by position in the batch. */
    record Texts(String[] reasons, String[] enrichment) {
    }

    /** {@code results} encoded as text; empty when one cannot be stored (its commit then says why). */
    static Optional<PreparedResults> asText(UUID jobId, List<LeadResult> results) {
        List<LeadResult> copied = List.copyOf(results);
        try {
            String[] reasons = new String[copied.size()];
            String[] enrichment = new String[copied.size()];
            for (int i = 0; i < reasons.length; i++) {
                reasons[i] = TextCodec.encodeReasons(copied.get(i).score().reasons());
                enrichment[i] = TextCodec.encodeEnrichment(copied.get(i).enrichment());
            }
            return Optional.of(new EncodedResults(jobId, copied, null, reasons, enrichment));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The batch's encoded results if a JDBC store made them for this job and they hold exactly the batch's
     * results (the same objects, in order); else none, and the results are encoded now.
     */
    static List<EncodedResults> of(UUID jobId, BatchCommit batch) {
        List<EncodedResults> out = new ArrayList<>(batch.prepared().size());
        int k = 0;
        List<LeadResult> results = batch.results();
        for (PreparedResults p : batch.prepared()) {
            if (!(p instanceof EncodedResults mine) || !mine.jobId.equals(jobId)) {
                return List.of();
            }
            for (LeadResult r : mine.results) {
                if (k >= results.size() || results.get(k++) != r) {
                    return List.of();
                }
            }
            out.add(mine);
        }
        return k == results.size() ? out : List.of();
    }

    /** The text of each of the batch's results' reasons and enrichment, from its encoded results or encoded now. */
    static Texts texts(UUID jobId, BatchCommit batch) {
        List<EncodedResults> encoded = of(jobId, batch);
        int n = batch.results().size();
        Texts texts = new Texts(new String[n], new String[n]);
        if (!encoded.isEmpty() && encoded.stream().allMatch(p -> p.reasons != null)) {
            int k = 0;
            for (EncodedResults p : encoded) {
                System.arraycopy(p.reasons, 0, texts.reasons, k, p.reasons.length);
                System.arraycopy(p.enrichment, 0, texts.enrichment, k, p.enrichment.length);
                k += p.reasons.length;
            }
            return texts;
        }
        for (int i = 0; i < n; i++) {
            LeadResult r = batch.results().get(i);
            texts.reasons[i] = TextCodec.encodeReasons(r.score().reasons());
            texts.enrichment[i] = encodeEnrichment(jobId, r);
        }
        return texts;
    }

    static String encodeEnrichment(UUID jobId, LeadResult r) {
        try {
            return TextCodec.encodeEnrichment(r.enrichment());
        } catch (IllegalArgumentException e) {
            throw unstorableEnrichment(jobId, r, e);
        }
    }

    static LeadJobsException unstorableEnrichment(UUID jobId, LeadResult r, IllegalArgumentException e) {
        return LeadJobsException.storeFailure("store the result of lead " + r.index() + " of job " + jobId, e);
    }

    @Override
    public String toString() {
        return "EncodedResults[job " + jobId + ", " + results.size() + " results as " + (copyRows != null ? "COPY rows" : "text") + "]";
    }
}
