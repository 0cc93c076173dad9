package io.leadjobs.engineio;

/** A held long-polling GET, completed at most once, from any thread, without blocking the caller. */
interface PendingPoll {

    /** Writes the payload as the response and ends the request; then runs {@code afterWrite}. */
    void complete(String payload, Runnable afterWrite);

    /** Answers HTTP 400 with the message and ends the request. */
    void reject(String message);
}
