package io.leadjobs.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.testing.ReadmeOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's example output is what the demo prints, line for line and character for character, except
 * for the README's two placeholders: {@code <port>} stands for the port number of the run (the test starts
 * on port 0, the README's run on 8080) and {@code <job id>} for the demo job's UUID; both must be the same
 * value wherever they appear (see {@link ReadmeOutput}).
 */
class ReadmeOutputTest {

    private EmbeddedJettyApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        // the library's threads and Jetty's (its pool is named leadjobs-jetty) are all gone
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(JettyTestClients.leadjobsThreads()).isEmpty());
    }

    @Test
    void theReadmeShowsExactlyWhatTheDemoPrints() throws Exception {
        app = EmbeddedJettyApp.start(0, JettyTestClients.SECRET, Enrichers.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Main.runDemo(app, out);
        }

        ReadmeOutput.assertPrintedAsShown(Path.of("README.md"), "Socket.IO on http://localhost:",
                bytes.toString(StandardCharsets.UTF_8), app.port());
    }
}
