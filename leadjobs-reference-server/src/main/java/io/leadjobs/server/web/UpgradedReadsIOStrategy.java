package io.leadjobs.server.web;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.strategies.AbstractIOStrategy;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;

/**
 * Reads of upgraded WebSocket connections run on the selector thread that saw them; everything else (HTTP
 * requests, the upgrade itself, writes) goes to the worker threads, as with {@link WorkerThreadIOStrategy}.
 *
 * <p>Handing a read to a worker costs a queue hand-off, and afterwards the worker has to give the connection's
 * read interest back to the selector and wake it: about half the CPU of reading a small frame (a
 * {@code subscribe-job}) on a 2-core machine. Only for endpoints whose callbacks never wait (no
 * {@code getBasicRemote()} send, no network or disk): a callback that waited would hold up every connection of
 * that selector.
 */
final class UpgradedReadsIOStrategy extends AbstractIOStrategy {

    @Override
    public boolean executeIoEvent(Connection connection, IOEvent ioEvent, boolean isIoEventEnabled) throws IOException {
        return onSelector(connection, ioEvent)
                ? SameThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled)
                : WorkerThreadIOStrategy.getInstance().executeIoEvent(connection, ioEvent, isIoEventEnabled);
    }

    @Override
    public Executor getThreadPoolFor(Connection connection, IOEvent ioEvent) {
        return onSelector(connection, ioEvent) ? null : super.getThreadPoolFor(connection, ioEvent);
    }

    private static boolean onSelector(Connection<?> connection, IOEvent ioEvent) {
        return ioEvent == IOEvent.READ && WebSocketUpgradeFilter.isUpgraded(connection);
    }
}
