package io.leadjobs.examples.tomcat;

import io.leadjobs.testing.ReadmeOutput;
import io.leadjobs.testing.Threads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's example output is what the demo prints, line for line and character for character, except
 * for the README's two placeholders: {@code <port>} stands for the port number of the run (the test starts
 * on port 0, the README's run on 8080) and {@code <job id>} for the demo job's UUID; both must be the same
 * value wherever they appear (see {@link ReadmeOutput}).
 */
class ReadmeOutputTest {

    private static final String SECRET = "readme-output-test-secret-of-at-least-32-bytes";

    private EmbeddedTomcatApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        Threads.assertNoLeadjobsThreadsRemain();
    }

    @Test
    void theReadmeShowsExactlyWhatTheDemoPrints() throws Exception {
        List<String> customers = Main.customers(Main.DEFAULT_CUSTOMERS);
        app = EmbeddedTomcatApp.start(0, SECRET, CustomerDirectory.of(customers));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Main.runDemo(app, customers, out);
        }

        ReadmeOutput.assertPrintedAsShown(Path.of("README.md"), "Socket.IO on http://localhost:",
                bytes.toString(StandardCharsets.UTF_8), app.port());
    }
}
