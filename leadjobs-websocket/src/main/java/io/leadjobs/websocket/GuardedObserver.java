package io.leadjobs.websocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the host's {@link GatewayObserver}, logging and ignoring what it throws. */
final class GuardedObserver implements GatewayObserver {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedObserver.class);

    private final GatewayObserver delegate;

    private GuardedObserver(GatewayObserver delegate) {
        this.delegate = delegate;
    }

    static GatewayObserver of(GatewayObserver observer) {
        return observer == GatewayObserver.NONE || observer instanceof GuardedObserver ? observer : new GuardedObserver(observer);
    }

    @Override
    public void handshakeRefused(String reason) {
        run(() -> delegate.handshakeRefused(reason));
    }

    @Override
    public void updatePublished() {
        run(delegate::updatePublished);
    }

    @Override
    public void updatesDelivered(int count) {
        run(() -> delegate.updatesDelivered(count));
    }

    @Override
    public void updateCoalesced() {
        run(delegate::updateCoalesced);
    }

    @Override
    public void updateDropped(int recipients) {
        run(() -> delegate.updateDropped(recipients));
    }

    private static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("The gateway observer failed", e);
        }
    }
}
