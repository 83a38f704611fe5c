package dev.wanka.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wanka bench scheduler ...}: measure Wanka's own speed on a generated cluster. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure how fast Wanka's scheduler runs on a generated cluster, against the issue's"
            + " targets.",
    subcommands = {BenchSchedulerCommand.class})
final class BenchCommand implements Runnable {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
