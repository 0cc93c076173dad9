package io.leadjobs.loadtool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short commands (node --version, npm ci, jcmd) run to their end with a bound on the wait. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command} in {@code directory}; its output (stdout and stderr), or a failure naming {@code what}. */
    static String run(List<String> command, Path directory, int timeoutSeconds, String what) {
        Path output = null;
        try {
            output = Files.createTempFile("leadjobs-load-tool", ".out");
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LoadToolException(what + " took more than " + timeoutSeconds + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new LoadToolException(what + " failed with exit code " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new LoadToolException(what + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadToolException("Interrupted during " + what, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
