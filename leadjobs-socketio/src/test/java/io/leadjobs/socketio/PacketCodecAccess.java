package io.leadjobs.socketio;

import io.leadjobs.engineio.OutboundMessage;
import io.leadjobs.engineio.OutboundMessageAccess;

final class PacketCodecAccess {

    private PacketCodecAccess() {
    }

    static String text(OutboundMessage message) {
        return OutboundMessageAccess.text(message);
    }
}
