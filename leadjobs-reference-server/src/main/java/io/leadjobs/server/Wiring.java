package io.leadjobs.server;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.osint.OsintEnrichers;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.websocket.auth.JwtVerifierBuilder;
import io.leadjobs.websocket.auth.TokenVerifier;

import java.util.List;

/** Turns settings into the parts {@link ReferenceServer} wires together; each failure names its setting. */
final class Wiring {

    private Wiring() {
    }

    /** The one token verifier of the server: the Socket.IO handshake and the REST API both use it. */
    static TokenVerifier tokenVerifier(ServerSettings settings) {
        JwtVerifierBuilder jwt = TokenVerifier.jwt();
        try {
            if (settings.jwtSecret().isPresent()) {
                jwt.hmacSecret(settings.jwtSecret().get().utf8());
            } else {
                jwt.jwksUrl(settings.jwksUrl().orElseThrow());
            }
        } catch (LeadJobsException e) {
            Setting setting = settings.jwtSecret().isPresent() ? Setting.JWT_SECRET : Setting.JWKS_URL;
            throw setting.conflict(setting.label() + " cannot be used: " + e.getMessage());
        }
        try {
            settings.jwtIssuer().ifPresent(jwt::requiredIssuer);
        } catch (LeadJobsException e) {
            throw Setting.JWT_ISSUER.conflict(Setting.JWT_ISSUER.label() + " cannot be used: " + e.getMessage());
        }
        try {
            settings.jwtAudience().ifPresent(jwt::requiredAudience);
        } catch (LeadJobsException e) {
            throw Setting.JWT_AUDIENCE.conflict(Setting.JWT_AUDIENCE.label() + " cannot be used: " + e.getMessage());
        }
        return jwt.build();
    }

    /**
     * The offline enrichers, then the network enrichers that {@link EnrichmentSettings} switches on, with the
     * server's DNS and private-address settings.
     */
    static List<LeadEnricher> enrichers(ServerSettings settings) {
        try {
            EnrichmentSettings network = settings.enrichment();
            return OsintEnrichers.builder()
                    .dnsServer(settings.dnsServer())
                    .allowPrivateAddresses(settings.probeAllowPrivate())
                    .dns(network.dns())
                    .websiteProbe(network.websiteProbe())
                    .rdap(network.rdap())
                    .configureRdap(b -> network.rdapBaseUrl().ifPresent(b::baseUrl))
                    .smtp(network.smtp())
                    .configureSmtp(b -> b.port(network.smtpPort()).helo(network.smtpHelo()).sender(network.smtpSender())
                            .maxRecipientsPerConversation(network.smtpMaxRecipientsPerConversation())
                            .conversationIdleTimeout(network.smtpConversationIdleTimeout())
                            .maxIdleConversations(network.smtpMaxIdleConversations()))
                    .buildWithOfflineEnrichers();
        } catch (LeadJobsException | IllegalArgumentException e) {
            throw Setting.DNS_SERVER.conflict(Setting.DNS_SERVER.label() + " cannot be used: " + e.getMessage());
        }
    }
}
