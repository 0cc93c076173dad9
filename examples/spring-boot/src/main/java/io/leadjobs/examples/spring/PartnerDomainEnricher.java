package io.leadjobs.examples.spring;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.Locale;
import java.util.Set;

/** Records {@link #PARTNER} for every lead: whether its email domain belongs to a partner company. */
final class PartnerDomainEnricher implements LeadEnricher {

    /** The signal this enricher adds. */
    static final Enrichment.Signal<Boolean> PARTNER = Enrichment.Signal.of("partner", Boolean.class);

    private final Set<String> partnerDomains;

    PartnerDomainEnricher(Set<String> partnerDomains) {
        this.partnerDomains = Set.copyOf(partnerDomains);
    }

    @Override
    public String name() {
        return "partner-domain";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) {
        context.put(PARTNER, lead.emailDomain().map(d -> partnerDomains.contains(d.toLowerCase(Locale.ROOT))).orElse(false));
    }
}
