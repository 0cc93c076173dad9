package io.leadjobs.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code token --subject alice [--ttl 1h]}: prints a token signed with the configured secret, read from the server's
 * own flags and environment variables (so {@code --jwt-secret} goes before {@code token}).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a token signed with the configured LEADJOBS_JWT_SECRET (HS256).")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    ServerCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--subject", required = true, paramLabel = "<sub>", description = "The user the token is for.")
    String subject;

    @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "1h",
            description = "How long the token is valid: 1h, 30m, 45s, 7d or PT1H (default ${DEFAULT-VALUE}).")
    String ttl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> values = parent.values();
        String secret = values.get(Setting.JWT_SECRET.env);
        if (secret == null || secret.isBlank()) {
            return ServerCommand.refuse(err, "Cannot sign: " + Setting.JWT_SECRET.label() + " is not set. Without"
                    + " it the server makes a new random secret at every start, so a token signed now would never"
                    + " verify.", ServerCommand.EXIT_BAD_SETTINGS);
        }
        try {
            ServerSettings settings = ServerSettings.fromStrings(values);
            Duration lifetime = TokenMinter.parseTtl(ttl);
            out.println(TokenMinter.forSettings(settings).mint(subject, lifetime));
            out.flush();
            return ServerCommand.EXIT_OK;
        } catch (InvalidSettingException | IllegalArgumentException e) {
            return ServerCommand.refuse(err, "Cannot sign: " + e.getMessage(), ServerCommand.EXIT_BAD_SETTINGS);
        }
    }
}
