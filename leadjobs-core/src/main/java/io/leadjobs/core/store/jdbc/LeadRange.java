package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.LeadResult;
import java.util.List;

/**
 * The lowest and highest lead index of a batch's results, and whether the results are exactly the
 * leads in between (a pipeline's batches are; a caller may hand in a scattered set). No results: an
 * empty range, 0 to -1.
 */
record LeadRange(int low, int high, boolean consecutive) {
    static LeadRange of(List<LeadResult> results) {
        if (results.isEmpty()) {
            return new LeadRange(0, -1, true);
        }
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (LeadResult r : results) {
            low = Math.min(low, r.index());
            high = Math.max(high, r.index());
        }
        return new LeadRange(low, high, (long) high - low + 1 == results.size());
    }
}
