package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.InferenceEstimate;
import dev.wanka.perf.InferenceEstimator;
import dev.wanka.perf.InferenceJob;
import dev.wanka.perf.InvalidSetupException;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.SetupProblem;
import dev.wanka.perf.TrainingEstimate;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.perf.TrainingJob;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.WeightFormat;
import dev.wanka.plan.DevicePrices;
import dev.wanka.spec.Keyword;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.Values;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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
    subcommands = {EstimateCommand.Train.class, EstimateCommand.Infer.class})
final class EstimateCommand implements Runnable {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The estimator's field names ({@link SetupProblem#field()}) as command-line flags. */
  static final Map<String, String> TRAIN_FLAGS =
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
          Map.entry("model", "--model"));

  /** The flag for an estimator field; an unmapped field becomes {@code --kebab-case}. */
  static String flag(String field) {
    String mapped = TRAIN_FLAGS.get(field);
    if (mapped != null) {
      return mapped;
    }
    return "--" + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

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
  static final class Train implements Callable<Integer> {
    /** Device counts beyond what a cluster spec may hold are a typo. */
    static final int MAX_DEVICES = (int) ClusterSpecReader.MAX_DEVICES;

    static final int MAX_PARALLEL = 65_536;
    static final int MAX_VPP = 1000;
    static final int MAX_SEQ = 10_000_000;

    @ParentCommand EstimateCommand parent;

    @Spec CommandSpec spec;

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

    @Option(
        names = "--seq",
        paramLabel = "S",
        description = "Sequence length; default the model's.")
    Integer seq;

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

    @Option(
        names = "--calibration",
        paramLabel = "FILE",
        description =
            "Calibration entries replacing the bundled ones for the same chips or vendor.")
    Path calibration;

    @Option(
        names = "--tokens",
        paramLabel = "D",
        converter = TokenCount.Converter.class,
        description = "Tokens to train on (2T, 300B, 15e12): adds days, energy and its cost.")
    Double tokens;

    @Option(
        names = "--pue",
        paramLabel = "X",
        description = "Power usage effectiveness for energy; default the cluster spec's, else 1.")
    Double pue;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Catalog catalog = parent.root.catalog();
      List<String> problems = new ArrayList<>();

      Accelerator chip = CommandInputs.accelerator(catalog, accelerator, problems);
      ModelPreset preset = CommandInputs.model(model, problems);
      checkRanges(problems);
      if (!problems.isEmpty()) {
        return fail(problems);
      }

      Calibration calibrated = CommandInputs.calibrations(calibration).forAccelerator(chip);
      Cluster clusterModel = CommandInputs.cluster(cluster, catalog);
      double effectivePue =
          pue != null ? pue : clusterModel != null ? clusterModel.spec().pue().orElse(1.0) : 1.0;

      TrainingJob job = job(preset);
      TrainingEstimate estimate;
      try {
        estimate = estimate(job, chip, clusterModel, calibrated);
      } catch (InvalidSetupException e) {
        return fail(e.problems().stream().map(p -> flag(p.field()) + ": " + p.message()).toList());
      }

      TrainingView.Context context =
          new TrainingView.Context(
              preset,
              chip,
              clusterModel,
              calibrated,
              tokens == null ? OptionalDouble.empty() : OptionalDouble.of(tokens),
              effectivePue);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, TrainingView.json(estimate, context));
      } else {
        TrainingView.print(out, estimate, context);
      }
      return ExitCodes.OK;
    }

    /** The file's base name without extension, as a slug: {@code My_Model.yaml} is my-model. */
    static String defaultId(Path file) {
      return CommandInputs.defaultId(file);
    }

    /** Limits the estimator cannot check because its records need them to hold. */
    private void checkRanges(List<String> problems) {
      range(problems, "--devices", devices, 1, MAX_DEVICES);
      range(problems, "--tp", tp, 1, MAX_PARALLEL);
      range(problems, "--pp", pp, 1, MAX_PARALLEL);
      range(problems, "--vpp", vpp, 1, MAX_VPP);
      range(problems, "--cp", cp, 1, MAX_PARALLEL);
      range(problems, "--ep", ep, 1, MAX_PARALLEL);
      range(problems, "--global-batch", globalBatch, 1, Integer.MAX_VALUE);
      range(problems, "--micro-batch", microBatch, 1, Integer.MAX_VALUE);
      if (seq != null) {
        range(problems, "--seq", seq, 1, MAX_SEQ);
      }
      CommandInputs.pue(problems, pue);
    }

    private static void range(List<String> problems, String flag, long value, long min, long max) {
      CommandInputs.range(problems, flag, value, min, max);
    }

    /**
     * The job with dp = devices / (tp x pp x cp) by integer division (at least 1), so that the
     * estimator's checks report a device count that does not divide.
     */
    private TrainingJob job(ModelPreset preset) {
      long modelParallel = (long) tp * pp * cp;
      int dp = (int) Math.max(1, devices / modelParallel);
      return new TrainingJob(
          preset.spec(),
          seq != null ? seq : preset.spec().seq(),
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

    /**
     * Runs the estimator. When the devices cannot be allocated, the estimator still runs on a
     * standard allocation so that every other problem of the configuration is reported too.
     */
    private TrainingEstimate estimate(
        TrainingJob job, Accelerator chip, Cluster clusterModel, Calibration calibrated) {
      if (job.parallelism().devices() != devices && (long) tp * pp * cp > Integer.MAX_VALUE) {
        throw new InvalidSetupException(
            List.of(
                new SetupProblem(
                    "devices", devices + " is fewer than tp x pp x cp = " + (long) tp * pp * cp)));
      }
      DeviceAllocation allocation;
      try {
        allocation =
            clusterModel == null
                ? DeviceAllocation.standalone(chip, devices)
                : DeviceAllocation.inCluster(clusterModel, chip, devices);
      } catch (InvalidSetupException allocationFailed) {
        Set<SetupProblem> all = new LinkedHashSet<>(allocationFailed.problems());
        DeviceAllocation standard = null;
        try {
          standard = clusterModel == null ? null : DeviceAllocation.standalone(chip, devices);
        } catch (InvalidSetupException ignored) {
          // The cluster spec gives what the standard cluster lacks; nothing more to learn here.
        }
        if (standard != null) {
          try {
            TrainingEstimator.estimate(job, standard, calibrated);
          } catch (InvalidSetupException more) {
            all.addAll(more.problems());
          }
        }
        throw new InvalidSetupException(List.copyOf(all));
      }
      return TrainingEstimator.estimate(job, allocation, calibrated);
    }

    private int fail(List<String> problems) {
      return CommandInputs.fail(spec, problems);
    }
  }

  @Command(
      name = "infer",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Estimate serving one model replica over --tp devices: time to first token, time per"
            + " output token, output tokens/s per replica, device and node, requests/s, memory"
            + " (weights, KV cache, the largest batch that fits), device-hours, energy and cost"
            + " per million output tokens.",
        "TTFT is the prompt's prefill plus the decode step it waits behind; TPOT is one decode step of the whole batch at the"
            + " average context. Without --cluster the replica sits in a standard cluster:"
            + " nodes of 8, one NIC per device at the catalog's rate."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  wanka estimate infer --model llama3-70b --accelerator h100-sxm --tp 4 \\",
        "      --batch 32 --input-tokens 2000 --output-tokens 500 --weights fp8"
      })
  static final class Infer implements Callable<Integer> {
    static final int MAX_BATCH = 1_000_000;

    /** The estimator's field names as flags; a replica's devices are its --tp. */
    static final Map<String, String> FLAGS =
        Map.of(
            "tp", "--tp",
            "devices", "--tp",
            "batch", "--batch",
            "inputTokens", "--input-tokens",
            "outputTokens", "--output-tokens",
            "weights", "--weights",
            "accelerator", "--accelerator",
            "model", "--model");

    @ParentCommand EstimateCommand parent;

    @Spec CommandSpec spec;

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
        names = "--weights",
        paramLabel = "FORMAT",
        converter = WeightsKeyword.class,
        completionCandidates = WeightsKeyword.class,
        description =
            "Weight format: ${COMPLETION-CANDIDATES} (fp8 and int8 quantize activations too,"
                + " int4 is weight-only); default bf16.")
    WeightFormat weights = WeightFormat.BF16;

    @Option(
        names = "--kv-cache",
        paramLabel = "FORMAT",
        converter = KvCacheKeyword.class,
        completionCandidates = KvCacheKeyword.class,
        description = "KV cache element format: ${COMPLETION-CANDIDATES}; default bf16.")
    KvCache kvCache = KvCache.BF16;

    @Option(
        names = "--cluster",
        paramLabel = "FILE",
        description = "Cluster spec; the replica takes the first pool of the accelerator.")
    Path cluster;

    @Option(
        names = "--calibration",
        paramLabel = "FILE",
        description =
            "Calibration entries replacing the bundled ones for the same chips or vendor.")
    Path calibration;

    @Option(
        names = "--prices",
        paramLabel = "FILE",
        description =
            "Price per device-hour by accelerator (currency: USD, perDeviceHour: {h100-sxm: 2.5})"
                + ": adds the cost per million output tokens.")
    Path prices;

    @Option(
        names = "--pue",
        paramLabel = "X",
        description = "Power usage effectiveness for energy; default the cluster spec's, else 1.")
    Double pue;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Catalog catalog = parent.root.catalog();
      List<String> problems = new ArrayList<>();

      Accelerator chip = CommandInputs.accelerator(catalog, accelerator, problems);
      ModelPreset preset = CommandInputs.model(model, problems);
      CommandInputs.range(problems, "--tp", tp, 1, Train.MAX_PARALLEL);
      CommandInputs.range(problems, "--batch", batch, 1, MAX_BATCH);
      CommandInputs.range(problems, "--input-tokens", inputTokens, 1, Train.MAX_SEQ);
      CommandInputs.range(problems, "--output-tokens", outputTokens, 1, Train.MAX_SEQ);
      CommandInputs.pue(problems, pue);
      if (!problems.isEmpty()) {
        return CommandInputs.fail(spec, problems);
      }

      Calibration calibrated = CommandInputs.calibrations(calibration).forAccelerator(chip);
      Cluster clusterModel = CommandInputs.cluster(cluster, catalog);
      DevicePrices devicePrices = CommandInputs.prices(prices, catalog);
      double effectivePue =
          pue != null ? pue : clusterModel != null ? clusterModel.spec().pue().orElse(1.0) : 1.0;

      InferenceJob job =
          new InferenceJob(
              preset.spec(),
              weights,
              kvCache.bytesPerElement(),
              tp,
              batch,
              inputTokens,
              outputTokens);
      InferenceEstimate estimate;
      try {
        estimate = estimate(job, chip, clusterModel, calibrated);
      } catch (InvalidSetupException e) {
        return CommandInputs.fail(
            spec, e.problems().stream().map(p -> flag(p.field()) + ": " + p.message()).toList());
      }

      InferenceView.Context context =
          new InferenceView.Context(
              preset, chip, clusterModel, calibrated, kvCache, effectivePue, devicePrices);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, InferenceView.json(estimate, context));
      } else {
        InferenceView.print(out, estimate, context);
      }
      return ExitCodes.OK;
    }

    static String flag(String field) {
      String mapped = FLAGS.get(field);
      return mapped != null ? mapped : EstimateCommand.flag(field);
    }

    /**
     * Runs the estimator on the replica's devices. When the cluster has no room for them, the
     * estimator still runs on a standard allocation so that every other problem is reported too.
     */
    private static InferenceEstimate estimate(
        InferenceJob job, Accelerator chip, Cluster clusterModel, Calibration calibrated) {
      if (clusterModel == null) {
        return InferenceEstimator.estimate(
            job, DeviceAllocation.standalone(chip, job.tp()), calibrated);
      }
      DeviceAllocation allocation;
      try {
        allocation = DeviceAllocation.inCluster(clusterModel, chip, job.tp());
      } catch (InvalidSetupException allocationFailed) {
        Set<SetupProblem> all = new LinkedHashSet<>(allocationFailed.problems());
        try {
          InferenceEstimator.estimate(job, DeviceAllocation.standalone(chip, job.tp()), calibrated);
        } catch (InvalidSetupException more) {
          all.addAll(more.problems());
        }
        throw new InvalidSetupException(List.copyOf(all));
      }
      return InferenceEstimator.estimate(job, allocation, calibrated);
    }
  }

  // ---- keywords on the command line ----------------------------------------------------------

  /**
   * A keyword option ({@code --recompute full}): any case; anything else is refused with the
   * allowed keywords, as the spec readers do for keywords in YAML.
   */
  abstract static class KeywordOption<E extends Enum<E> & Keyword>
      implements ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;

    KeywordOption(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      return Values.parseKeyword(value, type)
          .orElseThrow(
              () -> {
                List<String> allowed = keywords();
                return new TypeConversionException(
                    "'"
                        + value
                        + "' is not allowed: must be one of "
                        + String.join(", ", allowed)
                        + Suggestions.didYouMean(value.trim().toLowerCase(Locale.ROOT), allowed));
              });
    }

    @Override
    public Iterator<String> iterator() {
      return keywords().iterator();
    }

    private List<String> keywords() {
      return Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).toList();
    }
  }

  static final class RecomputeKeyword extends KeywordOption<Recompute> {
    RecomputeKeyword() {
      super(Recompute.class);
    }
  }

  static final class PrecisionKeyword extends KeywordOption<TrainingPrecision> {
    PrecisionKeyword() {
      super(TrainingPrecision.class);
    }
  }

  static final class WeightsKeyword extends KeywordOption<WeightFormat> {
    WeightsKeyword() {
      super(WeightFormat.class);
    }
  }

  static final class KvCacheKeyword extends KeywordOption<KvCache> {
    KvCacheKeyword() {
      super(KvCache.class);
    }
  }

  /** How a served model's KV cache is stored. */
  enum KvCache implements Keyword {
    BF16("bf16", 2),
    FP8("fp8", 1);

    private final String keyword;
    private final double bytesPerElement;

    KvCache(String keyword, double bytesPerElement) {
      this.keyword = keyword;
      this.bytesPerElement = bytesPerElement;
    }

    @Override
    public String keyword() {
      return keyword;
    }

    double bytesPerElement() {
      return bytesPerElement;
    }
  }
}
