package io.leadjobs.examples.tomcat;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host's own knowledge: which companies are already customers. A real host would ask its CRM here; the
 * example reads a list.
 */
@FunctionalInterface
public interface CustomerDirectory {

    /** True when {@code companyOrDomain} (a company name or its domain, any case) is an existing customer. */
    boolean isCustomer(String companyOrDomain);

    /** A directory holding these company names and domains, compared without regard to case. */
    static CustomerDirectory of(Collection<String> companiesAndDomains) {
        Set<String> known = companiesAndDomains.stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return companyOrDomain -> known.contains(companyOrDomain.strip().toLowerCase(Locale.ROOT));
    }
}
