package io.leadjobs.engineio;

import java.util.Optional;

/** The Engine.IO packet types: the one character that starts every packet. */
enum PacketType {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    /** The data of the upgrade probe's ping and pong ({@code 2probe}, {@code 3probe}). */
    static final String PROBE = "probe";

    private static final PacketType[] BY_CODE = values();

    private final char code;
    private final String alone;

    PacketType(char code) {
        this.code = code;
        this.alone = String.valueOf(code);
    }

    char code() {
        return code;
    }

    /** The packet of this type without data. */
    String packet() {
        return alone;
    }

    /** The packet of this type carrying {@code data}. */
    String with(String data) {
        return alone.concat(data);
    }

    /** The type a packet starting with {@code code} has; empty for a character that names no type. */
    static Optional<PacketType> of(char code) {
        int index = code - '0';
        return index >= 0 && index < BY_CODE.length ? Optional.of(BY_CODE[index]) : Optional.empty();
    }
}
