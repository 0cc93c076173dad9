package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;

/**
 * The settings shared by the enrichers that ask HTTP servers (website, RDAP): a time limit per request,
 * retries with exponential backoff, and a bound on requests in flight across all jobs.
 *
 * @param <B> the enricher's own builder
 */
abstract class HttpEnricherBuilder<B extends HttpEnricherBuilder<B>> extends ConnectingEnricherBuilder<B> {

    Duration requestTimeout;
    int retries = 1;
    Duration backoff = Duration.ofMillis(200);
    int maxConcurrentRequests;

    HttpEnricherBuilder(Duration requestTimeout, int maxConcurrentRequests, Duration cacheTtl,
            Duration negativeCacheTtl, int failureThreshold) {
        super(Duration.ofSeconds(5), Duration.ofSeconds(5), cacheTtl, negativeCacheTtl, failureThreshold,
                Duration.ofSeconds(30));
        this.requestTimeout = requestTimeout;
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** Longest time for one request, connection to last byte read. */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = LeadJobsException.requirePositive("requestTimeout", timeout);
        return self();
    }

    /** Retries of a request after a timeout or a reset connection, 0-5 (default 1). */
    public B retries(int n) {
        this.retries = LeadJobsException.requireBetween("retries", n, 0, 5);
        return self();
    }

    /** Base of the exponential backoff between retries (default 200 ms). */
    public B backoff(Duration backoff) {
        this.backoff = LeadJobsException.requireNotNegative("backoff", backoff);
        return self();
    }

    /** Requests in flight at once, across all jobs, 1 to 10,000. */
    public B maxConcurrentRequests(int n) {
        this.maxConcurrentRequests = LeadJobsException.requireBetween("maxConcurrentRequests", n, 1, 10_000);
        return self();
    }
}
