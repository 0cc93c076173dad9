package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.engineio.EngineIoHandshake;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connection middleware knows about a client: the HTTP request that opened the connection and the
 * auth payload of its CONNECT packet (the client's {@code auth} option; an empty object when absent).
 */
public record SocketIoHandshake(EngineIoHandshake http, ObjectNode auth) {

    public SocketIoHandshake {
        Objects.requireNonNull(http, "http");
        auth = Objects.requireNonNull(auth, "auth").deepCopy();
    }

    /** A defensive copy of the auth payload. */
    @Override
    public ObjectNode auth() {
        return auth.deepCopy();
    }

    /** A text field of the auth payload, e.g. {@code authString("token")}. */
    public Optional<String> authString(String field) {
        return Optional.ofNullable(auth.get(field)).filter(n -> n.isTextual()).map(n -> n.textValue());
    }

    public Map<String, List<String>> headers() {
        return http.headers();
    }

    public Optional<String> header(String name) {
        return http.header(name);
    }

    public Map<String, String> query() {
        return http.query();
    }

    public Optional<String> queryParameter(String name) {
        return http.queryParameter(name);
    }

    public String remoteAddress() {
        return http.remoteAddress();
    }
}
