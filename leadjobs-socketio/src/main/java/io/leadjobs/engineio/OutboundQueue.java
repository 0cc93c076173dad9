package io.leadjobs.engineio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's bounded outbound queue: application messages ({@link OutboundMessage}), control packets (String,
 * outside the bound) and, once the session closes, the {@link #CLOSE} marker. Not thread-safe: guarded by the
 * session's lock.
 */
final class OutboundQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

    /** Queue marker: after everything before it is delivered, close the transport. */
    static final Object CLOSE = new Object();

    /** What became of messages offered to the queue. */
    enum Offer { ALL, SOME_DROPPED, OVERFLOW }

    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final int capacity;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Queues the messages in order. When the queue is full a droppable message is discarded, and any other takes the
     * place of the oldest droppable one queued; without one it is {@link Offer#OVERFLOW}, and the rest stay out.
     */
    Offer offer(List<OutboundMessage> messages) {
        boolean all = true;
        for (OutboundMessage message : messages) {
            if (items.size() >= capacity) {
                if (message.isDroppable()) {
                    LOG.debug("Outbound queue full: dropped a droppable message");
                    all = false;
                    continue;
                }
                if (!evictOneDroppable()) {
                    return Offer.OVERFLOW;
                }
            }
            items.add(message);
        }
        return all ? Offer.ALL : Offer.SOME_DROPPED;
    }

    int capacity() {
        return capacity;
    }

    /** Queues a control packet (ping, pong), outside the bound. */
    void addControl(String packet) {
        items.add(packet);
    }

    /** Puts a control packet before everything queued (the open packet). */
    void addControlFirst(String packet) {
        items.addFirst(packet);
    }

    void markClose() {
        items.add(CLOSE);
    }

    /** The next item (String, OutboundMessage or {@link #CLOSE}), removed; null when empty. */
    Object poll() {
        return items.poll();
    }

    /** The next item, left in place; null when empty. */
    Object peek() {
        return items.peek();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }

    void clear() {
        items.clear();
    }

    private boolean evictOneDroppable() {
        Iterator<Object> it = items.iterator();
        while (it.hasNext()) {
            if (it.next() instanceof OutboundMessage m && m.isDroppable()) {
                it.remove();
                LOG.debug("Outbound queue full: dropped an older droppable message");
                return true;
            }
        }
        return false;
    }
}
