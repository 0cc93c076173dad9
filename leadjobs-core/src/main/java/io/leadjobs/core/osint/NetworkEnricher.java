package io.leadjobs.core.osint;

import io.leadjobs.core.spi.LeadEnricher;

/**
 * An enricher that asks the network (DNS, websites, RDAP registries, mail servers) and guards itself with a
 * circuit breaker: after a run of network failures it stops asking for a while, and leads are scored on what is
 * known. Metrics and health checks read the breaker here.
 */
public interface NetworkEnricher extends LeadEnricher {

    /**
     * Whether the circuit is open: the network failed too often, so calls fail fast until a probe succeeds.
     *
     * @return true while the enricher is not asking the network (open, or half-open waiting for its probe)
     */
    boolean circuitOpen();
}
