package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.core.JobId;
import java.util.Optional;
import java.util.UUID;

/** A parsed {@code subscribe-job} / {@code unsubscribe-job} argument. */
record SubscriptionRequest(UUID jobId, Optional<Long> lastSeq) {

    /** A job id string, or {@code {jobId, lastSeq}} ({@code lastSeq} only where {@code withSeq}). */
    static Optional<SubscriptionRequest> parse(Optional<JsonNode> arg, boolean withSeq) {
        if (arg.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = arg.get();
        if (node.isTextual()) {
            return JobId.parse(node.textValue()).map(id -> new SubscriptionRequest(id, Optional.empty()));
        }
        if (!node.isObject()) {
            return Optional.empty();
        }
        JsonNode id = node.get("jobId");
        if (id == null || !id.isTextual()) {
            return Optional.empty();
        }
        Optional<UUID> jobId = JobId.parse(id.textValue());
        if (jobId.isEmpty()) {
            return Optional.empty();
        }
        JsonNode seq = node.get("lastSeq");
        if (!withSeq || seq == null || seq.isNull()) {
            return Optional.of(new SubscriptionRequest(jobId.get(), Optional.empty()));
        }
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            return Optional.empty();
        }
        return Optional.of(new SubscriptionRequest(jobId.get(), Optional.of(seq.longValue())));
    }

    /** Whether the argument names a valid job id and what makes it unusable is its {@code lastSeq}. */
    static boolean hasValidJobIdButBadLastSeq(Optional<JsonNode> arg) {
        if (arg.isEmpty() || !arg.get().isObject()) {
            return false;
        }
        JsonNode id = arg.get().get("jobId");
        return id != null && id.isTextual() && JobId.parse(id.textValue()).isPresent();
    }
}
