package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown (the READMEs and docs/) points at a file or folder inside
 * the repository that exists: a clone has no neighbours, so a link out of it is a broken link.
 */
class RepositoryLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at whitespace or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Set<String> SKIPPED_FOLDERS = Set.of("node_modules", "target", "dist", ".git");

    private static Path repositoryRoot() {
        // the tests run in leadjobs-reference-server/
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).as("the repository root above leadjobs-reference-server").exists();
        return root;
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_FOLDERS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    /** The problems of the relative links in one file, each naming the file, line and link. */
    static List<String> brokenLinks(Path root, Path file) {
        List<String> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(lines.get(i));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // https:, mailto: and anchors within the page
                }
                String path = target.replaceFirst("[#?].*$", "");
                String where = root.relativize(file) + ":" + (i + 1) + " links to " + target;
                Path resolved = file.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                if (path.startsWith("/") || !resolved.startsWith(root)) {
                    problems.add(where + ", outside the repository");
                } else if (!Files.exists(resolved)) {
                    problems.add(where + ", which does not exist");
                }
            }
        }
        return problems;
    }

    @Test
    void everyRelativeLinkInTheMarkdownStaysInTheRepositoryAndExists() throws IOException {
        Path root = repositoryRoot();
        List<Path> files = markdownFiles(root);
        assertThat(files).contains(root.resolve("README.md"), root.resolve("docs/README.md"),
                root.resolve("leadjobs-core/README.md"), root.resolve("leadjobs-reference-server/README.md"));

        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(brokenLinks(root, file));
        }
        assertThat(problems).as("broken links in the repository's Markdown").isEmpty();
    }

    @Test
    void aLinkOutOfTheRepositoryOrToAMissingFileIsReported() throws IOException {
        Path root = Files.createTempDirectory("links");
        try {
            Files.createDirectories(root.resolve("docs"));
            Files.writeString(root.resolve("docs/api.md"), "# API\n");
            Path readme = Files.writeString(root.resolve("README.md"), String.join("\n",
                    "See [the API](docs/api.md#events), [the site](https://example.com) and [below](#usage).",
                    "The old [spec](../shared/spec/websocket-api.md) and a [typo](docs/apl.md)."));

            assertThat(brokenLinks(root, readme)).containsExactly(
                    "README.md:2 links to ../shared/spec/websocket-api.md, outside the repository",
                    "README.md:2 links to docs/apl.md, which does not exist");
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }
}
