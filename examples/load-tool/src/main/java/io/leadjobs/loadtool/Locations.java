package io.leadjobs.loadtool;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the tool's files are: the Node scripts in {@code examples/load-tool} (found beside the jar, which lies
 * in its {@code target}, or under the working directory) and the reference server jar; and the Node setup
 * ({@code npm ci} when {@code node_modules} is missing).
 */
final class Locations {
    private static final String SERVER_JAR = "leadjobs-reference-server/target/leadjobs-reference-server.jar";

    private Locations() {
    }

    /** {@code examples/load-tool}, found from the jar's place or the working directory. */
    static Path nodeDirectory() {
        Optional<Path> jarFolder = jarFolder();
        List<Path> candidates = jarFolder.isPresent()
                ? List.of(jarFolder.get().getParent(), Path.of("examples/load-tool"), Path.of("."))
                : List.of(Path.of("examples/load-tool"), Path.of("."));
        for (Path candidate : candidates) {
            if (candidate != null && Files.isRegularFile(candidate.resolve("clients.mjs"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new LoadToolException("Cannot find examples/load-tool/clients.mjs beside the jar or under "
                + Path.of("").toAbsolutePath() + "; run the tool from the repository's root");
    }

    /** The server jar under the working directory, else relative to the load tool's jar in the same checkout. */
    static Path defaultServerJar() {
        Path here = Path.of(SERVER_JAR);
        if (Files.isRegularFile(here)) {
            return here;
        }
        return jarFolder().map(target -> target.resolve("../../..").resolve(SERVER_JAR).normalize())
                .filter(Files::isRegularFile).orElse(here);
    }

    private static Optional<Path> jarFolder() {
        try {
            Path code = Path.of(LoadTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? Optional.ofNullable(code.getParent()) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Checks that Node 20+ runs and installs the scripts' packages from package-lock.json if they are missing. */
    static void prepareNode(Path directory) {
        String version = Commands.run(List.of("node", "--version"), directory, 30, "node --version").trim();
        int major;
        try {
            major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new LoadToolException("node --version answered '" + version + "'; the tool needs Node 20 or newer");
        }
        if (major < 20) {
            throw new LoadToolException("Node " + version + " is too old; the tool needs Node 20 or newer");
        }
        if (!Files.isDirectory(directory.resolve("node_modules/socket.io-client"))
                || !Files.isDirectory(directory.resolve("node_modules/socket.io"))) {
            System.out.println("Installing the Node clients' packages: npm ci in " + directory);
            Commands.run(List.of("npm", "ci", "--no-audit", "--no-fund"), directory, 600, "npm ci");
        }
    }
}
