package io.leadjobs.websocket;

/**
 * How much may wait for one slow client.
 *
 * @param maxBacklog       messages queued in the transport beyond which updates wait in the client's session,
 *                         where progress is coalesced and logs may be dropped
 * @param maxPendingLogs   log updates that may wait in a session; more are dropped and counted
 * @param maxPendingEvents status, complete, error and job-status events that may wait in a session; one more
 *                         disconnects the client
 */
record DeliveryLimits(int maxBacklog, int maxPendingLogs, int maxPendingEvents) {
}
