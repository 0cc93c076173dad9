package io.leadjobs.loadtool;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadjobs-load-tool.jar jobs [options]}: the command line of {@link JobsRun}. */
@Command(name = "java -jar leadjobs-load-tool.jar jobs", sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs real lead-scoring jobs on the packaged reference server (started as a child process, or one "
                + "already running) while stock npm socket.io-client connections in Node processes watch them, and "
                + "reports delivery, latency, completion, seq gaps, CPU and memory.",
            "",
            "Needs Node 20+ and npm (the first run installs examples/load-tool/node_modules with npm ci) and the "
                + "server jar: mvn -B -q -DskipTests package -pl leadjobs-reference-server,examples/load-tool -am",
            "Every connection is a file descriptor in the server and in a client process: for --clients 10000 "
                + "run `ulimit -n 65536` (or at least 2.5 x clients) in the shell first.",
            ""},
        footer = {"",
            "Exit codes: 0 the run was measured (whatever the figures say), 1 it could not be carried out "
                + "(the server did not start, a job failed or did not end, a Node process died), 2 bad options."})
final class JobsCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--clients", paramLabel = "N", description = "Socket.IO connections, all subscribed (default ${DEFAULT-VALUE}).")
    int clients = 2000;

    @Option(names = "--jobs", paramLabel = "N", description = "Jobs submitted at once; client i watches job i mod N (default ${DEFAULT-VALUE}).")
    int jobs = 4;

    @Option(names = "--leads", paramLabel = "N", description = "Leads per job, in a generated CSV (default ${DEFAULT-VALUE}).")
    int leads = 20_000;

    @Option(names = "--client-processes", paramLabel = "N", description = "Node processes sharing the clients (default ${DEFAULT-VALUE}).")
    int clientProcesses = 2;

    @Option(names = "--transport", paramLabel = "T",
            description = "websocket, polling, or default (the client's own: polling, then upgrade) (default ${DEFAULT-VALUE}).")
    String transport = "websocket";

    @Option(names = "--connect-rate", paramLabel = "N", description = "Connections opened per second, all processes together (default ${DEFAULT-VALUE}).")
    int connectRate = 500;

    @Option(names = "--complete-wait", paramLabel = "S",
            description = "Seconds to wait after the last job's end for every client's 'complete' (default ${DEFAULT-VALUE}).")
    int completeWait = 40;

    @Option(names = "--job-timeout", paramLabel = "S", description = "Seconds from submission for every job to end (default ${DEFAULT-VALUE}).")
    int jobTimeout = 900;

    @Option(names = "--server-jar", paramLabel = "PATH",
            description = "The reference server jar (default leadjobs-reference-server/target/leadjobs-reference-server.jar).")
    Path serverJar;

    @Option(names = "--server-heap", paramLabel = "SIZE",
            description = "-Xmx of the server JVM, e.g. 512m, or 'default' for the JVM's own (default ${DEFAULT-VALUE}, as the README runs it).")
    String serverHeap = "256m";

    @Option(names = "--server-java-opts", paramLabel = "\"OPTS\"",
            description = "More JVM options for the server, split at spaces, e.g. \"-XX:StartFlightRecording=filename=run.jfr\".")
    String serverJavaOpts = "";

    @Option(names = "--server-env", paramLabel = "KEY=VALUE",
            description = "An environment setting for the server (repeatable), e.g. LEADJOBS_IN_MEMORY=true; it wins over the tool's own.")
    List<String> serverEnv = new ArrayList<>();

    @Option(names = "--server-url", paramLabel = "URL", description = "Measure a server already running there instead (needs --secret).")
    String serverUrl;

    @Option(names = "--secret", paramLabel = "S", description = "That server's LEADJOBS_JWT_SECRET (HS256, at least 32 bytes).")
    String secret;

    @Option(names = "--server-pid", paramLabel = "PID", description = "That server's pid, for its CPU, memory and heap (else not reported).")
    Long serverPid;

    @Option(names = "--user", paramLabel = "SUB", description = "The token's subject, owner of the jobs (default ${DEFAULT-VALUE}).")
    String user = "load-tool";

    @Option(names = "--companies", paramLabel = "N", description = "Distinct company domains in the generated leads (default ${DEFAULT-VALUE}).")
    int companies = 300;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated leads; job j uses seed + j (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--client-heap-mb", paramLabel = "MB", description = "--max-old-space-size of each Node process (default ${DEFAULT-VALUE}).")
    int clientHeapMb = 4096;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--compare-node", description = "Then replay the recorded update streams from a Node socket.io 4.8 server "
            + "to as many clients, twice: alone, and with the same jobs running unwatched on a fresh leadjobs server "
            + "beside it; report all three side by side.")
    boolean compareNode;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Rounds of the same jobs each leadjobs server runs, unwatched, before it is measured, so that "
                    + "its code is compiled; 0 measures the freshly started server (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--keep-temp", description = "Keep the run's temporary folder (server log, H2 data, replay file).")
    boolean keepTemp;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static int run(String[] args) {
        CommandLine commandLine = new CommandLine(new JobsCommand());
        commandLine.setParameterExceptionHandler((e, a) -> {
            commandLine.getErr().println(e.getMessage());
            commandLine.getErr().println("Try: java -jar leadjobs-load-tool.jar jobs --help");
            return 2;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        JobsOptions options = options();
        try {
            return new JobsRun(options).run();
        } catch (LoadToolException e) {
            System.err.println();
            System.err.println("Load run failed: " + e.getMessage());
            return 1;
        }
    }

    JobsOptions options() {
        check(clients >= 1 && clients <= 100_000, "--clients must be between 1 and 100000, was " + clients);
        check(jobs >= 1 && jobs <= clients, "--jobs must be between 1 and --clients (" + clients + "), was " + jobs);
        check(leads >= 1 && leads <= 1_000_000, "--leads must be between 1 and 1000000, was " + leads);
        check(clientProcesses >= 1 && clientProcesses <= Math.min(64, clients),
                "--client-processes must be between 1 and " + Math.min(64, clients) + ", was " + clientProcesses);
        check(List.of("websocket", "polling", "default").contains(transport),
                "--transport must be websocket, polling or default, was '" + transport + "'");
        check(connectRate >= 1 && connectRate <= 100_000, "--connect-rate must be between 1 and 100000 per second, was " + connectRate);
        check(completeWait >= 0 && completeWait <= 3600, "--complete-wait must be between 0 and 3600 seconds, was " + completeWait);
        check(jobTimeout >= 1 && jobTimeout <= 86_400, "--job-timeout must be between 1 and 86400 seconds, was " + jobTimeout);
        check(companies >= 1 && companies <= 10_000, "--companies must be between 1 and 10000, was " + companies);
        check(warmup >= 0 && warmup <= 100, "--warmup must be between 0 and 100 rounds, was " + warmup);
        check(clientHeapMb >= 64, "--client-heap-mb must be at least 64, was " + clientHeapMb);
        check(!user.isBlank(), "--user must not be blank");
        check(serverHeap.equals("default") || serverHeap.matches("\\d+[kKmMgG]?"),
                "--server-heap must be a size like 2g or 512m, or default, was '" + serverHeap + "'");

        Map<String, String> env = new LinkedHashMap<>();
        for (String setting : serverEnv) {
            int eq = setting.indexOf('=');
            check(eq > 0, "--server-env must be KEY=VALUE, was '" + setting + "'");
            env.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        Optional<URI> url = Optional.empty();
        if (serverUrl != null) {
            try {
                URI given = new URI(serverUrl);
                check("http".equals(given.getScheme()) && given.getHost() != null,
                        "--server-url must be an http URL such as http://127.0.0.1:3000, was '" + serverUrl + "'");
                url = Optional.of(given);
            } catch (URISyntaxException e) {
                check(false, "--server-url is not a URL: " + e.getMessage());
            }
            check(secret != null, "--server-url needs --secret, the server's LEADJOBS_JWT_SECRET, to sign tokens");
            boolean heapGiven = spec.commandLine().getParseResult().hasMatchedOption("--server-heap");
            check(serverJar == null && !heapGiven && serverJavaOpts.isBlank() && env.isEmpty(),
                    "--server-jar, --server-heap, --server-java-opts and --server-env are for a server the tool starts; "
                            + "they cannot go with --server-url");
        } else {
            check(secret == null, "--secret goes with --server-url (a started server gets a random secret)");
            check(serverPid == null, "--server-pid goes with --server-url");
        }
        check(secret == null || secret.getBytes(StandardCharsets.UTF_8).length >= 32, "--secret must be at least 32 bytes");
        check(serverPid == null || serverPid > 0, "--server-pid must be a process id, was " + serverPid);
        Path jar = serverJar != null ? serverJar : Locations.defaultServerJar();
        List<String> javaOptions = serverJavaOpts.isBlank() ? List.of() : List.of(serverJavaOpts.trim().split("\\s+"));
        return new JobsOptions(clients, jobs, leads, clientProcesses, transport, connectRate, completeWait, jobTimeout,
                jar, serverHeap.equals("default") ? Optional.empty() : Optional.of(serverHeap), javaOptions, Map.copyOf(env), url, Optional.ofNullable(secret),
                serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid), user, companies, seed, clientHeapMb,
                Optional.ofNullable(json), compareNode, warmup, keepTemp);
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }
}
