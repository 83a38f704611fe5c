package dev.wanka.perf;

/**
 * Memory per device of a training configuration, stage by stage: BF16 weights, gradients and Adam
 * state sharded as the ZeRO stage says (Rajbhandari et al. 2020), and activations after Korthikanti
 * et al. 2022, generalized to grouped-query attention, gated feed-forward blocks and experts. The
 * estimate reports the stage that needs the most.
 */
final class TrainingMemoryModel {
  private final TrainingSetup job;
  private final ModelSpec model;
  private final Parallelism p;
  private final PipelineStages stages;
  private final DeviceAllocation allocation;
  private final Calibration calibration;

  /** Tokens of one micro-batch on one context-parallel rank. */
  private final double tokens;

  TrainingMemoryModel(
      TrainingSetup job,
      PipelineStages stages,
      DeviceAllocation allocation,
      Calibration calibration) {
    this.job = job;
    this.model = job.model();
    this.p = job.parallelism();
    this.stages = stages;
    this.allocation = allocation;
    this.calibration = calibration;
    this.tokens = (double) job.microBatch() * job.seq() / p.cp();
  }

  /** Memory on the stage that needs the most (weights, optimizer and activations together). */
  TrainingMemory busiestStage() {
    TrainingMemory busiest = memoryOn(0);
    for (int stage = 1; stage < p.pp(); stage++) {
      TrainingMemory memory = memoryOn(stage);
      if (memory.totalBytes() > busiest.totalBytes()) {
        busiest = memory;
      }
    }
    return busiest;
  }

  private TrainingMemory memoryOn(int stage) {
    double dense = stages.denseParametersOn(stage);
    double experts = stages.expertParametersOn(stage);
    double ranks = p.dp() * p.cp();
    double expertRanks = Math.max(1, ranks / p.ep());
    int zero = job.zeroStage();
    double weights =
        dense * TrainingEstimator.WEIGHT_BYTES / (zero >= 3 ? ranks : 1)
            + experts * TrainingEstimator.WEIGHT_BYTES / (zero >= 3 ? expertRanks : 1);
    double gradients =
        dense * TrainingEstimator.GRADIENT_BYTES / (zero >= 2 ? ranks : 1)
            + experts * TrainingEstimator.GRADIENT_BYTES / (zero >= 2 ? expertRanks : 1);
    double optimizer =
        dense * TrainingEstimator.OPTIMIZER_BYTES / (zero >= 1 ? ranks : 1)
            + experts * TrainingEstimator.OPTIMIZER_BYTES / (zero >= 1 ? expertRanks : 1);
    double capacity = allocation.usableMemoryBytes(calibration);
    return new TrainingMemory(weights, gradients, optimizer, activationBytesOn(stage), capacity);
  }

  /** Korthikanti et al. 2022 (Table 2), generalized: bytes one layer keeps for one micro-batch. */
  double activationBytesPerLayer(boolean moe, Recompute recompute) {
    double h = model.hidden();
    double tp = p.tp();
    double unit = tokens * h; // Korthikanti's s·b·h, per context-parallel rank
    boolean sp = job.sequenceParallel();
    if (recompute == Recompute.FULL) {
      return 2 * unit / (sp ? tp : 1);
    }
    // Norm inputs (4), attention and feed-forward inputs (2 + 2), two dropout masks (1 + 1).
    double replicated = 10;
    int kvHeadsExpanded = model.mla().isPresent() ? model.heads() : model.kvHeads();
    double query = 2.0 * model.heads() * model.qkHeadDim() / h;
    // Ranks beyond the key/value heads hold copies of them rather than a share.
    double keyValue =
        2.0
            * kvHeadsExpanded
            * (model.qkHeadDim() + model.vHeadDim())
            / h
            * tp
            / Math.min(tp, kvHeadsExpanded);
    double context = 2.0 * model.heads() * model.vHeadDim() / h;
    double ffn =
        model.ffnWidthPerToken(moe) / h * (model.ffnActivation() == FfnActivation.SWIGLU ? 6 : 4);
    double routed = moe ? 2.0 * model.moe().get().topK() : 0;
    double split = query + keyValue + context + ffn + routed;
    double bytes = unit * (replicated / (sp ? tp : 1) + split / tp);
    if (!job.flashAttention() && recompute == Recompute.NONE) {
      // Softmax output (2), dropout mask (1) and output (2) per score.
      bytes += 5.0 * model.heads() / tp * tokens * job.seq();
    }
    return bytes;
  }

  /** Activations one micro-batch leaves on a stage: its dense and MoE layers. */
  private double stageActivationBytes(int stage, Recompute recompute) {
    int denseLayers = stages.denseLayersIn(stage);
    int moeLayers = stages.layersOn(stage) - denseLayers;
    double bytes = denseLayers * activationBytesPerLayer(false, recompute);
    return moeLayers == 0 ? bytes : bytes + moeLayers * activationBytesPerLayer(true, recompute);
  }

  /**
   * Activations a stage holds at its peak: in the 1F1B schedule stage s has min(m, pp - s)
   * micro-batches in flight (more by 1 + (pp - 1)/(pp vpp) when interleaved, Korthikanti et al.
   * 2022 §4.2.3); on top, a fully recomputed layer holds its whole activations for one micro-batch
   * while it runs backward, and the last stage holds FP32 logits and their gradient.
   */
  private double activationBytesOn(int stage) {
    double inFlight = Math.min(job.microBatches(), p.pp() - stage);
    if (p.vpp() > 1) {
      inFlight *= 1 + (p.pp() - 1.0) / (p.pp() * p.vpp());
    }
    double recomputing = 0;
    if (job.recompute() == Recompute.FULL) {
      boolean moe = stages.layersOn(stage) > stages.denseLayersIn(stage);
      recomputing = activationBytesPerLayer(moe, Recompute.NONE);
    }
    // The logits are freed before the layers' backward pass begins, so they never coexist with a
    // layer being recomputed.
    double logits = stage == p.pp() - 1 ? 2 * tokens * model.vocab() / p.tp() * 4 : 0;
    return stageActivationBytes(stage, job.recompute()) * inFlight + Math.max(recomputing, logits);
  }
}
