package io.leadjobs.core.spi;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadScore;

/** Turns a lead and what was learnt about it into a score 0-100 with readable reasons. Thread-safe. */
public interface LeadScorer {

    LeadScore score(Lead lead, Enrichment enrichment);
}
