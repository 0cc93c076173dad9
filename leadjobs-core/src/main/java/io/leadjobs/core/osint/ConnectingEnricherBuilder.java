package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The settings shared by the enrichers that open TCP connections of their own (website, RDAP, SMTP):
 * the DNS server that names are resolved with, the private-address guard, the connect and read
 * timeouts and TLS, on top of the cache and breaker settings.
 *
 * @param <B> the enricher's own builder
 */
abstract class ConnectingEnricherBuilder<B extends ConnectingEnricherBuilder<B>> extends EnricherBuilder<B> {

    Optional<InetSocketAddress> dnsServer = Optional.empty();
    boolean allowPrivate;
    Duration connectTimeout;
    Duration readTimeout;
    SSLContext sslContext;

    ConnectingEnricherBuilder(Duration connectTimeout, Duration readTimeout, Duration cacheTtl,
            Duration negativeCacheTtl, int failureThreshold, Duration circuitCooldown) {
        super(cacheTtl, negativeCacheTtl, failureThreshold, circuitCooldown);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Resolve host names with this DNS server ({@code host:port}, port 53 if left out) instead of the system resolver. */
    public B dnsServer(String hostPort) {
        this.dnsServer = Optional.of(HostPort.parse("dnsServer", Objects.requireNonNull(hostPort, "dnsServer"), 53));
        return self();
    }

    /** Resolve host names with this DNS server; its host must be resolved already (an address, not a bare name). */
    public B dnsServer(InetSocketAddress address) {
        this.dnsServer = Optional.of(HostPort.requireResolved("dnsServer", Objects.requireNonNull(address, "dnsServer")));
        return self();
    }

    /**
     * Allow connections to loopback, private, link-local, CGNAT and unique-local addresses (tests,
     * intranets; default false). Metadata, multicast and unspecified addresses stay refused even then.
     */
    public B allowPrivateAddresses(boolean allow) {
        this.allowPrivate = allow;
        return self();
    }

    /** Time to establish a TCP connection. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = LeadJobsException.requirePositive("connectTimeout", timeout);
        return self();
    }

    /** Longest silence while waiting for an answer. */
    public B readTimeout(Duration timeout) {
        this.readTimeout = LeadJobsException.requirePositive("readTimeout", timeout);
        return self();
    }

    /** TLS settings (trust store); default: the JVM's. */
    B sslContext(SSLContext context) {
        this.sslContext = Objects.requireNonNull(context, "sslContext");
        return self();
    }

    /** The TLS settings to use: those given, or the JVM's default. */
    SSLContext tls() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new LeadJobsException("no TLS support in this JVM: " + e.getMessage(), e);
        }
    }
}
