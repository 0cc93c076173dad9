package io.leadjobs.core.osint;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import java.net.URI;
import java.util.Optional;

/** Which domain of a lead the network enrichers look at. */
final class LeadDomains {

    private LeadDomains() {
    }

    /** The domain that receives the lead's mail: the email's domain, else the website's host. */
    static Optional<String> forMail(Lead lead, EnrichmentContext context) {
        Optional<String> email = lead.emailDomain().flatMap(Domains::normalise);
        return email.isPresent() ? email : websiteHost(lead.website());
    }

    /** The host part of a website as typed in a lead ({@code acme.com}, {@code https://www.acme.com/about}). */
    static Optional<String> websiteHost(String website) {
        if (website.isBlank()) {
            return Optional.empty();
        }
        String w = website.strip();
        try {
            URI uri = URI.create(w.contains("://") ? w : "http://" + w);
            return uri.getHost() == null ? Optional.empty() : Domains.normalise(uri.getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The site to probe: the lead's website as typed, else its email domain. */
    static Optional<String> forWebsite(Lead lead, EnrichmentContext context) {
        if (!lead.website().isBlank()) {
            return Optional.of(lead.website());
        }
        return lead.emailDomain().flatMap(Domains::normalise);
    }
}
