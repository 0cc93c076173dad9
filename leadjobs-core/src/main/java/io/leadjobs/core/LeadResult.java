package io.leadjobs.core;

import java.util.Objects;

/**
 * One accepted lead after processing. {@code index} is its 0-based position among accepted leads;
 * {@code row} its 1-based data row in the upload. {@code enriched} says whether every enricher
 * succeeded for it.
 */
public record LeadResult(int index, int row, Lead lead, Enrichment enrichment, LeadScore score, boolean enriched) {
    public LeadResult {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(enrichment, "enrichment");
        Objects.requireNonNull(score, "score");
    }
}
