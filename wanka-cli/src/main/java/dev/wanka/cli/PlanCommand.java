package dev.wanka.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka plan train ...} and {@code wanka plan infer ...}: search accelerator types, device
 * counts and layouts for the cheapest ways to meet a training deadline or a serving load, and say
 * why the other types cannot.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Plan capacity: which accelerators, how many and in which layout meet a training deadline"
            + " or a serving load, cheapest first.",
    subcommands = {PlanTrainCommand.class, PlanInferCommand.class})
final class PlanCommand implements Runnable {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
