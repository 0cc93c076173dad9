package io.leadjobs.engineio;

/** Test access to the frames of an outbound message. */
public final class OutboundMessageAccess {

    private OutboundMessageAccess() {
    }

    /** The text frame without its Engine.IO message prefix. */
    public static String text(OutboundMessage message) {
        return message.textFrame().substring(1);
    }
}
