package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import picocli.CommandLine.Option;

/**
 * {@code --model} and {@code --accelerator} of the estimate commands: what runs, on which chip.
 * (The plan commands search the chips and take only {@link ModelOption}.)
 */
final class ModelAndAcceleratorOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "PRESET|FILE",
      description =
          "A bundled model (llama3-70b, deepseek-v3, ...; any case, aliases work) or a model"
              + " YAML file.")
  String model;

  @Option(
      names = "--accelerator",
      required = true,
      paramLabel = "MODEL",
      description = "Catalog id or alias, e.g. h100-sxm ('wanka catalog' lists them).")
  String accelerator;

  /** The model, or null with a problem added; see {@link CommandInputs#model}. */
  ModelPreset preset(FlagProblems problems) {
    return CommandInputs.model(model, problems);
  }

  /** The catalog entry, or null with a problem added. */
  Accelerator chip(Catalog catalog, FlagProblems problems) {
    return CommandInputs.accelerator(catalog, accelerator, problems);
  }
}
