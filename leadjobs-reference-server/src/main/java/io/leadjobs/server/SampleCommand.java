package io.leadjobs.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code sample [--leads 3000] [--output leads.csv]}: a CSV of generated leads, large enough to watch a job live. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Prints a CSV of generated leads (UTF-8, the columns the upload knows): company, free-mail, "
                + "disposable and role addresses, website-only and malformed rows. The same seed gives the same file.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--leads", paramLabel = "<n>", defaultValue = "3000",
            description = "Data rows, 1 to 1000000 (default ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--companies", paramLabel = "<n>", defaultValue = "300",
            description = "Distinct company domains, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int companies;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputFile output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (leads < 1 || leads > 1_000_000 || companies < 1 || companies > 10_000) {
            return ServerCommand.refuse(err, "Cannot make a sample: --leads must be 1 to 1000000 and --companies"
                    + " 1 to 10000 (got " + leads + " and " + companies + ").", ServerCommand.EXIT_BAD_SETTINGS);
        }
        byte[] csv = SampleLeads.generate(leads, companies, seed);
        // raw bytes on standard output: the names are UTF-8 whatever the platform's default charset
        return output.write("the sample", err, () -> {
            System.out.write(csv);
            System.out.flush();
        }, csv);
    }
}
