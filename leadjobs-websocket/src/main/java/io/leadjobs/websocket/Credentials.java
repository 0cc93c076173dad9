package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.socketio.SocketIoSocket;
import io.leadjobs.websocket.auth.AuthFailure;
import io.leadjobs.websocket.auth.AuthenticationException;
import java.util.Optional;

/** Where a connecting client's token is read from. */
final class Credentials {
    private Credentials() {
    }

    /**
     * The token from the CONNECT auth payload, else an Authorization: Bearer header, else the {@code token} query
     * parameter if {@code queryTokenAllowed}.
     *
     * @throws AuthenticationException naming what is wrong when there is no usable token
     */
    static String of(SocketIoSocket socket, boolean queryTokenAllowed) {
        JsonNode token = socket.handshake().auth().get("token");
        if (token != null && !token.isNull()) {
            if (!token.isTextual()) {
                throw new AuthenticationException(AuthFailure.MALFORMED_TOKEN);
            }
            return token.textValue();
        }
        Optional<String> header = socket.handshake().header("authorization");
        if (header.isPresent()) {
            String value = header.get().trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return value.substring(7).trim();
            }
        }
        Optional<String> query = socket.handshake().queryParameter("token");
        if (query.isPresent()) {
            if (!queryTokenAllowed) {
                throw new AuthenticationException(AuthFailure.TOKEN_IN_URL);
            }
            return query.get();
        }
        throw new AuthenticationException(AuthFailure.MISSING_TOKEN);
    }
}
