package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the reference server lets its selector threads read WebSocket frames (what that changes is in
 * {@code web.WebSocketReadThreadsTest}): never when a token check may wait for a JWKS URL.
 */
class WebSocketReadsOnSelectorsTest {

    @Test
    void withASharedSecretTheSelectorsReadWebSocketFrames() {
        ServerSettings settings = ServerSettings.fromStrings(Map.of("LEADJOBS_JWT_SECRET", SettingsParserTest.SECRET));

        assertThat(ReferenceServer.webSocketReadsOnSelectors(settings)).isTrue();
    }

    @Test
    void withAJwksUrlTheWorkersDoSinceATokenCheckMayWaitForItsKeys() {
        ServerSettings settings = ServerSettings.fromStrings(
                Map.of("LEADJOBS_JWKS_URL", "http://127.0.0.1:9/.well-known/jwks.json"));

        assertThat(ReferenceServer.webSocketReadsOnSelectors(settings)).isFalse();
    }

    @Test
    void inDevModeWithItsGeneratedSecretTheSelectorsReadThem() {
        ServerSettings settings = ServerSettings.fromStrings(Map.of());

        assertThat(settings.devMode()).isTrue();
        assertThat(ReferenceServer.webSocketReadsOnSelectors(settings)).isTrue();
    }
}
