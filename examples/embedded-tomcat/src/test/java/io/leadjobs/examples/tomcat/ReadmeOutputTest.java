package io.leadjobs.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's example output is what the demo prints, line for line and character for character, except
 * for the README's two placeholders: {@code <port>} stands for the port number of the run (the test starts
 * on port 0, the README's run on 8080) and {@code <job id>} for the demo job's UUID; both must be the same
 * value wherever they appear. Everything else in the block, spacing included, must be printed as written.
 */
class ReadmeOutputTest {

    private static final Path README = Path.of("README.md");
    private static final String FIRST_LINE = "Socket.IO on http://localhost:";
    private static final String SECRET = "readme-output-test-secret-of-at-least-32-bytes";
    private static final Pattern PLACEHOLDER = Pattern.compile("<port>|<job id>");

    private EmbeddedTomcatApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive).extracting(Thread::getName).noneMatch(name -> name.startsWith("leadjobs-")));
    }

    @Test
    void theReadmeShowsExactlyWhatTheDemoPrints() throws Exception {
        List<String> customers = Main.customers(Main.DEFAULT_CUSTOMERS);
        app = EmbeddedTomcatApp.start(0, SECRET, CustomerDirectory.of(customers));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Main.runDemo(app, customers, out);
        }
        List<String> printed = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        String expected = String.join("\n", readmeBlock());
        Matcher matcher = template(expected).matcher(String.join("\n", printed));
        assertThat(matcher.matches())
                .as("README.md's example output (<port> and <job id> are placeholders):%n%s%n--- the demo printed:%n%s",
                        expected, String.join("\n", printed))
                .isTrue();
        assertThat(matcher.group("port")).isEqualTo(String.valueOf(app.port()));
    }

    @Test
    void theComparisonFailsWhenAScoreOrAnIdDiffers() {
        Pattern readme = template("Demo job <job id> completed:\n  a@b.com  95 A\nsubscribe-job <job id>. <port>");
        String id = "6bb0b398-96a8-495d-87f7-8279c2325d6a";
        assertThat(readme.matcher("Demo job " + id + " completed:\n  a@b.com  95 A\nsubscribe-job " + id + ". 8080").matches())
                .isTrue();
        assertThat(readme.matcher("Demo job " + id + " completed:\n  a@b.com  90 A\nsubscribe-job " + id + ". 8080").matches())
                .as("another score").isFalse();
        assertThat(readme.matcher("Demo job " + id + " completed:\n  a@b.com  95 A\nsubscribe-job "
                + id.replace('6', '7') + ". 8080").matches()).as("two different job ids").isFalse();
        assertThat(readme.matcher("Demo job " + id + " completed:\n  a@b.com 95 A\nsubscribe-job " + id + ". 8080").matches())
                .as("other spacing").isFalse();
    }

    /** The lines of the README's fenced block whose first line starts with {@link #FIRST_LINE}. */
    static List<String> readmeBlock() throws IOException {
        String[] parts = Files.readString(README, StandardCharsets.UTF_8).split("(?m)^```.*$");
        return Arrays.stream(parts).map(String::strip).filter(part -> part.startsWith(FIRST_LINE)).findFirst()
                .map(part -> part.lines().toList())
                .orElseThrow(() -> new AssertionError("README.md has no fenced block starting with \"" + FIRST_LINE + "\""));
    }

    /**
     * The block as one pattern: literal text, the first {@code <port>} a number and the first {@code <job id>}
     * a UUID, each later occurrence a back-reference to the first.
     */
    static Pattern template(String block) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(block);
        boolean port = false;
        boolean jobId = false;
        int literalFrom = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(block.substring(literalFrom, placeholder.start())));
            if (placeholder.group().equals("<port>")) {
                regex.append(port ? "\\k<port>" : "(?<port>\\d{1,5})");
                port = true;
            } else {
                regex.append(jobId ? "\\k<job>" : "(?<job>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
                jobId = true;
            }
            literalFrom = placeholder.end();
        }
        regex.append(Pattern.quote(block.substring(literalFrom)));
        return Pattern.compile(regex.toString());
    }
}
