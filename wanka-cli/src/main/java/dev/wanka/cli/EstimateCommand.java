package dev.wanka.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka estimate train ...}: what a training configuration achieves (step time, MFU, the
 * parts of the step, memory per device); {@code wanka estimate infer ...}: what a serving
 * configuration achieves (latency, throughput, memory, cost per million tokens).
 */
@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description =
        "Estimate LLM training (step time, MFU, memory, days) and serving (TTFT, TPOT,"
            + " tokens/s, cost per million tokens).",
    subcommands = {EstimateTrainCommand.class, EstimateInferCommand.class})
final class EstimateCommand implements Runnable {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
