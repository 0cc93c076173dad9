package io.leadjobs.engineio;

import java.util.concurrent.ScheduledFuture;

/**
 * A session's heartbeat: pings every {@code pingInterval}, ends the session when no pong follows within
 * {@code pingTimeout}, and counts what a client sends unasked (pongs without a ping, pings of its own). Guarded by
 * its own lock, which it never holds while calling the session; the session may stop it under the session's lock.
 */
final class Heartbeat {

    /** Consecutive pongs without a ping that a client may send before it is disconnected. */
    static final int MAX_UNSOLICITED_PONGS = 3;
    /**
     * Client pings (Engine.IO 4 clients send none but the upgrade probe, which is answered apart) answered per
     * second and socket; more are dropped, and a client that sends {@link #CLIENT_PING_FLOOD} in one second is closed.
     */
    static final int CLIENT_PINGS_PER_SECOND = 5;
    static final int CLIENT_PING_FLOOD = 100;

    /** What to do with a client's ping. */
    enum ClientPing { ANSWER, DROP, FLOOD }

    private final EngineIoSession session;
    private final EngineIoServerImpl server;

    // guarded by this
    private boolean stopped;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> timeoutTask;
    private boolean awaitingPong;
    private int unsolicitedPongs;
    private long clientPingWindowStart = System.nanoTime();
    private int clientPingsInWindow;

    Heartbeat(EngineIoSession session, EngineIoServerImpl server) {
        this.session = session;
        this.server = server;
    }

    /** Schedules the first ping. */
    synchronized void start() {
        if (!stopped) {
            schedulePing();
        }
    }

    /** Stops for good: cancels the next ping and the pong deadline. */
    synchronized void stop() {
        stopped = true;
        if (pingTask != null) {
            pingTask.cancel(false);
            pingTask = null;
        }
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
        awaitingPong = false;
    }

    /** A pong from the client; true when it is one pong too many without a ping (the session then closes). */
    synchronized boolean onPong() {
        if (awaitingPong) {
            awaitingPong = false;
            if (timeoutTask != null) {
                timeoutTask.cancel(false);
                timeoutTask = null;
            }
            if (!stopped) {
                schedulePing();
            }
            return false;
        }
        return ++unsolicitedPongs > MAX_UNSOLICITED_PONGS;
    }

    /** Counts a ping of the client's own within the current second and says what to do with it. */
    synchronized ClientPing onClientPing() {
        long now = System.nanoTime();
        if (now - clientPingWindowStart >= 1_000_000_000L) {
            clientPingWindowStart = now;
            clientPingsInWindow = 0;
        }
        int count = ++clientPingsInWindow;
        if (count <= CLIENT_PINGS_PER_SECOND) {
            return ClientPing.ANSWER;
        }
        return count == CLIENT_PING_FLOOD ? ClientPing.FLOOD : ClientPing.DROP;
    }

    private void schedulePing() {
        pingTask = server.schedule(this::ping, server.options().pingIntervalMillis());
    }

    private void ping() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            awaitingPong = true;
            unsolicitedPongs = 0;
            timeoutTask = server.schedule(this::checkPong, server.options().pingTimeoutMillis());
        }
        session.sendControl(PacketType.PING.packet());
    }

    private void checkPong() {
        boolean expired;
        synchronized (this) {
            expired = awaitingPong && !stopped;
        }
        if (expired) {
            session.terminate(CloseReason.PING_TIMEOUT);
        }
    }
}
