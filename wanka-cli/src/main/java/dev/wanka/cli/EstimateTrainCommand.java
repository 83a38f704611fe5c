package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.cli.KeywordOption.PrecisionKeyword;
import dev.wanka.cli.KeywordOption.RecomputeKeyword;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.SetupProblem;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.TrainingSetup;
import dev.wanka.topology.Cluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka estimate train ...}: what a training configuration achieves (step time, MFU, the
 * parts of the step, memory per device; with {@code --tokens}, days and energy).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Estimate one optimizer step of LLM training: step time, tokens/s, TFLOP/s per device,"
          + " MFU, where the time goes, memory per device; with --tokens, days and energy.",
      "Without --cluster the devices sit in a standard cluster: nodes of 8, one NIC per device"
          + " at the catalog's rate, a non-blocking rail-optimized fabric."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  wanka estimate train --model llama3-70b --accelerator h100-sxm \\",
      "      --devices 1024 --tp 8 --pp 4 --sequence-parallel \\",
      "      --global-batch 1024 --micro-batch 1 --tokens 15T"
    })
final class EstimateTrainCommand implements Callable<Integer> {
  static final int MAX_VPP = 1000;

  /** The training estimator's field names as flags. */
  static final FieldFlags FLAGS =
      new FieldFlags(
          Map.ofEntries(
              Map.entry("tp", "--tp"),
              Map.entry("pp", "--pp"),
              Map.entry("vpp", "--vpp"),
              Map.entry("cp", "--cp"),
              Map.entry("ep", "--ep"),
              Map.entry("devices", "--devices"),
              Map.entry("globalBatch", "--global-batch"),
              Map.entry("microBatch", "--micro-batch"),
              Map.entry("seq", "--seq"),
              Map.entry("zeroStage", "--zero"),
              Map.entry("precision", "--precision"),
              Map.entry("recompute", "--recompute"),
              Map.entry("sequenceParallel", "--sequence-parallel"),
              Map.entry("flashAttention", "--no-flash-attention"),
              Map.entry("overlapGradReduce", "--no-overlap"),
              Map.entry("accelerator", "--accelerator"),
              Map.entry("model", "--model")));

  @ParentCommand EstimateCommand parent;

  @Spec CommandSpec spec;

  @Mixin ModelAndAcceleratorOptions target;

  @Option(
      names = "--devices",
      required = true,
      paramLabel = "N",
      description = "Devices the job runs on; dp = N / (tp x pp x cp).")
  int devices;

  @Option(names = "--tp", required = true, paramLabel = "T", description = "Tensor-parallel.")
  int tp;

  @Option(names = "--pp", required = true, paramLabel = "P", description = "Pipeline stages.")
  int pp;

  @Option(
      names = "--vpp",
      paramLabel = "V",
      description = "Virtual stages per pipeline stage (interleaved schedule); default 1.")
  int vpp = 1;

  @Option(names = "--cp", paramLabel = "C", description = "Context-parallel; default 1.")
  int cp = 1;

  @Option(
      names = "--ep",
      paramLabel = "E",
      description = "Expert-parallel (MoE models); default 1.")
  int ep = 1;

  @Option(
      names = "--global-batch",
      required = true,
      paramLabel = "B",
      description = "Sequences per optimizer step.")
  int globalBatch;

  @Option(
      names = "--micro-batch",
      required = true,
      paramLabel = "b",
      description = "Sequences per micro-batch per data-parallel rank.")
  int microBatch;

  @Mixin SeqOption seq;

  @Option(
      names = "--recompute",
      paramLabel = "MODE",
      converter = RecomputeKeyword.class,
      completionCandidates = RecomputeKeyword.class,
      description = "Activation recomputation: ${COMPLETION-CANDIDATES}; default selective.")
  Recompute recompute = Recompute.SELECTIVE;

  @Option(
      names = "--sequence-parallel",
      description = "Split norms and dropout over the tensor-parallel ranks.")
  boolean sequenceParallel;

  @Option(
      names = "--precision",
      paramLabel = "P",
      converter = PrecisionKeyword.class,
      completionCandidates = PrecisionKeyword.class,
      description = "Matrix-multiply precision: ${COMPLETION-CANDIDATES}; default bf16.")
  TrainingPrecision precision = TrainingPrecision.BF16;

  @Option(
      names = "--zero",
      paramLabel = "0..3",
      description =
          "ZeRO stage: 0 none, 1 optimizer states sharded (distributed optimizer, the default),"
              + " 2 and gradients, 3 and weights.")
  int zero = 1;

  @Option(names = "--no-flash-attention", description = "Unfused attention (s x s scores).")
  boolean noFlashAttention;

  @Option(
      names = "--no-overlap",
      description = "Do not overlap the data-parallel gradient reduction with compute.")
  boolean noOverlap;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description = "Cluster spec; the job takes the first pool of the accelerator.")
  Path cluster;

  @Mixin CalibrationOption calibration;

  @Option(
      names = "--tokens",
      paramLabel = "D",
      converter = TokenCount.Converter.class,
      description = "Tokens to train on (2T, 300B, 15e12): adds days, energy and its cost.")
  Double tokens;

  @Mixin ClusterPueOption pue;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Catalog catalog = parent.root.catalog();
    FlagProblems problems = new FlagProblems();
    Accelerator chip = target.chip(catalog, problems);
    ModelPreset preset = target.preset(problems);
    checkRanges(problems);
    if (problems.any()) {
      return problems.report(spec);
    }

    Calibration calibrated = calibration.calibrations().forAccelerator(chip);
    Cluster clusterModel = CommandInputs.cluster(cluster, catalog);
    TrainingSetup job = job(preset);
    TrainingEstimate estimate;
    try {
      estimate = estimate(job, chip, clusterModel, calibrated);
    } catch (InvalidSetupException e) {
      problems.addAll(FLAGS.messages(e));
      return problems.report(spec);
    }

    TrainingView.Context context =
        new TrainingView.Context(
            preset,
            chip,
            clusterModel,
            calibrated,
            tokens == null ? OptionalDouble.empty() : OptionalDouble.of(tokens),
            pue.effective(clusterModel));
    return output.print(
        spec,
        () -> TrainingView.json(estimate, context),
        out -> TrainingView.print(out, estimate, context));
  }

  /** Limits the estimator cannot check because its records need them to hold. */
  private void checkRanges(FlagProblems problems) {
    problems.range("--devices", devices, 1, Limits.MAX_DEVICES);
    problems.range("--tp", tp, 1, Limits.MAX_PARALLEL);
    problems.range("--pp", pp, 1, Limits.MAX_PARALLEL);
    problems.range("--vpp", vpp, 1, MAX_VPP);
    problems.range("--cp", cp, 1, Limits.MAX_PARALLEL);
    problems.range("--ep", ep, 1, Limits.MAX_PARALLEL);
    problems.range("--global-batch", globalBatch, 1, Integer.MAX_VALUE);
    problems.range("--micro-batch", microBatch, 1, Integer.MAX_VALUE);
    seq.check(problems);
    pue.check(problems);
  }

  /**
   * The job with dp = devices / (tp x pp x cp) by integer division (at least 1), so that the
   * estimator's checks report a device count that does not divide.
   */
  private TrainingSetup job(ModelPreset preset) {
    long modelParallel = (long) tp * pp * cp;
    int dp = (int) Math.max(1, devices / modelParallel);
    return new TrainingSetup(
        preset.spec(),
        seq.orModels(preset),
        microBatch,
        globalBatch,
        new Parallelism(tp, pp, vpp, cp, ep, dp),
        recompute,
        sequenceParallel,
        precision,
        zero,
        !noFlashAttention,
        !noOverlap);
  }

  /** Runs the estimator, refusing first a device count below tp x pp x cp that int overflows. */
  private TrainingEstimate estimate(
      TrainingSetup job, Accelerator chip, Cluster clusterModel, Calibration calibrated) {
    if (job.parallelism().devices() != devices && (long) tp * pp * cp > Integer.MAX_VALUE) {
      throw new InvalidSetupException(
          List.of(
              new SetupProblem(
                  "devices", devices + " is fewer than tp x pp x cp = " + (long) tp * pp * cp)));
    }
    return Allocations.estimate(
        clusterModel,
        chip,
        devices,
        allocation -> TrainingEstimator.estimate(job, allocation, calibrated));
  }
}
