package io.leadjobs.server;

import io.leadjobs.core.score.ScoringModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code scoring-model [--format yaml|json] [--output model.yaml]}: the default scoring model, to start a file from. */
@Command(name = "scoring-model", mixinStandardHelpOptions = true,
        description = "Prints the default scoring model (base score, a weight per rule, thresholds, grade bounds) "
                + "as YAML or JSON: edit it and load it with LEADJOBS_SCORING_MODEL or --scoring-model.")
final class ScoringModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "<yaml|json>", defaultValue = "yaml",
            description = "yaml (with comments) or json (default ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    OutputFile output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("yaml") && !format.equals("json")) {
            return ServerCommand.refuse(err, "Cannot print the scoring model: --format must be yaml or json, was "
                    + format, ServerCommand.EXIT_BAD_SETTINGS);
        }
        String model = ScoringModelFile.write(ScoringModel.defaults(), format.equals("json"));
        return output.write("the scoring model", err, () -> {
            PrintWriter out = spec.commandLine().getOut();
            out.print(model);
            out.flush();
        }, model.getBytes(StandardCharsets.UTF_8));
    }
}
