package io.leadjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples' README comparison itself: it accepts the shown output with its placeholders filled, nothing else. */
class ReadmeOutputTest {

    private static final String ID = "6bb0b398-96a8-495d-87f7-8279c2325d6a";

    @TempDir
    Path folder;

    @Test
    void theComparisonFailsWhenAScoreOrAnIdDiffers() {
        Pattern readme = ReadmeOutput.template("Demo job <job id> completed:\n  a@b.com  95 A\nsubscribe-job <job id>. <port>");
        assertThat(readme.matcher("Demo job " + ID + " completed:\n  a@b.com  95 A\nsubscribe-job " + ID + ". 8080").matches())
                .isTrue();
        assertThat(readme.matcher("Demo job " + ID + " completed:\n  a@b.com  90 A\nsubscribe-job " + ID + ". 8080").matches())
                .as("another score").isFalse();
        assertThat(readme.matcher("Demo job " + ID + " completed:\n  a@b.com  95 A\nsubscribe-job "
                + ID.replace('6', '7') + ". 8080").matches()).as("two different job ids").isFalse();
        assertThat(readme.matcher("Demo job " + ID + " completed:\n  a@b.com 95 A\nsubscribe-job " + ID + ". 8080").matches())
                .as("other spacing").isFalse();
    }

    @Test
    void findsTheBlockByItsFirstLineAndChecksThePort() throws Exception {
        Path readme = write("""
                # demo

                ```
                mvn package
                ```

                ```
                Listening on <port>
                Job <job id> done
                ```
                """);
        assertThat(ReadmeOutput.block(readme, "Listening on ")).isEqualTo("Listening on <port>\nJob <job id> done");

        ReadmeOutput.assertPrintedAsShown(readme, "Listening on ", "Listening on 41234\r\nJob " + ID + " done\n", 41234);
        assertThatThrownBy(() -> ReadmeOutput.assertPrintedAsShown(readme, "Listening on ",
                "Listening on 41234\nJob " + ID + " done\n", 8080))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the port shown");
        assertThatThrownBy(() -> ReadmeOutput.assertPrintedAsShown(readme, "Listening on ",
                "Listening on 41234\nJob " + ID + " done\nan extra line\n", 41234))
                .isInstanceOf(AssertionError.class).hasMessageContaining("an extra line");
    }

    @Test
    void aReadmeWithoutTheBlockIsNamedInTheFailure() throws Exception {
        Path readme = write("# demo\n\n```\nsomething else\n```\n");
        assertThatThrownBy(() -> ReadmeOutput.block(readme, "Listening on "))
                .isInstanceOf(AssertionError.class)
                .hasMessage(readme + " has no fenced block starting with \"Listening on \"");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(folder.resolve("README.md"), text, StandardCharsets.UTF_8);
    }
}
