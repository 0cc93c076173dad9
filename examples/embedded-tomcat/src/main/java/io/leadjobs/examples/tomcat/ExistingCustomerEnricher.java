package io.leadjobs.examples.tomcat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.Signals;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.Objects;

/**
 * The host's own enricher: records {@link #EXISTING_CUSTOMER} for every lead, true when the lead's company
 * name or its company domain (found by the default {@code companyDomain()} enricher, which runs before this
 * one) is in the host's {@link CustomerDirectory}.
 */
public final class ExistingCustomerEnricher implements LeadEnricher {

    /** The signal this enricher adds; the host's scoring rule reads it. */
    public static final Enrichment.Signal<Boolean> EXISTING_CUSTOMER =
            Enrichment.Signal.of("existing_customer", Boolean.class);

    private final CustomerDirectory customers;

    public ExistingCustomerEnricher(CustomerDirectory customers) {
        this.customers = Objects.requireNonNull(customers, "customers");
    }

    @Override
    public String name() {
        return "existing-customer";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) {
        boolean byName = !lead.company().isEmpty() && customers.isCustomer(lead.company());
        boolean byDomain = context.get(Signals.COMPANY_DOMAIN).map(customers::isCustomer).orElse(false);
        context.put(EXISTING_CUSTOMER, byName || byDomain);
    }
}
