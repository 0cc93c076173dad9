package io.leadjobs.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames written as bytes: the three length encodings of RFC 6455, and one encoding per message. */
class WsFramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void aTextFrameCarriesItsLengthInTheShortestFormAndTheTextAsUtf8(int length) {
        String text = "é".repeat(length / 2) + "a".repeat(length % 2);
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);

        byte[] frame = WsFrames.text(text);

        assertThat(frame[0] & 0xFF).isEqualTo(0x81);
        int header;
        long declared;
        if (payload.length < 126) {
            header = 2;
            declared = frame[1];
        } else if (payload.length <= 0xFFFF) {
            header = 4;
            assertThat(frame[1]).isEqualTo((byte) 126);
            declared = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
        } else {
            header = 10;
            assertThat(frame[1]).isEqualTo((byte) 127);
            declared = 0;
            for (int i = 2; i < 10; i++) {
                declared = (declared << 8) | (frame[i] & 0xFF);
            }
        }
        assertThat(frame[1] & 0x80).as("unmasked").isZero();
        assertThat(declared).isEqualTo(payload.length);
        assertThat(Arrays.copyOfRange(frame, header, frame.length)).isEqualTo(payload);
    }

    @Test
    void aMessageIsFramedOnceHoweverManyConnectionsItIsWrittenTo() {
        OutboundMessage message = OutboundMessage.of("451-[\"file\",{\"_placeholder\":true,\"num\":0}]",
                List.of(new byte[] {1, 2, 3}));

        byte[] frames = message.webSocketFrames();

        assertThat(message.webSocketFrames()).isSameAs(frames);
        assertThat(message.asDroppable().webSocketFrames()).isSameAs(frames);
        byte[] text = WsFrames.text("4451-[\"file\",{\"_placeholder\":true,\"num\":0}]");
        byte[] binary = WsFrames.binary(new byte[] {1, 2, 3});
        assertThat(frames).startsWith(text).endsWith(binary).hasSize(text.length + binary.length);
        assertThat(binary).containsExactly(0x82, 3, 1, 2, 3);
    }
}
