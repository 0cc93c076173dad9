package io.leadjobs.socketio;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.engineio.OutboundMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Encodes and decodes Socket.IO v5 packets; every decoding error names what was wrong and where. */
final class PacketCodec {

    /** The largest ack id accepted: JavaScript's Number.MAX_SAFE_INTEGER. */
    static final long MAX_ACK_ID = 9_007_199_254_740_991L;
    /** Event names a client may not send. */
    static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener", "error");

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final int maxAttachments;

    PacketCodec(ObjectMapper mapper, int maxAttachments) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxAttachments = maxAttachments;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    // ------------------------------------------------------------------ decoding

    Packet decode(String text) {
        if (text.isEmpty()) {
            throw SocketIoException.malformedPacket("empty packet");
        }
        char typeChar = text.charAt(0);
        int type = typeChar - '0';
        if (type < Packet.CONNECT || type > Packet.BINARY_ACK) {
            throw SocketIoException.malformedPacket("unknown packet type '" + printable(typeChar) + "' at position 0");
        }
        int i = 1;
        int attachments = 0;
        if (type == Packet.BINARY_EVENT || type == Packet.BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 4) {
                throw SocketIoException.malformedPacket("a binary packet must start with its attachment count and '-'");
            }
            for (int k = i; k < dash; k++) {
                if (!Character.isDigit(text.charAt(k)) || text.charAt(k) > '9') {
                    throw SocketIoException.malformedPacket("the attachment count at position " + k + " is not a number");
                }
            }
            attachments = Integer.parseInt(text.substring(i, dash));
            if (attachments > maxAttachments) {
                throw SocketIoException.malformedPacket(
                        "the packet declares " + attachments + " attachments, more than the limit of " + maxAttachments);
            }
            i = dash + 1;
        }
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            if (namespace.length() > 256) {
                throw SocketIoException.malformedPacket("the namespace name is longer than 256 characters");
            }
            i = comma < 0 ? text.length() : comma + 1;
        }
        long id = Packet.NO_ID;
        int idStart = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > 16) {
                throw SocketIoException.malformedPacket("the ack id at position " + idStart + " is too large");
            }
            id = Long.parseLong(text.substring(idStart, i));
            if (id > MAX_ACK_ID) {
                throw SocketIoException.malformedPacket("the ack id at position " + idStart + " is too large");
            }
        }
        Optional<JsonNode> data = Optional.empty();
        if (i < text.length()) {
            try {
                data = Optional.of(reader.readTree(text.substring(i)));
            } catch (JsonProcessingException e) {
                throw SocketIoException.malformedPacket("the payload at position " + i + " is not valid JSON");
            }
        }
        Packet packet = new Packet(type, namespace, id, data, attachments);
        validate(packet);
        return packet;
    }

    private static void validate(Packet packet) {
        switch (packet.type()) {
            case Packet.CONNECT -> {
                if (packet.data().isPresent() && !packet.data().get().isObject()) {
                    throw SocketIoException.malformedPacket("the CONNECT payload must be a JSON object");
                }
            }
            case Packet.DISCONNECT -> {
                if (packet.data().isPresent()) {
                    throw SocketIoException.malformedPacket("a DISCONNECT packet carries no payload");
                }
            }
            case Packet.EVENT, Packet.BINARY_EVENT -> {
                JsonNode data = packet.data().orElse(null);
                if (data == null || !data.isArray() || data.isEmpty()) {
                    throw SocketIoException.malformedPacket("an EVENT payload must be a non-empty JSON array");
                }
                if (!data.get(0).isTextual()) {
                    throw SocketIoException.malformedPacket("the event name (first array element) must be a string");
                }
                if (RESERVED_EVENTS.contains(data.get(0).textValue())) {
                    throw SocketIoException.malformedPacket("'" + data.get(0).textValue() + "' is a reserved event name");
                }
            }
            case Packet.ACK, Packet.BINARY_ACK -> {
                if (!packet.hasId()) {
                    throw SocketIoException.malformedPacket("an ACK packet needs an ack id");
                }
                if (packet.data().isEmpty() || !packet.data().get().isArray()) {
                    throw SocketIoException.malformedPacket("an ACK payload must be a JSON array");
                }
            }
            default -> throw SocketIoException.malformedPacket("a client may not send CONNECT_ERROR packets");
        }
    }

    /** Replaces each {@code {"_placeholder":true,"num":n}} with attachment n. */
    JsonNode reconstruct(JsonNode data, List<byte[]> attachments) {
        if (data.isObject()) {
            JsonNode marker = data.get("_placeholder");
            if (marker != null && marker.isBoolean() && marker.booleanValue()) {
                JsonNode num = data.get("num");
                if (num == null || !num.isIntegralNumber() || !num.canConvertToInt()
                        || num.intValue() < 0 || num.intValue() >= attachments.size()) {
                    throw SocketIoException.malformedPacket("an attachment placeholder's num must be an integer from 0 to "
                            + (attachments.size() - 1) + ", was " + (num == null ? "missing" : num.toString()));
                }
                return BinaryNode.valueOf(attachments.get(num.intValue()));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), reconstruct(field.getValue(), attachments));
            }
            return copy;
        }
        if (data.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(data.size());
            for (JsonNode element : data) {
                copy.add(reconstruct(element, attachments));
            }
            return copy;
        }
        return data;
    }

    // ------------------------------------------------------------------ encoding

    /** {@code [event, ...args]}, serialized later by {@link #encode}. */
    List<Object> eventArray(String event, Object[] args) {
        List<Object> array = new ArrayList<>(args.length + 1);
        array.add(event);
        for (Object arg : args) {
            array.add(arg);
        }
        return array;
    }

    List<Object> argsArray(Object[] args) {
        return new ArrayList<>(Arrays.asList(args));
    }

    /** One value as a JSON tree (byte[] becomes a binary node). */
    JsonNode toTree(Object value) {
        try {
            return mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw SocketIoException.notSerializable(e);
        }
    }

    /**
     * Encodes a packet into one outbound message in a single serialization pass: whatever Jackson writes as
     * binary (byte[], binary nodes, at any depth) becomes a placeholder and an attachment.
     */
    OutboundMessage encode(int type, String namespace, long id, Optional<?> data) {
        List<byte[]> attachments = new ArrayList<>(0);
        String json = null;
        if (data.isPresent()) {
            StringWriter out = new StringWriter(64);
            try (JsonGenerator generator = new AttachmentExtractor(mapper.getFactory().createGenerator(out), attachments)) {
                mapper.writeValue(generator, data.get());
            } catch (IOException | IllegalArgumentException e) {
                throw SocketIoException.notSerializable(e);
            }
            json = out.toString();
        }
        int wireType = type;
        if (!attachments.isEmpty()) {
            wireType = type == Packet.EVENT ? Packet.BINARY_EVENT : type == Packet.ACK ? Packet.BINARY_ACK : type;
        }
        StringBuilder text = new StringBuilder(16 + (json == null ? 0 : json.length()));
        text.append((char) ('0' + wireType));
        if (!attachments.isEmpty()) {
            text.append(attachments.size()).append('-');
        }
        if (!"/".equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (id != Packet.NO_ID) {
            text.append(id);
        }
        if (json != null) {
            text.append(json);
        }
        return attachments.isEmpty() ? OutboundMessage.text(text.toString()) : OutboundMessage.of(text.toString(), attachments);
    }

    /** Writes {@code {"_placeholder":true,"num":n}} where Jackson would write base64, and keeps the bytes. */
    private static final class AttachmentExtractor extends JsonGeneratorDelegate {
        private final List<byte[]> attachments;

        AttachmentExtractor(JsonGenerator delegate, List<byte[]> attachments) {
            super(delegate, false);
            this.attachments = attachments;
        }

        private void placeholder(byte[] data) throws IOException {
            delegate.writeStartObject();
            delegate.writeBooleanField("_placeholder", true);
            delegate.writeNumberField("num", attachments.size());
            delegate.writeEndObject();
            attachments.add(data);
        }

        @Override
        public void writeBinary(Base64Variant variant, byte[] data, int offset, int length) throws IOException {
            placeholder(Arrays.copyOfRange(data, offset, offset + length));
        }

        @Override
        public void writeBinary(byte[] data, int offset, int length) throws IOException {
            placeholder(Arrays.copyOfRange(data, offset, offset + length));
        }

        @Override
        public void writeBinary(byte[] data) throws IOException {
            placeholder(data.clone());
        }

        @Override
        public int writeBinary(Base64Variant variant, InputStream data, int length) throws IOException {
            byte[] bytes = length < 0 ? data.readAllBytes() : data.readNBytes(length);
            placeholder(bytes);
            return bytes.length;
        }

        @Override
        public int writeBinary(InputStream data, int length) throws IOException {
            return writeBinary(Base64Variants.getDefaultVariant(), data, length);
        }
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
