package io.leadjobs.engineio;

import java.util.Set;

/** The validated, immutable configuration of one server. */
record EngineIoOptions(
        String path,
        long pingIntervalMillis,
        long pingTimeoutMillis,
        int maxPayload,
        int outboundQueueCapacity,
        Set<String> allowedOrigins,
        HandshakeFilter handshakeFilter) {

    boolean anyOrigin() {
        return allowedOrigins.contains("*");
    }
}
