package io.leadjobs.core.osint;

import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.enrich.Signals;
import io.leadjobs.core.spi.EnrichmentContext;
import java.util.Optional;

/**
 * Which domain of a lead the network enrichers look at. They reuse the offline enrichers' signals
 * ({@code email_domain}, {@code company_domain}) when those ran first, and work the same out for
 * themselves when they did not.
 */
final class LeadDomains {

    private LeadDomains() {
    }

    /** The domain that receives the lead's mail: the email's domain, else the company domain. */
    static Optional<String> forMail(Lead lead, EnrichmentContext context) {
        if (context.get(Signals.EMAIL_VALID).isPresent()) {
            return context.get(Signals.EMAIL_DOMAIN).or(() -> context.get(Signals.COMPANY_DOMAIN))
                    .flatMap(DnsNames::normalise);
        }
        Optional<String> email = lead.emailDomain().flatMap(DnsNames::normalise);
        return email.isPresent() ? email : websiteHost(lead.website());
    }

    /**
     * The site to probe: the lead's website as typed, else its company domain (never a free-mail
     * provider's domain: gmail.com's home page says nothing about the lead's company).
     */
    static Optional<String> forWebsite(Lead lead, EnrichmentContext context) {
        if (!lead.website().isBlank()) {
            return Optional.of(lead.website());
        }
        if (context.get(Signals.EMAIL_VALID).isPresent() || context.get(Signals.COMPANY_DOMAIN).isPresent()) {
            return context.get(Signals.COMPANY_DOMAIN);
        }
        return lead.emailDomain().flatMap(DnsNames::normalise).filter(d -> !Enrichers.FREE_MAIL_PROVIDERS.contains(d));
    }

    /** The host part of a website as typed in a lead ({@code acme.com}, {@code https://www.acme.com/about}). */
    static Optional<String> websiteHost(String website) {
        return SiteTarget.parse(website).map(SiteTarget::host).flatMap(DnsNames::normalise);
    }
}
