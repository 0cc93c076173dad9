package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar runs a job and its enrichment threads then run at a nice value 10 above the server's own (on
 * Linux, where a thread's nice value is its own), its HTTP threads at the server's; with
 * {@code LEADJOBS_ENRICHMENT_NICENESS=0} the enrichment threads keep the server's too.
 */
class EnrichmentNicenessJarIT {

    @TempDir
    Path work;

    @RegisterExtension
    final PackagedJar jar = new PackagedJar(() -> work, Map.of("LEADJOBS_IN_MEMORY", "true",
            "LEADJOBS_DNS_SERVER", "127.0.0.1:9")); // nothing answers there: the network enrichers give up at once

    /** The nice value of each of the server's threads, by name; the server has run one small job. */
    private Map<String, Integer> niceAfterAJob(Map<String, String> env) throws Exception {
        String base = jar.start(jar.command(env));
        String token = jar.token("nina");
        String job = jar.submit(base, token, "nice", "email,company,website\n"
                + "ada@acme-widgets.com,Acme Widgets,acme-widgets.com\nbob@globex.io,Globex,globex.io\n");
        jar.awaitCompleted(base, token, job, Duration.ofSeconds(60));
        Map<String, Integer> nice = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(jar.server().pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).strip();
                nice.put(name + "#" + task.getFileName(), nice(task.resolve("stat")));
            }
        }
        return nice;
    }

    private static int nice(Path stat) throws IOException {
        String text = Files.readString(stat, StandardCharsets.US_ASCII);
        return Integer.parseInt(text.substring(text.lastIndexOf(')') + 2).split(" ")[16]);
    }

    private static List<Integer> of(Map<String, Integer> nice, String prefix) {
        return nice.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    @Test
    void enrichmentThreadsYieldToTheOthersByDefaultAndNotWhenTheSettingIsZero() throws Exception {
        assumeThat(Files.isSymbolicLink(Path.of("/proc/thread-self"))).as("Linux").isTrue();
        int own = nice(Path.of("/proc/self/stat"));
        assumeThat(own).as("room to lower the priority").isLessThanOrEqualTo(9);

        Map<String, Integer> byDefault = niceAfterAJob(Map.of());
        assertThat(of(byDefault, "leadjobs-enrich")).isNotEmpty().containsOnly(own + 10);
        assertThat(of(byDefault, "leadjobs-http")).isNotEmpty().containsOnly(own);
        assertThat(of(byDefault, "leadjobs-worker")).isNotEmpty().containsOnly(own);
        jar.server().destroy();
        jar.server().waitFor();

        Map<String, Integer> off = niceAfterAJob(Map.of("LEADJOBS_ENRICHMENT_NICENESS", "0"));
        assertThat(of(off, "leadjobs-enrich")).isNotEmpty().containsOnly(own);
    }
}
