package io.leadjobs.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The command line: flags, each with an environment variable behind it (the flag wins), converted once into
 * {@link ServerSettings}. Without a subcommand it runs the server until SIGTERM; {@code token} prints a token,
 * {@code sample} a CSV of generated leads, {@code scoring-model} the default scoring model. The flags are
 * {@link ServerOptions}; each subcommand is a class of its own.
 */
@Command(name = "leadjobs-reference-server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerCommand.Version.class,
        sortOptions = false,
        description = {"Runs the leadjobs reference server: Socket.IO, the REST API and the demo page on one port.",
                "",
                "Every flag can also be set by the environment variable named in its description; the flag wins. "
                        + "Without LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL the server runs in dev mode: a random "
                        + "secret, loopback only, and a demo token printed at start.",
                ""},
        subcommands = {TokenCommand.class, SampleCommand.class, ScoringModelCommand.class})
final class ServerCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_SETTINGS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);
    private static final Duration DEMO_TOKEN_TTL = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions options;

    private final Map<String, String> env;
    private final Consumer<Thread> shutdownHooks;
    private volatile ReferenceServer server;

    ServerCommand(Map<String, String> env, Consumer<Thread> shutdownHooks) {
        this.env = Map.copyOf(env);
        this.shutdownHooks = Objects.requireNonNull(shutdownHooks, "shutdownHooks");
    }

    /** The command line with its subcommands and our exit codes. */
    static CommandLine commandLine(Map<String, String> env, Consumer<Thread> shutdownHooks) {
        CommandLine commandLine = new CommandLine(new ServerCommand(env, shutdownHooks));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        });
        return commandLine;
    }

    /** Says on {@code err} why a command stops, and answers {@code exitCode}. */
    static int refuse(PrintWriter err, String sentence, int exitCode) {
        err.println(sentence);
        err.flush();
        return exitCode;
    }

    /** The settings' text: environment first, flags over it. */
    Map<String, String> values() {
        return options.values(env);
    }

    ServerSettings settings() {
        return ServerSettings.fromStrings(values());
    }

    /** The running server, once started; for tests. */
    ReferenceServer server() {
        return server;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSettings settings;
        ReferenceServer started;
        try {
            settings = settings();
            started = ReferenceServer.start(settings);
        } catch (InvalidSettingException e) {
            return refuse(err, "Cannot start: " + e.getMessage(), EXIT_BAD_SETTINGS);
        } catch (UncheckedIOException e) {
            return refuse(err, "Cannot start: " + e.getMessage(), EXIT_FAILED);
        }
        shutdownHooks.accept(new Thread(started::close, "leadjobs-shutdown"));
        server = started;
        if (settings.devMode()) {
            printDevModeBanner(out, settings, started.port());
        }
        out.println("leadjobs reference server listening on http://" + started.host() + ":" + started.port());
        out.flush();
        try {
            while (!started.awaitClosed(1, TimeUnit.HOURS)) {
                LOG.debug("still serving on port {}", started.port());
            }
        } catch (InterruptedException e) {
            started.close();
            throw e;
        }
        return EXIT_OK;
    }

    private static void printDevModeBanner(PrintWriter out, ServerSettings settings, int port) {
        String token = TokenMinter.forSettings(settings).mint("demo", DEMO_TOKEN_TTL);
        String rule = "=".repeat(78);
        LOG.warn("DEV MODE: no LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL set; using a random secret and loopback only");
        out.println(rule);
        out.println(" DEV MODE: no LEADJOBS_JWT_SECRET or LEADJOBS_JWKS_URL is set.");
        out.println(" A random secret was made for this run: tokens die with the process.");
        out.println(" Listening on " + settings.host() + " (loopback) only. Do not expose this server.");
        out.println(" Demo token (sub=demo, valid 1 hour):");
        out.println();
        out.println(token);
        out.println();
        out.println(" Open http://localhost:" + port + "/ and paste the token, or:");
        out.println("   curl -X POST http://localhost:" + port + "/api/jobs -H 'Authorization: Bearer <token>' \\");
        out.println("        -H 'Content-Type: text/csv' --data-binary @leads.csv");
        out.println(rule);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ServerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"leadjobs-reference-server " + (version == null ? "(development build)" : version)};
        }
    }
}
