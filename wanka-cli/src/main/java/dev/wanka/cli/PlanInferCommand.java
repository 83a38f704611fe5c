package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.cli.KeywordOption.WeightsKeyword;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.DevicePrices;
import dev.wanka.plan.InferenceGoal;
import dev.wanka.plan.InferencePlan;
import dev.wanka.plan.InferencePlanner;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka plan infer ...}: the cheapest accelerator types, weight formats, tensor-parallel
 * sizes and batches that serve a load within latency targets, and why the other types cannot.
 */
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
      "Replicas serve with continuous batching and chunked prefill: TPOT is one step of the"
          + " full batch; TTFT is the steps until a batch slot frees and the prompt is in. Types without an option are listed"
          + " with the reason: SLO_NOT_MET, OUT_OF_MEMORY or MISSING_DATA."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  wanka plan infer --model llama3-70b --qps 10 --input-tokens 2000 \\",
      "      --output-tokens 500 --ttft-ms 2000 --tpot-ms 50 --weights bf16,fp8"
    })
final class PlanInferCommand implements Callable<Integer> {
  static final double MAX_QPS = 1e9;
  static final double MAX_TTFT_MS = 1e7;
  static final double MAX_TPOT_MS = 1e6;

  @ParentCommand PlanCommand parent;

  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--qps",
      required = true,
      paramLabel = "Q",
      description = "Requests per second to sustain.")
  double qps;

  @Mixin RequestTokenOptions request;

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

  @Mixin KvCacheOption kvCache;

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

  @Mixin CalibrationOption calibration;

  @Mixin TopOption top;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Catalog catalog = parent.root.catalog();
    FlagProblems problems = new FlagProblems();
    ModelPreset preset = model.preset(problems);
    List<Accelerator> candidates = CommandInputs.types(catalog, types, problems);
    problems.positive("--qps", qps, MAX_QPS);
    request.check(problems);
    problems.positive("--ttft-ms", ttftMs, MAX_TTFT_MS);
    problems.positive("--tpot-ms", tpotMs, MAX_TPOT_MS);
    top.check(problems);
    problems.pue(pue);
    if (problems.any()) {
      return problems.report(spec);
    }

    DevicePrices devicePrices = CommandInputs.prices(prices, catalog);
    List<WeightFormat> formats =
        weights == null || weights.isEmpty()
            ? List.of(WeightFormat.BF16)
            : List.copyOf(new LinkedHashSet<>(weights));
    KvCache kv = kvCache.kvCache;
    InferenceGoal goal =
        new InferenceGoal(
            preset.spec(),
            qps,
            request.inputTokens,
            request.outputTokens,
            ttftMs / 1e3,
            tpotMs / 1e3,
            formats,
            kv.bytesPerElement(),
            pue == null ? 1.0 : pue);
    InferencePlan plan =
        new InferencePlanner(calibration.calibrations(), devicePrices).plan(goal, candidates);

    PlanView.Context context = new PlanView.Context(preset, candidates, devicePrices, top.top);
    return output.print(
        spec,
        () -> PlanView.json(plan, context, kv),
        out -> PlanView.print(out, plan, context, kv));
  }
}
