package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.plan.DevicePrices;
import dev.wanka.plan.TrainingGoal;
import dev.wanka.plan.TrainingPlan;
import dev.wanka.plan.TrainingPlanner;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka plan train ...}: the cheapest accelerator types, device counts and layouts that
 * train a model on a number of tokens within a deadline, and why the other types cannot.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the cheapest ways to train a model on --tokens within --days: for each accelerator"
          + " type, the device count and layout (tp within a node, pp, dp, micro-batch,"
          + " recomputation) that fits in memory and meets the deadline with the fewest"
          + " device-hours (the lowest cost with --prices), up to 3 layouts per type.",
      "Runs are bf16 with ZeRO-1, flash attention and sequence parallelism, on standard"
          + " clusters (nodes of 8, one NIC per device, a non-blocking fabric). Types without"
          + " an option are listed with the reason: TOO_SLOW, OUT_OF_MEMORY, OVER_BUDGET,"
          + " OVER_POWER_CAP, NO_PRICE or MISSING_DATA."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  wanka plan train --model llama3-70b --tokens 2T --days 30 \\",
      "      --types h100,a100,h20,ascend-910b3 --prices prices.yaml --max-cost 5e6"
    })
final class PlanTrainCommand implements Callable<Integer> {
  static final double DEFAULT_GLOBAL_BATCH_TOKENS = 4 * 1024 * 1024;
  static final double MAX_GLOBAL_BATCH_TOKENS = 1e12;
  static final double MAX_DAYS = 36_500;
  static final double MAX_COST = 1e15;
  static final double MAX_POWER_MW = 100_000;

  @ParentCommand PlanCommand parent;

  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--tokens",
      required = true,
      paramLabel = "D",
      converter = TokenCount.Converter.class,
      description = "Tokens to train on: 2T, 300B, 15e12.")
  double tokens;

  @Option(
      names = "--days",
      required = true,
      paramLabel = "DAYS",
      description = "Wall-clock deadline in days, e.g. 30 or 2.5.")
  double days;

  @Option(
      names = "--types",
      split = ",",
      paramLabel = "ID",
      description =
          "Accelerator types to consider: catalog ids or aliases, comma-separated, any case"
              + " (h100,a100,ascend-910b3); default every catalog entry.")
  List<String> types;

  @Option(
      names = "--max-cost",
      paramLabel = "C",
      description = "Most the run may cost, in the currency of --prices (which it needs).")
  Double maxCost;

  @Option(
      names = "--power-cap-mw",
      paramLabel = "P",
      description = "Most the devices may draw at TDP x PUE, in megawatts.")
  Double powerCapMegawatts;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "Price per device-hour by accelerator (currency: USD, perDeviceHour: {h100-sxm: 2.5}):"
              + " ranks by cost instead of device-hours.")
  Path prices;

  @Mixin SeqOption seq;

  @Option(
      names = "--global-batch-tokens",
      paramLabel = "N",
      converter = TokenCount.Converter.class,
      description =
          "Tokens per optimizer step, rounded down to whole sequences (4M, 16e6); default"
              + " 4,194,304 (2^22). Data-parallel sizes are powers of two that divide the"
              + " sequences per step.")
  Double globalBatchTokens;

  @Option(
      names = "--max-devices",
      paramLabel = "N",
      description = "The largest device count to consider; default 131,072.")
  int maxDevices = 131_072;

  @Option(
      names = "--pue",
      paramLabel = "X",
      description = "Power usage effectiveness for energy and the power cap; default 1.")
  Double pue;

  @Mixin CalibrationOption calibration;

  @Mixin TopOption top;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Catalog catalog = parent.root.catalog();
    FlagProblems problems = new FlagProblems();
    ModelPreset preset = model.preset(problems);
    List<Accelerator> candidates = CommandInputs.types(catalog, types, problems);
    problems.positive("--days", days, MAX_DAYS);
    problems.positive("--max-cost", maxCost, MAX_COST);
    problems.positive("--power-cap-mw", powerCapMegawatts, MAX_POWER_MW);
    if (maxCost != null && prices == null) {
      problems.add(
          "--max-cost: needs --prices FILE, the price per device-hour of each type, to cost"
              + " the options");
    }
    seq.check(problems);
    problems.range("--max-devices", maxDevices, 1, Limits.MAX_DEVICES);
    top.check(problems);
    problems.pue(pue);
    int sequence = seq.orModels(preset);
    double batchTokens =
        globalBatchTokens != null ? globalBatchTokens : DEFAULT_GLOBAL_BATCH_TOKENS;
    if (preset != null && (batchTokens < sequence || batchTokens > MAX_GLOBAL_BATCH_TOKENS)) {
      problems.add(
          String.format(
              Locale.ROOT,
              "--global-batch-tokens: '%s' is not allowed: must be from one sequence (%,d"
                  + " tokens) to %s",
              TokenCount.describe(batchTokens),
              sequence,
              TokenCount.describe(MAX_GLOBAL_BATCH_TOKENS)));
    }
    if (problems.any()) {
      return problems.report(spec);
    }

    DevicePrices devicePrices = CommandInputs.prices(prices, catalog);
    TrainingGoal goal =
        new TrainingGoal(
            preset.spec(),
            tokens,
            days,
            sequence,
            (long) batchTokens,
            maxCost == null ? OptionalDouble.empty() : OptionalDouble.of(maxCost),
            powerCapMegawatts == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(powerCapMegawatts),
            pue == null ? 1.0 : pue,
            maxDevices);
    TrainingPlan plan =
        new TrainingPlanner(calibration.calibrations(), devicePrices).plan(goal, candidates);

    PlanView.Context context = new PlanView.Context(preset, candidates, devicePrices, top.top);
    return output.print(
        spec, () -> PlanView.json(plan, context), out -> PlanView.print(out, plan, context));
  }
}
