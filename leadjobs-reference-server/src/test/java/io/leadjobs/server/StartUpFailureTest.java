package io.leadjobs.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartUpFailureTest {

    @Test
    void aDatabaseThatCannotBeReachedStopsStartUpWithAMessageNamingTheSetting() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        List<Thread> hooks = new ArrayList<>();
        CommandLine commandLine = ServerCommand.commandLine(Map.of("LEADJOBS_JWT_SECRET", SettingsParserTest.SECRET,
                "LEADJOBS_DB_PASSWORD", "s3cret-password"), hooks::add);
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("--port", "0", "--db-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/leadjobs",
                "--db-user", "postgres");

        assertThat(code).isEqualTo(ServerCommand.EXIT_BAD_SETTINGS);
        assertThat(err.toString()).startsWith("Cannot start: ").contains("LEADJOBS_DB_URL (--db-url)")
                .doesNotContain("s3cret-password");
        assertThat(hooks).isEmpty();
    }
}
