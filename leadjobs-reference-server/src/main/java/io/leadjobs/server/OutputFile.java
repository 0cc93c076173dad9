package io.leadjobs.server;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code --output} flag of the commands that print a file: standard output ({@code -}, the default) or the
 * file it names. A picocli mixin of {@link SampleCommand} and {@link ScoringModelCommand}.
 */
final class OutputFile {

    /** Writes something to standard output. */
    interface StandardOutput {
        void write() throws IOException;
    }

    @Option(names = "--output", paramLabel = "<file>", defaultValue = "-",
            description = "Where to write it; - for standard output (default).")
    String output;

    /**
     * Writes {@code what} to standard output or to the file {@code --output} names; a file that cannot be written
     * is refused with a sentence on {@code err} and {@link ServerCommand#EXIT_FAILED}.
     */
    int write(String what, PrintWriter err, StandardOutput toStandardOutput, byte[] toFile) {
        try {
            if (output.equals("-")) {
                toStandardOutput.write();
            } else {
                Files.write(Path.of(output), toFile);
            }
            return ServerCommand.EXIT_OK;
        } catch (IOException | InvalidPathException e) {
            return ServerCommand.refuse(err, "Cannot write " + what + " to " + output + ": " + e.getMessage(),
                    ServerCommand.EXIT_FAILED);
        }
    }
}
