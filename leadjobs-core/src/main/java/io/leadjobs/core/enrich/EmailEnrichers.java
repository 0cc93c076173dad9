package io.leadjobs.core.enrich;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.Optional;
import java.util.Set;

/** The enrichers that look only at the email address. */
final class EmailEnrichers {
    private EmailEnrichers() {
    }

    static Optional<EmailAddress> address(Lead lead, EnrichmentContext ctx) {
        return ctx.get(Signals.EMAIL_VALID).orElse(false) ? EmailAddress.parse(lead.email()) : Optional.empty();
    }

    /** Records {@code email_valid} and {@code email_domain}. */
    static final class Syntax implements LeadEnricher {
        @Override
        public String name() {
            return "email-syntax";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext ctx) {
            if (lead.email().isEmpty()) {
                return;
            }
            Optional<EmailAddress> address = EmailAddress.parse(lead.email());
            ctx.put(Signals.EMAIL_VALID, address.isPresent());
            address.ifPresent(a -> ctx.put(Signals.EMAIL_DOMAIN, a.domain()));
        }
    }

    /** Records {@code free_email} for a valid address: on one of the given free-mail domains or not. */
    static final class FreeMail implements LeadEnricher {
        private final Set<String> providers;

        FreeMail(Set<String> providers) {
            this.providers = Set.copyOf(providers);
        }

        @Override
        public String name() {
            return "free-mail";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext ctx) {
            ctx.get(Signals.EMAIL_DOMAIN).ifPresent(d ->
                    ctx.put(Signals.FREE_EMAIL, providers.contains(d) || providers.contains(Domains.registrableDomain(d))));
        }
    }

    /**
     * Records {@code disposable_email}: the email's domain, or any parent of it down to its registrable
     * domain, is on the list.
     */
    static final class Disposable implements LeadEnricher {
        private final Set<String> domains;

        Disposable(Set<String> domains) {
            this.domains = Set.copyOf(domains);
        }

        @Override
        public String name() {
            return "disposable-domain";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext ctx) {
            ctx.get(Signals.EMAIL_DOMAIN).ifPresent(d -> ctx.put(Signals.DISPOSABLE_EMAIL, listed(d)));
        }

        boolean listed(String domain) {
            String registrable = Domains.registrableDomain(domain);
            String d = domain;
            while (true) {
                if (domains.contains(d)) {
                    return true;
                }
                if (d.length() <= registrable.length()) {
                    return false;
                }
                d = d.substring(d.indexOf('.') + 1);
            }
        }
    }

    /** Records {@code role_account}: the mailbox (without +tag) is a function, not a person. */
    static final class RoleAccount implements LeadEnricher {
        private final Set<String> roles;

        RoleAccount(Set<String> roles) {
            this.roles = Set.copyOf(roles);
        }

        @Override
        public String name() {
            return "role-account";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext ctx) {
            if (ctx.get(Signals.EMAIL_VALID).orElse(false)) {
                EmailAddress.parse(lead.email()).ifPresent(a -> ctx.put(Signals.ROLE_ACCOUNT, roles.contains(a.mailbox())));
            }
        }
    }

    /**
     * Records {@code company_domain} (and its source) from a business email, else from the website, and
     * {@code email_matches_website} when both are known.
     */
    static final class CompanyDomain implements LeadEnricher {
        @Override
        public String name() {
            return "company-domain";
        }

        @Override
        public void enrich(Lead lead, EnrichmentContext ctx) {
            Optional<String> fromEmail = ctx.get(Signals.EMAIL_DOMAIN)
                    .filter(d -> !ctx.get(Signals.FREE_EMAIL).orElse(false) && !ctx.get(Signals.DISPOSABLE_EMAIL).orElse(false))
                    .map(Domains::registrableDomain);
            Optional<String> fromWebsite = Domains.hostOf(lead.website()).map(Domains::registrableDomain);
            if (fromEmail.isPresent()) {
                ctx.put(Signals.COMPANY_DOMAIN, fromEmail.get());
                ctx.put(Signals.COMPANY_DOMAIN_SOURCE, "email");
            } else if (fromWebsite.isPresent()) {
                ctx.put(Signals.COMPANY_DOMAIN, fromWebsite.get());
                ctx.put(Signals.COMPANY_DOMAIN_SOURCE, "website");
            }
            Optional<String> emailDomain = ctx.get(Signals.EMAIL_DOMAIN).map(Domains::registrableDomain);
            if (emailDomain.isPresent() && fromWebsite.isPresent()) {
                ctx.put(Signals.EMAIL_MATCHES_WEBSITE, emailDomain.get().equals(fromWebsite.get()));
            }
        }
    }
}
