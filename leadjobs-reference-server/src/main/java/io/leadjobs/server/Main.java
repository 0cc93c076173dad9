package io.leadjobs.server;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar leadjobs-reference-server.jar [flags]} runs the server until SIGTERM;
 * {@code ... token --subject alice [--ttl 1h]} prints a token. {@code --help} lists every setting.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // before anything logs: Logback reads its configuration once, when the first logger is made
        // (so the flag is read here, before picocli; picocli lists it in --help and ignores it)
        String logFormat = logFormatFlag(args);
        if (logFormat == null) {
            logFormat = System.getenv("LEADJOBS_LOG_FORMAT");
        }
        if ("json".equals(logFormat) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (logFormat != null && !logFormat.isEmpty() && !logFormat.equals("text")) {
            System.err.println("Cannot start: LEADJOBS_LOG_FORMAT (--log-format) must be text or json, was '"
                    + logFormat + "'");
            System.exit(ServerCommand.EXIT_BAD_SETTINGS);
        }
        // Grizzly and Tyrus log through java.util.logging: send it to SLF4J and Logback
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = ServerCommand.commandLine(System.getenv(), Runtime.getRuntime()::addShutdownHook).execute(args);
        if (code != ServerCommand.EXIT_OK) {
            System.exit(code);
        }
    }

    /** The value of {@code --log-format json} or {@code --log-format=json} among the arguments, or null. */
    static String logFormatFlag(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-format")) {
                return i + 1 < args.length ? args[i + 1] : "";
            }
            if (args[i].startsWith("--log-format=")) {
                return args[i].substring("--log-format=".length());
            }
        }
        return null;
    }
}
