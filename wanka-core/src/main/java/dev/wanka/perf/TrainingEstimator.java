package dev.wanka.perf;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The analytic training model: how long one optimizer step takes for a {@link TrainingSetup} on a
 * {@link DeviceAllocation}, and how much memory a device needs. See docs/performance-model.md for
 * the derivation; in short:
 *
 * <ul>
 *   <li>matrix multiplications take FLOPs / (peak x GEMM efficiency); the attention core takes the
 *       roofline of its FLOPs and the bytes of its s x s score matrices (or FLOPs / (peak x
 *       attention efficiency) when fused); normalization, dropout, activation and residual kernels
 *       take bytes moved / (HBM bandwidth x memory efficiency);
 *   <li>a backward pass costs twice its forward pass; recomputation adds a forward pass (full) or
 *       the attention core (selective);
 *   <li>tensor-, expert- and context-parallel communication sits on the critical path of every
 *       layer (context-parallel transfers hide behind attention when they can); pipeline transfers
 *       follow each micro-batch; the bubble is (pp - 1) / vpp micro-batch times; data-parallel
 *       reduction hides behind the last backward pass when overlap is on;
 *   <li>memory per device follows Korthikanti et al. 2022, generalized to grouped-query attention,
 *       gated feed-forward blocks and experts.
 * </ul>
 *
 * FLOPs are counted the Megatron-LM way (logits included, embeddings as lookups), with the
 * attention core as executed: over the full s x s matrix when unfused, as in Megatron-LM's formula,
 * and its causal half when fused.
 */
public final class TrainingEstimator {
  /** Bytes per element of activations, weights and gradients on the wire (BF16/FP16). */
  static final double ACTIVATION_BYTES = 2;

  /**
   * Memory traffic of the unfused attention core per score element, bytes: fused scale-mask-softmax
   * reads and writes the scores (4), dropout reads them, writes them and a 1-byte mask (5).
   */
  static final double UNFUSED_SCORE_KERNEL_BYTES = 9;

  /**
   * Memory traffic per token of the kernels that every tensor-parallel rank repeats unless sequence
   * parallelism splits them, in units of hidden x 2 bytes: two layer norms (read, write: 4) and two
   * bias-dropout-residual additions (read two, write one, 1-byte mask: 7).
   */
  static final double REPLICATED_KERNEL_UNITS = 11;

  /** Fraction of the s x s attention work a fused causal kernel skips (the masked half). */
  static final double FUSED_CAUSAL_FRACTION = 0.5;

  /**
   * Bytes per parameter of mixed-precision Adam (Rajbhandari et al. 2020, ZeRO): BF16 weights and
   * gradients, FP32 master weights and two moments.
   */
  static final double WEIGHT_BYTES = 2;

  static final double GRADIENT_BYTES = 2;
  static final double OPTIMIZER_BYTES = 12;

  /** Bytes the Adam update reads and writes per parameter (FP32 state, BF16 gradient and copy). */
  static final double OPTIMIZER_UPDATE_BYTES = 28;

  private final TrainingSetup job;
  private final DeviceAllocation allocation;
  private final Calibration calibration;
  private final Collectives collectives;
  private final ModelSpec model;
  private final Parallelism p;
  private final double gemmFlopsPerSecond;

  /** Products that stay in BF16 under FP8 training: the output layer, unfused attention. */
  private final double bf16GemmFlopsPerSecond;

  private final double bf16FlopsPerSecond;
  private final double memoryBytesPerSecond;
  private final double tokens;
  private final PipelineStages stages;

  private TrainingEstimator(
      TrainingSetup job,
      DeviceAllocation allocation,
      Calibration calibration,
      double gemmPeak,
      double bf16Peak,
      double memoryBandwidth) {
    this.job = job;
    this.allocation = allocation;
    this.calibration = calibration;
    this.collectives = new Collectives(1.0); // groups carry achieved bandwidths
    this.model = job.model();
    this.p = job.parallelism();
    this.gemmFlopsPerSecond =
        gemmPeak
            * (job.precision() == TrainingPrecision.FP8
                ? calibration.fp8GemmEfficiency()
                : calibration.gemmEfficiency());
    this.bf16FlopsPerSecond = bf16Peak;
    this.bf16GemmFlopsPerSecond = bf16Peak * calibration.gemmEfficiency();
    this.memoryBytesPerSecond = memoryBandwidth * calibration.memoryEfficiency();
    this.tokens = (double) job.microBatch() * job.seq() / p.cp();
    this.stages = new PipelineStages(model, p);
  }

  /**
   * Estimates one configuration.
   *
   * @throws InvalidSetupException listing every input that does not fit the model or the hardware
   */
  public static TrainingEstimate estimate(
      TrainingSetup job, DeviceAllocation allocation, Calibration calibration) {
    List<SetupProblem> problems =
        new ArrayList<>(TrainingChecks.problems(job, allocation.devices()));
    Accelerator chip = allocation.accelerator();
    OptionalDouble gemmPeak = peak(chip, job.precision().gemmPrecision(), problems);
    OptionalDouble bf16Peak = peak(chip, Precision.BF16, problems);
    OptionalDouble memory = chip.memoryTBps().asOptional();
    if (memory.isEmpty()) {
      problems.add(missing("memory bandwidth", chip, chip.memoryTBps()));
    }
    if (chip.memoryGB().asOptional().isEmpty()) {
      problems.add(missing("memory capacity", chip, chip.memoryGB()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSetupException(problems);
    }
    return new TrainingEstimator(
            job,
            allocation,
            calibration,
            gemmPeak.getAsDouble() * 1e12,
            bf16Peak.getAsDouble() * 1e12,
            memory.getAsDouble() * 1e12)
        .run();
  }

  private static OptionalDouble peak(
      Accelerator chip, Precision precision, List<SetupProblem> problems) {
    Figure figure = chip.peak(precision);
    if (!figure.isKnown()) {
      problems.add(
          new SetupProblem(
              precision == Precision.BF16 ? "accelerator" : "precision",
              chip.id()
                  + " has no known dense "
                  + precision.keyword()
                  + " peak ("
                  + figure.reason()
                  + ")"
                  + (precision == Precision.BF16 ? "" : "; use bf16")));
    }
    return figure.asOptional();
  }

  private static SetupProblem missing(String what, Accelerator chip, Figure figure) {
    return new SetupProblem(
        "accelerator",
        "the catalog has no "
            + what
            + " for "
            + chip.id()
            + " ("
            + figure.reason()
            + "); give it in a --catalog override");
  }

  // ---- one layer -----------------------------------------------------------------------------

  /** Seconds one layer takes for one micro-batch on one device, by pass. */
  private record LayerTime(
      double forward,
      double attentionCore,
      double tensorParallel,
      double expertParallel,
      double contextParallel) {

    /** Forward, backward (twice the forward) and recomputation, communication included. */
    double total(Recompute recompute) {
      double recomputed =
          recompute == Recompute.FULL
              ? forward + tensorParallel + expertParallel + contextParallel
              : recompute == Recompute.SELECTIVE ? attentionCore : 0;
      return 3 * forward + 2 * (tensorParallel + expertParallel) + 3 * contextParallel + recomputed;
    }

    double backward() {
      return 2 * forward + tensorParallel + expertParallel + 2 * contextParallel;
    }
  }

  private LayerTime layer(boolean moe) {
    double h = model.hidden();
    double tp = p.tp();
    // Matrix multiplications of the projections and the feed-forward block.
    double ffnParameters = moe ? model.moeLayerActiveParameters() : model.denseFfnParameters();
    double gemm =
        2
            * tokens
            * (model.attentionParametersPerLayer() + ffnParameters)
            / tp
            / gemmFlopsPerSecond;

    // The attention core: scores = Q K^T, softmax, dropout, scores x V.
    double scores = tokens * job.seq() * model.heads() / tp;
    double coreFlops = tokens * model.attentionCoreFlopsPerToken(job.seq()) / tp;
    double core;
    if (job.flashAttention()) {
      core =
          coreFlops
              * FUSED_CAUSAL_FRACTION
              / (bf16FlopsPerSecond * calibration.attentionEfficiency());
    } else {
      double scoreBytes = scores * ACTIVATION_BYTES;
      core =
          roofline(coreFlops / 2, scoreBytes)
              + roofline(coreFlops / 2, scoreBytes)
              + scores * UNFUSED_SCORE_KERNEL_BYTES / memoryBytesPerSecond;
    }

    // Memory-bound kernels, in units of tokens x hidden x 2 bytes.
    double unit = tokens * h * ACTIVATION_BYTES;
    double replicated = REPLICATED_KERNEL_UNITS / (job.sequenceParallel() ? tp : 1);
    int kvHeadsExpanded = model.mla().isPresent() ? model.heads() : model.kvHeads();
    double qkvWidth =
        (double) model.heads() * model.qkHeadDim()
            + (double) kvHeadsExpanded * (model.qkHeadDim() + model.vHeadDim());
    double split = 2 * qkvWidth / h; // bias, rotary and split into heads: read and write
    if (!job.flashAttention()) {
      split += 2.0 * model.heads() * model.vHeadDim() / h; // context back to [tokens, hidden]
    }
    double ffnWidth = model.ffnWidthPerToken(moe);
    split += (model.ffnActivation() == FfnActivation.SWIGLU ? 3 : 2) * ffnWidth / h;
    if (moe) {
      split += 4.0 * model.moe().get().topK(); // permute and unpermute routed tokens
    }
    double kernels = unit * (replicated + split / tp) / memoryBytesPerSecond;

    // Communication on the critical path.
    double tensorParallel = 0;
    if (p.tp() > 1) {
      CommGroup group = allocation.group(p.tp(), 1, calibration);
      tensorParallel = 2 * collectives.allReduceSeconds(group, unit);
    }
    double expertParallel = 0;
    if (moe && p.ep() > 1) {
      CommGroup group = allocation.group(p.ep(), p.tp(), calibration);
      double bytes = unit * model.moe().get().topK() / (job.sequenceParallel() ? tp : 1);
      expertParallel = 2 * collectives.allToAllSeconds(group, bytes);
    }
    double contextParallel = 0;
    if (p.cp() > 1) {
      CommGroup group = allocation.group(p.cp(), p.tp(), calibration);
      double kvBytes =
          tokens * kvHeadsExpanded * (model.qkHeadDim() + model.vHeadDim()) / tp * ACTIVATION_BYTES;
      double perStep =
          group.spansDomains()
              ? collectives.pointToPointSeconds(
                  kvBytes, group.scaleOutBytesPerSecond(), group.scaleOutLatencySeconds())
              : collectives.pointToPointSeconds(
                  kvBytes, group.scaleUpBytesPerSecond(), group.scaleUpLatencySeconds());
      contextParallel = Math.max(0, (p.cp() - 1) * perStep - core);
    }
    return new LayerTime(
        gemm + core + kernels, core, tensorParallel, expertParallel, contextParallel);
  }

  private double roofline(double flops, double bytes) {
    return Math.max(flops / bf16GemmFlopsPerSecond, bytes / memoryBytesPerSecond);
  }

  /** Output layer and loss on the last stage, one micro-batch, forward and backward. */
  private double logitsSeconds() {
    double gemm = 3 * 2 * tokens * model.hidden() * model.vocab() / p.tp() / bf16GemmFlopsPerSecond;
    double loss = 4 * tokens * model.vocab() / p.tp() * 4 / memoryBytesPerSecond; // FP32 logits
    return gemm + loss;
  }

  // ---- one step ------------------------------------------------------------------------------

  private TrainingEstimate run() {
    LayerTime dense = layer(false);
    LayerTime moe = model.isMoe() ? layer(true) : dense;
    Recompute recompute = job.recompute();

    // The slowest stage sets the pace of the pipeline.
    double stageSeconds = 0;
    double stageBackward = 0;
    double stageTensor = 0;
    double stageExpert = 0;
    double stageContext = 0;
    double stageParameters = 0;
    int slowestLayers = 1;
    for (int stage = 0; stage < p.pp(); stage++) {
      int denseLayers = stages.denseLayersIn(stage);
      int moeLayers = stages.layersOn(stage) - denseLayers;
      double seconds =
          denseLayers * dense.total(recompute)
              + moeLayers * moe.total(recompute)
              + (stage == p.pp() - 1 ? logitsSeconds() : 0);
      if (seconds > stageSeconds) {
        stageSeconds = seconds;
        slowestLayers = Math.max(1, stages.layersOn(stage));
        stageBackward = denseLayers * dense.backward() + moeLayers * moe.backward();
        double passes = recompute == Recompute.FULL ? 3 : 2;
        stageTensor =
            passes * (denseLayers * dense.tensorParallel + moeLayers * moe.tensorParallel);
        stageExpert = passes * moeLayers * moe.expertParallel;
        stageContext =
            (passes + 1) * (denseLayers * dense.contextParallel + moeLayers * moe.contextParallel);
      }
      stageParameters = Math.max(stageParameters, stages.denseParametersOn(stage));
    }
    int microBatches = job.microBatches();
    double pipelinePerMicroBatch = pipelineTransferSeconds();
    // The bubble is pp - 1 model-chunk times; a stage's layers split into vpp chunks, the largest
    // holding ceil(layers / vpp) of them (= 1/vpp of the stage when they split evenly).
    double largestChunk = Math.ceil((double) slowestLayers / p.vpp()) / slowestLayers;
    double bubble = (p.pp() - 1.0) * largestChunk * (stageSeconds + pipelinePerMicroBatch);

    double expertParameters = stages.mostExpertParameters();
    double dataParallel =
        dataParallelSeconds(stageParameters, expertParameters, stageBackward, stageSeconds);
    double shard = job.zeroStage() >= 1 ? p.dp() * p.cp() : 1;
    double optimizer =
        (stageParameters / shard + expertParameters / Math.max(1, shard / p.ep()))
            * OPTIMIZER_UPDATE_BYTES
            / memoryBytesPerSecond;

    // The attention core counts as executed: the full s x s matrix unfused (Megatron-LM's
    // formula), the causal half when fused, so that MFU <= HFU <= 1 at any sequence length.
    double executedAttention = job.flashAttention() ? FUSED_CAUSAL_FRACTION : 1;
    double modelFlops = modelFlopsPerStep(executedAttention);
    double hardwareFlops = modelFlops + recomputeFlopsPerStep(executedAttention);
    Accelerator chip = allocation.accelerator();
    return new TrainingEstimate(
        job,
        chip.id(),
        allocation.devices(),
        microBatches * stageSeconds,
        microBatches * stageTensor,
        microBatches * stageExpert,
        microBatches * stageContext,
        microBatches * pipelinePerMicroBatch,
        bubble,
        dataParallel,
        optimizer,
        modelFlops,
        hardwareFlops,
        bf16FlopsPerSecond,
        new TrainingMemoryModel(job, stages, allocation, calibration).busiestStage(),
        allocation.wattsPerDevice());
  }

  private double pipelineTransferSeconds() {
    if (p.pp() == 1) {
      return 0;
    }
    CommGroup neighbours = allocation.group(2, p.tp() * p.cp() * p.dp(), calibration);
    double bytes = tokens * model.hidden() * ACTIVATION_BYTES / p.tp(); // scatter-gather over tp
    double bandwidth =
        neighbours.spansDomains()
            ? neighbours.scaleOutBytesPerSecond()
            : neighbours.scaleUpBytesPerSecond();
    double latency =
        neighbours.spansDomains()
            ? neighbours.scaleOutLatencySeconds()
            : neighbours.scaleUpLatencySeconds();
    return 2 * p.vpp() * collectives.pointToPointSeconds(bytes, bandwidth, latency);
  }

  /**
   * Gradient reduction and weight gathering per step, less what hides behind compute when overlap
   * is on: gradients behind the last micro-batch's backward pass, weights behind the first forward.
   */
  private double dataParallelSeconds(
      double denseParameters, double expertParameters, double backward, double microBatch) {
    int ranks = p.dp() * p.cp();
    if (ranks == 1) {
      return 0;
    }
    CommGroup denseGroup = allocation.group(ranks, p.tp(), calibration);
    double gradients = reduce(denseGroup, denseParameters * GRADIENT_BYTES);
    double weights = gather(denseGroup, denseParameters * WEIGHT_BYTES);
    int expertRanks = ranks / p.ep();
    if (expertParameters > 0 && expertRanks > 1) {
      CommGroup expertGroup = allocation.group(expertRanks, p.tp() * p.ep(), calibration);
      gradients += reduce(expertGroup, expertParameters * GRADIENT_BYTES);
      weights += gather(expertGroup, expertParameters * WEIGHT_BYTES);
    }
    double forward = microBatch - backward;
    if (job.zeroStage() == 3) {
      // Weights are gathered for every micro-batch's forward and backward, prefetched behind them.
      double perMicroBatch = Math.max(0, weights - forward) + Math.max(0, weights - backward);
      double gradientsExposed =
          job.overlapGradReduce() ? Math.max(0, gradients - backward) : gradients;
      return job.microBatches() * perMicroBatch + gradientsExposed;
    }
    if (job.overlapGradReduce()) {
      return Math.max(0, gradients - backward) + Math.max(0, weights - forward);
    }
    return gradients + weights;
  }

  /** All-reduce without ZeRO; reduce-scatter with it. */
  private double reduce(CommGroup group, double bytes) {
    return job.zeroStage() == 0
        ? collectives.allReduceSeconds(group, bytes)
        : collectives.reduceScatterSeconds(group, bytes);
  }

  /**
   * Nothing without ZeRO (the all-reduce left every rank the full gradient); all-gather with it.
   */
  private double gather(CommGroup group, double bytes) {
    return job.zeroStage() == 0 ? 0 : collectives.allGatherSeconds(group, bytes);
  }

  // ---- FLOPs ---------------------------------------------------------------------------------

  /**
   * Forward FLOPs of one layer for one token. {@code attention} is the share of the s x s attention
   * core counted: 1 in Megatron-LM's accounting (model FLOPs), the causal half for what a fused
   * kernel executes.
   */
  private double layerForwardFlopsPerToken(boolean moe, double attention) {
    double ffn = moe ? model.moeLayerActiveParameters() : model.denseFfnParameters();
    return 2 * (model.attentionParametersPerLayer() + ffn)
        + attention * model.attentionCoreFlopsPerToken(job.seq());
  }

  private double layersForwardFlopsPerToken(double attention) {
    return model.denseLayers() * layerForwardFlopsPerToken(false, attention)
        + model.moeLayers() * layerForwardFlopsPerToken(true, attention);
  }

  /** Forward and backward of every layer and the logits, for one step. */
  private double modelFlopsPerStep(double attention) {
    double perToken = layersForwardFlopsPerToken(attention) + 2.0 * model.hidden() * model.vocab();
    return 3 * perToken * job.tokensPerStep();
  }

  private double recomputeFlopsPerStep(double attention) {
    switch (job.recompute()) {
      case FULL:
        return layersForwardFlopsPerToken(attention) * job.tokensPerStep();
      case SELECTIVE:
        return model.layers()
            * attention
            * model.attentionCoreFlopsPerToken(job.seq())
            * job.tokensPerStep();
      default:
        return 0;
    }
  }
}
