package io.leadjobs.websocket;

import io.leadjobs.core.JobService;
import io.leadjobs.core.spi.SubscriptionRegistry;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What a {@link JobEventsGateway.Builder} settled on, validated. */
record GatewaySettings(JobService jobService, TokenVerifier tokenVerifier, SubscriptionRegistry registry,
                       List<String> allowedOrigins, RateLimit connectRate, List<String> trustedProxies,
                       int maxTrackedAddresses, RateLimit eventRate, int maxSubscriptionsPerConnection,
                       int maxConnectionsPerUser, boolean queryTokenAllowed, int replayUpdatesPerJob, int replayJobs,
                       Duration replayCatchUp, DeliveryLimits deliveryLimits, Duration retryInterval,
                       Duration expiryCheckInterval, int threads, int deliveryThreads, int maxQueuedRequests,
                       Clock clock, GatewayObserver observer) {
}
