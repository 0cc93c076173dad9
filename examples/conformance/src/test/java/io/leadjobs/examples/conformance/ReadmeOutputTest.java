package io.leadjobs.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README shows, after each {@code $ examples/conformance/run.sh <mode>} line, the line that the app
 * prints once it listens; {@code <port>} there stands for the port of the run (3000 by default, 0 and so
 * any free port here), everything else must be printed as written. The printed address must also answer
 * an Engine.IO handshake, so the line cannot name a path the app does not serve.
 */
class ReadmeOutputTest {

    private static final String COMMAND = "$ examples/conformance/run.sh ";

    @ParameterizedTest
    @ValueSource(strings = {"socketio", "engineio"})
    void theReadmeShowsTheLineTheAppPrintsAndThatAddressAnswers(String mode) throws Exception {
        String shown = readmeOutputOf(mode);
        try (ConformanceServer.Running running = ConformanceServer.start(mode, 0)) {
            String printed = running.banner();
            String[] literal = shown.split(Pattern.quote("<port>"), -1);
            assertThat(literal).as("README line for %s has one <port>: %s", mode, shown).hasSize(2);
            assertThat(printed).as("README shows \"%s\"", shown)
                    .isEqualTo(literal[0] + running.port() + literal[1]);

            String url = printed.substring(printed.indexOf("http://")) + "?EIO=4&transport=polling";
            HttpResponse<String> handshake = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(handshake.statusCode()).as("GET %s", url).isEqualTo(200);
            assertThat(handshake.body()).as("GET %s", url).startsWith("0{\"sid\":");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive).extracting(Thread::getName).noneMatch(name -> name.startsWith("leadjobs-")));
    }

    /** The line after the README's {@code $ examples/conformance/run.sh <mode>} line in a fenced block. */
    private static String readmeOutputOf(String mode) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals(COMMAND + mode)) {
                outputs.add(lines.get(i + 1));
            }
        }
        assertThat(outputs).as("README.md lines after \"%s%s\"", COMMAND, mode).hasSize(1);
        return outputs.get(0);
    }
}
