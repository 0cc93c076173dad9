package io.leadjobs.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.engineio.OutboundMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketCodecTest {

    private final PacketCodec codec = new PacketCodec(new ObjectMapper(), 10);

    @Test
    void decodesAnEventWithNamespaceAndAckId() {
        Packet packet = codec.decode("2/admin,12[\"hello\",{\"a\":1}]");

        assertThat(packet.type()).isEqualTo(Packet.EVENT);
        assertThat(packet.namespace()).isEqualTo("/admin");
        assertThat(packet.id()).isEqualTo(12);
        assertThat(packet.data().orElseThrow().toString()).isEqualTo("[\"hello\",{\"a\":1}]");
    }

    @Test
    void decodesConnectWithAndWithoutAuthPayload() {
        assertThat(codec.decode("0").data()).isEmpty();
        assertThat(codec.decode("0/custom,{\"token\":\"abc\"}").data().orElseThrow().get("token").asText()).isEqualTo("abc");
        assertThat(codec.decode("0/custom").namespace()).isEqualTo("/custom");
    }

    @Test
    void reconstructsBinaryAttachmentsInPlaceOfPlaceholders() throws Exception {
        Packet packet = codec.decode("52-[\"upload\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]");
        assertThat(packet.attachments()).isEqualTo(2);

        JsonNode data = codec.reconstruct(packet.data().orElseThrow(), List.of(new byte[] {1}, new byte[] {2, 3}));

        assertThat(data.get(1).isBinary()).isTrue();
        assertThat(data.get(1).binaryValue()).containsExactly(2, 3);
        assertThat(data.get(2).binaryValue()).containsExactly(1);
    }

    @Test
    void encodesAnEventForAnotherNamespaceWithAckId() {
        OutboundMessage message = codec.encode(Packet.EVENT, "/custom", 7,
                Optional.of(codec.eventArray("news", new Object[] {Map.of("n", 1), "x"})));

        assertThat(message.toString()).contains("binaries=[]");
        assertThat(PacketCodecAccess.text(message)).isEqualTo("2/custom,7[\"news\",{\"n\":1},\"x\"]");
    }

    @Test
    void encodesByteArraysAsBinaryAttachments() {
        OutboundMessage message = codec.encode(Packet.EVENT, "/", Packet.NO_ID,
                Optional.of(codec.eventArray("file", new Object[] {new byte[] {1, 2, 3}})));

        assertThat(PacketCodecAccess.text(message))
                .isEqualTo("51-[\"file\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(message.toString()).contains("binaries=[3]");
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "7[\"x\"]|unknown packet type '7'",
        "abc|unknown packet type 'a'",
        "2{}|must be a non-empty JSON array",
        "2[]|must be a non-empty JSON array",
        "2[{\"toString\":\"foo\"}]|event name (first array element) must be a string",
        "2[null,\"x\"]|event name (first array element) must be a string",
        "2[42]|event name (first array element) must be a string",
        "2abc[\"message\"]|is not valid JSON",
        "2[\"x\"] trailing|is not valid JSON",
        "2[\"connect\"]|'connect' is a reserved event name",
        "2[\"disconnect\"]|'disconnect' is a reserved event name",
        "2[\"error\",{\"message\":\"x\"}]|'error' is a reserved event name",
        "2[\"newListener\"]|'newListener' is a reserved event name",
        "29007199254740992[\"x\"]|ack id at position 1 is too large",
        "2123456789012345678901[\"x\"]|ack id at position 1 is too large",
        "3[1]|an ACK packet needs an ack id",
        "31{}|an ACK payload must be a JSON array",
        "4{\"message\":\"x\"}|may not send CONNECT_ERROR",
        "0[1]|CONNECT payload must be a JSON object",
        "1{}|DISCONNECT packet carries no payload",
        "5[\"x\"]|must start with its attachment count",
        "5x-[\"x\"]|attachment count at position 1 is not a number",
        "511-[\"x\"]|declares 11 attachments, more than the limit of 10",
    })
    void refusesMalformedPacketsNamingTheProblem(String packet, String problem) {
        assertThatThrownBy(() -> codec.decode(packet))
                .isInstanceOf(SocketIoException.class)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "placeholder {0} is refused")
    @CsvSource(delimiter = '|', value = {
        "{\"_placeholder\":true,\"num\":2}|was 2",
        "{\"_placeholder\":true,\"num\":-1}|was -1",
        "{\"_placeholder\":true,\"num\":\"0\"}|was \"0\"",
        "{\"_placeholder\":true,\"num\":0.5}|was 0.5",
        "{\"_placeholder\":true}|was missing",
    })
    void refusesPlaceholdersOutsideTheAttachments(String placeholder, String problem) {
        Packet packet = codec.decode("52-[\"x\"," + placeholder + "]");

        assertThatThrownBy(() -> codec.reconstruct(packet.data().orElseThrow(), List.of(new byte[1], new byte[1])))
                .isInstanceOf(SocketIoException.class)
                .hasMessageContaining("num must be an integer from 0 to 1")
                .hasMessageContaining(problem);
    }
}
