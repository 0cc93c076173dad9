package io.leadjobs.loadtool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README shows what the tool prints for {@code --help} (the synthetic mode's options, character for
 * character) and lists the {@code jobs} mode's options in a table (name, value label, default), which must
 * be the options that {@code jobs --help} prints with the same labels and defaults. Both run the tool in a
 * JVM of their own, as {@code java -jar} does; nothing in this output varies from run to run.
 */
class ReadmeHelpTest {

    private static final Path README = Path.of("README.md");
    private static final String HELP_COMMAND = "$ java -jar examples/load-tool/target/leadjobs-load-tool.jar --help";

    /** An option's first line in picocli's help: {@code "      --clients=N            Socket.IO ..."}. */
    private static final Pattern HELP_OPTION = Pattern.compile("^  (?:-h, |    )(--[a-z-]+)(?:=(\\S+))?(?: +(.*))?$");
    private static final Pattern HELP_DEFAULT = Pattern.compile("\\(default:? ([^)]*)\\)");
    /** A row of the README's options table: {@code | `--clients N` | 2000 | ... |}. */
    private static final Pattern README_ROW = Pattern.compile("^\\| `(--[a-z-]+)(?: ([^`]+))?` \\| ([^|]+) \\|");

    @Test
    void theReadmeShowsWhatHelpPrints() throws Exception {
        String block = Arrays.stream(readme().split("(?m)^```.*$")).map(String::strip)
                .filter(part -> part.startsWith(HELP_COMMAND)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no fenced block starting with " + HELP_COMMAND));
        String shown = block.substring(HELP_COMMAND.length()).strip();

        assertThat(run("--help").strip()).as("what --help prints, against README.md's block").isEqualTo(shown);
    }

    @Test
    void theReadmesJobsOptionsAreTheOnesJobsHelpPrintsWithTheSameDefaults() throws Exception {
        Map<String, String> printed = jobsHelpOptions(run("jobs", "--help"));
        Map<String, String> listed = readmeJobsOptions();

        assertThat(printed).as("options that jobs --help prints").containsKey("--clients N").hasSizeGreaterThan(10);
        assertThat(listed).as("README.md's jobs options table against jobs --help (option -> default)")
                .containsExactlyInAnyOrderEntriesOf(printed);
    }

    /** Option and value label (as the README writes them) to default: picocli's "(default X)", else none or off. */
    static Map<String, String> jobsHelpOptions(String help) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> lines = help.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher option = HELP_OPTION.matcher(lines.get(i));
            if (!option.matches() || option.group(1).equals("--help")) {
                continue;
            }
            StringBuilder description = new StringBuilder(option.group(3) == null ? "" : option.group(3));
            for (int next = i + 1; next < lines.size() && lines.get(next).startsWith("                         "); next++) {
                description.append(' ').append(lines.get(next).strip());
            }
            Matcher shownDefault = HELP_DEFAULT.matcher(description);
            String label = option.group(2);
            String defaultValue = shownDefault.find() ? shownDefault.group(1) : label == null ? "off" : "none";
            options.put(option.group(1) + (label == null ? "" : " " + label),
                    defaultValue.startsWith("none") ? "none" : defaultValue);
        }
        return options;
    }

    /** The rows of the README's table under "### Options": option and label to default (backticks and notes dropped). */
    static Map<String, String> readmeJobsOptions() throws IOException {
        String text = readme();
        int table = text.indexOf("### Options");
        assertThat(table).as("README.md has a \"### Options\" section").isNotNegative();
        Map<String, String> options = new LinkedHashMap<>();
        for (String line : text.substring(table).lines().toList()) {
            Matcher row = README_ROW.matcher(line);
            if (row.find()) {
                String defaultValue = row.group(3).strip().replace("`", "");
                options.put(row.group(1) + (row.group(2) == null ? "" : " " + row.group(2)),
                        defaultValue.startsWith("none") ? "none" : defaultValue);
            }
        }
        return options;
    }

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    /** Runs the tool's main class with these arguments in a new JVM; returns its standard output. */
    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoadTool.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the tool exits after %s", List.of(args)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s", List.of(args)).isZero();
        return out;
    }
}
