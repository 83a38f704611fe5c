package dev.wanka.cli;

import dev.wanka.perf.ModelCatalog.ModelPreset;
import picocli.CommandLine.Option;

/** {@code --model} of the plan commands. */
final class ModelOption {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "PRESET|FILE",
      description = "A bundled model (llama3-70b, deepseek-v3, ...) or a model YAML file.")
  String model;

  /** The model, or null with a problem added; see {@link CommandInputs#model}. */
  ModelPreset preset(FlagProblems problems) {
    return CommandInputs.model(model, problems);
  }
}
