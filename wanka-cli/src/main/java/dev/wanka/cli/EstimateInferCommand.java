package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.cli.KeywordOption.WeightsKeyword;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.InferenceEstimator;
import dev.wanka.perf.InferenceJob;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.DevicePrices;
import dev.wanka.topology.Cluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka estimate infer ...}: what a serving configuration achieves (latency, throughput,
 * memory, cost per million tokens).
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Estimate serving one model replica over --tp devices: time to first token, time per"
          + " output token, output tokens/s per replica, device and node, requests/s, memory"
          + " (weights, KV cache, the largest batch that fits), device-hours, energy and cost"
          + " per million output tokens.",
      "The replica serves with continuous batching and chunked prefill: each step decodes a"
          + " token for every sequence of the batch and prefills the new prompts that keep it"
          + " full. TPOT is one such step; TTFT is the steps until a batch slot frees and the"
          + " prompt is in. Without --cluster the replica sits in a standard cluster:"
          + " nodes of 8, one NIC per device at the catalog's rate."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  wanka estimate infer --model llama3-70b --accelerator h100-sxm --tp 4 \\",
      "      --batch 32 --input-tokens 2000 --output-tokens 500 --weights fp8"
    })
final class EstimateInferCommand implements Callable<Integer> {
  static final int MAX_BATCH = 1_000_000;

  /** The inference estimator's field names as flags; a replica's devices are its --tp. */
  static final FieldFlags FLAGS =
      EstimateTrainCommand.FLAGS.with(
          Map.of(
              "tp", "--tp",
              "devices", "--tp",
              "batch", "--batch",
              "inputTokens", "--input-tokens",
              "outputTokens", "--output-tokens",
              "weights", "--weights",
              "accelerator", "--accelerator",
              "model", "--model"));

  @ParentCommand EstimateCommand parent;

  @Spec CommandSpec spec;

  @Mixin ModelAndAcceleratorOptions target;

  @Option(
      names = "--tp",
      required = true,
      paramLabel = "T",
      description = "Tensor-parallel: the devices of one replica.")
  int tp;

  @Option(
      names = "--batch",
      paramLabel = "B",
      description = "Sequences a replica runs at once; default 1.")
  int batch = 1;

  @Mixin RequestTokenOptions request;

  @Option(
      names = "--weights",
      paramLabel = "FORMAT",
      converter = WeightsKeyword.class,
      completionCandidates = WeightsKeyword.class,
      description =
          "Weight format: ${COMPLETION-CANDIDATES} (fp8 and int8 quantize activations too,"
              + " int4 is weight-only); default bf16.")
  WeightFormat weights = WeightFormat.BF16;

  @Mixin KvCacheOption kvCache;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description = "Cluster spec; the replica takes the first pool of the accelerator.")
  Path cluster;

  @Mixin CalibrationOption calibration;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "Price per device-hour by accelerator (currency: USD, perDeviceHour: {h100-sxm: 2.5})"
              + ": adds the cost per million output tokens.")
  Path prices;

  @Mixin ClusterPueOption pue;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Catalog catalog = parent.root.catalog();
    FlagProblems problems = new FlagProblems();
    Accelerator chip = target.chip(catalog, problems);
    ModelPreset preset = target.preset(problems);
    problems.range("--tp", tp, 1, Limits.MAX_PARALLEL);
    problems.range("--batch", batch, 1, MAX_BATCH);
    request.check(problems);
    pue.check(problems);
    if (problems.any()) {
      return problems.report(spec);
    }

    Calibration calibrated = calibration.calibrations().forAccelerator(chip);
    Cluster clusterModel = CommandInputs.cluster(cluster, catalog);
    DevicePrices devicePrices = CommandInputs.prices(prices, catalog);
    InferenceJob job =
        new InferenceJob(
            preset.spec(),
            weights,
            kvCache.kvCache.bytesPerElement(),
            tp,
            batch,
            request.inputTokens,
            request.outputTokens);
    InferenceEstimate estimate;
    try {
      estimate =
          Allocations.estimate(
              clusterModel,
              chip,
              tp,
              allocation -> InferenceEstimator.estimate(job, allocation, calibrated));
    } catch (InvalidSetupException e) {
      problems.addAll(FLAGS.messages(e));
      return problems.report(spec);
    }

    InferenceView.Context context =
        new InferenceView.Context(
            preset,
            chip,
            clusterModel,
            calibrated,
            kvCache.kvCache,
            pue.effective(clusterModel),
            devicePrices);
    return output.print(
        spec,
        () -> InferenceView.json(estimate, context),
        out -> InferenceView.print(out, estimate, context));
  }
}
