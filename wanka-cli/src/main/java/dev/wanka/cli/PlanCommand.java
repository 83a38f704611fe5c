package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.cli.EstimateCommand.KvCache;
import dev.wanka.cli.EstimateCommand.KvCacheKeyword;
import dev.wanka.cli.EstimateCommand.WeightsKeyword;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.DevicePrices;
import dev.wanka.plan.InferenceGoal;
import dev.wanka.plan.InferencePlan;
import dev.wanka.plan.InferencePlanner;
import dev.wanka.plan.TrainingGoal;
import dev.wanka.plan.TrainingPlan;
import dev.wanka.plan.TrainingPlanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    subcommands = {PlanCommand.Train.class, PlanCommand.Infer.class})
final class PlanCommand implements Runnable {
  static final int MAX_TOP = 100_000;

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

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
  static final class Train implements Callable<Integer> {
    static final double DEFAULT_GLOBAL_BATCH_TOKENS = 4 * 1024 * 1024;
    static final double MAX_GLOBAL_BATCH_TOKENS = 1e12;
    static final double MAX_DAYS = 36_500;
    static final double MAX_COST = 1e15;
    static final double MAX_POWER_MW = 100_000;

    @ParentCommand PlanCommand parent;

    @Spec CommandSpec spec;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "PRESET|FILE",
        description = "A bundled model (llama3-70b, deepseek-v3, ...) or a model YAML file.")
    String model;

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

    @Option(
        names = "--seq",
        paramLabel = "S",
        description = "Sequence length; default the model's.")
    Integer seq;

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

    @Option(
        names = "--calibration",
        paramLabel = "FILE",
        description =
            "Calibration entries replacing the bundled ones for the same chips or vendor.")
    Path calibration;

    @Option(names = "--top", paramLabel = "N", description = "Options to show; default 15.")
    int top = 15;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Catalog catalog = parent.root.catalog();
      List<String> problems = new ArrayList<>();

      ModelPreset preset = CommandInputs.model(model, problems);
      List<Accelerator> candidates = CommandInputs.types(catalog, types, problems);
      CommandInputs.positive(problems, "--days", days, MAX_DAYS);
      CommandInputs.positive(problems, "--max-cost", maxCost, MAX_COST);
      CommandInputs.positive(problems, "--power-cap-mw", powerCapMegawatts, MAX_POWER_MW);
      if (maxCost != null && prices == null) {
        problems.add(
            "--max-cost: needs --prices FILE, the price per device-hour of each type, to cost"
                + " the options");
      }
      if (seq != null) {
        CommandInputs.range(problems, "--seq", seq, 1, EstimateCommand.Train.MAX_SEQ);
      }
      CommandInputs.range(
          problems, "--max-devices", maxDevices, 1, EstimateCommand.Train.MAX_DEVICES);
      CommandInputs.range(problems, "--top", top, 1, MAX_TOP);
      CommandInputs.pue(problems, pue);
      int sequence = seq != null ? seq : preset != null ? preset.spec().seq() : 1;
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
      if (!problems.isEmpty()) {
        return CommandInputs.fail(spec, problems);
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
          new TrainingPlanner(CommandInputs.calibrations(calibration), devicePrices)
              .plan(goal, candidates);

      PlanView.Context context = new PlanView.Context(preset, candidates, devicePrices, top);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, PlanView.json(plan, context));
      } else {
        PlanView.print(out, plan, context);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "infer",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Find the cheapest ways to serve --qps requests per second within latency targets: for"
            + " each accelerator type and weight format, the tensor-parallel size (within the"
            + " scale-up domain) and batch that meet --ttft-ms and --tpot-ms at the fewest"
            + " device-hours per million output tokens (the lowest cost with --prices), and the"
            + " replicas the load needs.",
        "TTFT counts the prompt's prefill plus the decode step a new request waits behind;"
            + " TPOT is one decode step of the full batch. Types without an option are listed"
            + " with the reason: SLO_NOT_MET, OUT_OF_MEMORY or MISSING_DATA."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  wanka plan infer --model llama3-70b --qps 10 --input-tokens 2000 \\",
        "      --output-tokens 500 --ttft-ms 2000 --tpot-ms 50 --weights bf16,fp8"
      })
  static final class Infer implements Callable<Integer> {
    static final double MAX_QPS = 1e9;
    static final double MAX_TTFT_MS = 1e7;
    static final double MAX_TPOT_MS = 1e6;

    @ParentCommand PlanCommand parent;

    @Spec CommandSpec spec;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "PRESET|FILE",
        description = "A bundled model (llama3-70b, deepseek-v3, ...) or a model YAML file.")
    String model;

    @Option(
        names = "--qps",
        required = true,
        paramLabel = "Q",
        description = "Requests per second to sustain.")
    double qps;

    @Option(
        names = "--input-tokens",
        required = true,
        paramLabel = "I",
        description = "Prompt tokens per request.")
    int inputTokens;

    @Option(
        names = "--output-tokens",
        required = true,
        paramLabel = "O",
        description = "Generated tokens per request.")
    int outputTokens;

    @Option(
        names = "--ttft-ms",
        required = true,
        paramLabel = "T",
        description = "Time-to-first-token target, milliseconds.")
    double ttftMs;

    @Option(
        names = "--tpot-ms",
        required = true,
        paramLabel = "P",
        description = "Time-per-output-token target, milliseconds.")
    double tpotMs;

    @Option(
        names = "--types",
        split = ",",
        paramLabel = "ID",
        description =
            "Accelerator types to consider: catalog ids or aliases, comma-separated, any case"
                + " (h100,h20,ascend-910b3); default every catalog entry.")
    List<String> types;

    @Option(
        names = "--weights",
        split = ",",
        paramLabel = "FORMAT",
        converter = WeightsKeyword.class,
        completionCandidates = WeightsKeyword.class,
        description =
            "Weight formats to try, comma-separated: ${COMPLETION-CANDIDATES}; default bf16"
                + " (quantization changes quality, so only the formats given are tried).")
    List<WeightFormat> weights;

    @Option(
        names = "--kv-cache",
        paramLabel = "FORMAT",
        converter = KvCacheKeyword.class,
        completionCandidates = KvCacheKeyword.class,
        description = "KV cache element format: ${COMPLETION-CANDIDATES}; default bf16.")
    KvCache kvCache = KvCache.BF16;

    @Option(
        names = "--prices",
        paramLabel = "FILE",
        description =
            "Price per device-hour by accelerator (currency: USD, perDeviceHour: {h100-sxm: 2.5}):"
                + " ranks by cost per million tokens instead of device-hours.")
    Path prices;

    @Option(
        names = "--pue",
        paramLabel = "X",
        description = "Power usage effectiveness for energy; default 1.")
    Double pue;

    @Option(
        names = "--calibration",
        paramLabel = "FILE",
        description =
            "Calibration entries replacing the bundled ones for the same chips or vendor.")
    Path calibration;

    @Option(names = "--top", paramLabel = "N", description = "Options to show; default 15.")
    int top = 15;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Catalog catalog = parent.root.catalog();
      List<String> problems = new ArrayList<>();

      ModelPreset preset = CommandInputs.model(model, problems);
      List<Accelerator> candidates = CommandInputs.types(catalog, types, problems);
      CommandInputs.positive(problems, "--qps", qps, MAX_QPS);
      CommandInputs.range(
          problems, "--input-tokens", inputTokens, 1, EstimateCommand.Train.MAX_SEQ);
      CommandInputs.range(
          problems, "--output-tokens", outputTokens, 1, EstimateCommand.Train.MAX_SEQ);
      CommandInputs.positive(problems, "--ttft-ms", ttftMs, MAX_TTFT_MS);
      CommandInputs.positive(problems, "--tpot-ms", tpotMs, MAX_TPOT_MS);
      CommandInputs.range(problems, "--top", top, 1, MAX_TOP);
      CommandInputs.pue(problems, pue);
      if (!problems.isEmpty()) {
        return CommandInputs.fail(spec, problems);
      }

      DevicePrices devicePrices = CommandInputs.prices(prices, catalog);
      List<WeightFormat> formats =
          weights == null || weights.isEmpty()
              ? List.of(WeightFormat.BF16)
              : List.copyOf(new LinkedHashSet<>(weights));
      InferenceGoal goal =
          new InferenceGoal(
              preset.spec(),
              qps,
              inputTokens,
              outputTokens,
              ttftMs / 1e3,
              tpotMs / 1e3,
              formats,
              kvCache.bytesPerElement(),
              pue == null ? 1.0 : pue);
      InferencePlan plan =
          new InferencePlanner(CommandInputs.calibrations(calibration), devicePrices)
              .plan(goal, candidates);

      PlanView.Context context = new PlanView.Context(preset, candidates, devicePrices, top);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, PlanView.json(plan, context, kvCache));
      } else {
        PlanView.print(out, plan, context, kvCache);
      }
      return ExitCodes.OK;
    }
  }
}
