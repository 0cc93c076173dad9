package io.leadjobs.server.web;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.UpgradeResponse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the request headers of every handshake, passes the Origin to the session, refuses origins from
 * {@code evil.example}, and refuses the handshake when asked to by an {@code X-Refuse} header:
 * {@code forbidden} the portable way (an empty Sec-WebSocket-Accept), {@code rate} with Tyrus's 429.
 */
final class RecordingConfigurator extends ServerEndpointConfig.Configurator {

    final List<Map<String, List<String>>> handshakes = new CopyOnWriteArrayList<>();

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return originHeaderValue == null || !originHeaderValue.contains("evil.example");
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        handshakes.add(headers);
        List<String> origin = request.getHeaders().get("Origin");
        sec.getUserProperties().put("origin", origin == null ? "none" : origin.get(0));
        List<String> refuse = request.getHeaders().get("X-Refuse");
        if (refuse != null && refuse.contains("forbidden")) {
            response.getHeaders().put(HandshakeResponse.SEC_WEBSOCKET_ACCEPT, List.of());
        } else if (refuse != null && refuse.contains("rate")) {
            ((UpgradeResponse) response).setStatus(429);
            response.getHeaders().put("Retry-After", List.of("60"));
        }
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            InstantiationException failure = new InstantiationException(e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
