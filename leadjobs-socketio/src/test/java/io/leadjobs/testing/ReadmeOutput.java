package io.leadjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what an example prints with the example output its README shows in a fenced block, line for line and
 * character for character, except for two placeholders: {@code <port>} stands for the port number of the run (a
 * test starts on port 0, the README's run on a fixed port) and {@code <job id>} for a job's UUID; each must be the
 * same value wherever it appears. Everything else in the block, spacing included, must be printed as written.
 */
public final class ReadmeOutput {

    private static final Pattern PLACEHOLDER = Pattern.compile("<port>|<job id>");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private ReadmeOutput() {
    }

    /**
     * Asserts that {@code printed} is the README's fenced block that starts with {@code firstLine}, its
     * placeholders filled in, and that the {@code <port>} it shows is {@code port}.
     */
    public static void assertPrintedAsShown(Path readme, String firstLine, String printed, int port) throws IOException {
        String shown = block(readme, firstLine);
        String actual = String.join("\n", printed.lines().toList());
        Matcher matcher = template(shown).matcher(actual);
        assertThat(matcher.matches())
                .as("%s's example output (<port> and <job id> are placeholders):%n%s%n--- the program printed:%n%s",
                        readme, shown, actual)
                .isTrue();
        assertThat(shown).as("%s's example output names the port as <port>", readme).contains("<port>");
        assertThat(matcher.group("port")).as("the port shown in what the program printed").isEqualTo(String.valueOf(port));
    }

    /** The README's fenced block whose first line starts with {@code firstLine}, its lines joined with {@code \n}. */
    public static String block(Path readme, String firstLine) throws IOException {
        String[] parts = Files.readString(readme, StandardCharsets.UTF_8).split("(?m)^```.*$");
        return Arrays.stream(parts).map(String::strip).filter(part -> part.startsWith(firstLine)).findFirst()
                .map(part -> String.join("\n", part.lines().toList()))
                .orElseThrow(() -> new AssertionError(readme + " has no fenced block starting with \"" + firstLine + "\""));
    }

    /**
     * The block as one pattern: literal text, the first {@code <port>} a number and the first {@code <job id>} a
     * UUID, each later occurrence a back-reference to the first (groups {@code port} and {@code job}).
     */
    public static Pattern template(String block) {
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
                regex.append(jobId ? "\\k<job>" : "(?<job>" + UUID + ")");
                jobId = true;
            }
            literalFrom = placeholder.end();
        }
        regex.append(Pattern.quote(block.substring(literalFrom)));
        return Pattern.compile(regex.toString());
    }
}
