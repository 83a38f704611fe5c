package dev.wanka.perf;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.util.Optional;

/**
 * Test fixtures for the training estimator: bundled chips, small model shapes written out in full,
 * and a builder for {@link TrainingSetup} whose defaults are one device, no recomputation, BF16, no
 * ZeRO, unfused attention and no overlap.
 */
final class TrainingSetups {
  static final Accelerator H100 = Catalog.bundled().find("h100-sxm").orElseThrow();
  static final Accelerator A100 = Catalog.bundled().find("a100-sxm-80gb").orElseThrow();

  private TrainingSetups() {}

  /** A GPT-style model: multi-head attention, GELU, ffn 4h, head width h / a, tied embeddings. */
  static ModelSpec gpt(int layers, int hidden, int heads, int vocab) {
    return new ModelSpec(
        "gpt-test",
        layers,
        hidden,
        heads,
        heads,
        hidden / heads,
        4 * hidden,
        FfnActivation.GELU,
        vocab,
        2048,
        true,
        Optional.empty(),
        Optional.empty(),
        "test");
  }

  /** A Llama-style model: grouped-query attention, SwiGLU, untied embeddings. */
  static ModelSpec llama(
      int layers, int hidden, int heads, int kvHeads, int headDim, int ffnHidden, int vocab) {
    return new ModelSpec(
        "llama-test",
        layers,
        hidden,
        heads,
        kvHeads,
        headDim,
        ffnHidden,
        FfnActivation.SWIGLU,
        vocab,
        4096,
        false,
        Optional.empty(),
        Optional.empty(),
        "test");
  }

  /** A Llama-style attention block with mixture-of-experts SwiGLU feed-forward blocks. */
  static ModelSpec moe(
      int layers,
      int hidden,
      int heads,
      int kvHeads,
      int headDim,
      int ffnHidden,
      int vocab,
      MoeSpec moe) {
    return new ModelSpec(
        "moe-test",
        layers,
        hidden,
        heads,
        kvHeads,
        headDim,
        ffnHidden,
        FfnActivation.SWIGLU,
        vocab,
        4096,
        false,
        Optional.of(moe),
        Optional.empty(),
        "test");
  }

  static Builder job(ModelSpec model) {
    return new Builder(model);
  }

  /** Estimates on the standard cluster of {@code chip} with exactly the job's device count. */
  static TrainingEstimate estimate(TrainingSetup job, Accelerator chip) {
    return estimate(job, chip, job.parallelism().devices());
  }

  static TrainingEstimate estimate(TrainingSetup job, Accelerator chip, int devices) {
    return TrainingEstimator.estimate(
        job,
        DeviceAllocation.standalone(chip, devices),
        Calibrations.bundled().forAccelerator(chip));
  }

  static final class Builder {
    private final ModelSpec model;
    private int seq = 2048;
    private int microBatch = 1;
    private int globalBatch = 1;
    private int tp = 1;
    private int pp = 1;
    private int vpp = 1;
    private int cp = 1;
    private int ep = 1;
    private int dp = 1;
    private Recompute recompute = Recompute.NONE;
    private boolean sequenceParallel;
    private TrainingPrecision precision = TrainingPrecision.BF16;
    private int zeroStage;
    private boolean flashAttention;
    private boolean overlapGradReduce;

    private Builder(ModelSpec model) {
      this.model = model;
    }

    Builder seq(int value) {
      seq = value;
      return this;
    }

    Builder microBatch(int value) {
      microBatch = value;
      return this;
    }

    Builder globalBatch(int value) {
      globalBatch = value;
      return this;
    }

    Builder tp(int value) {
      tp = value;
      return this;
    }

    Builder pp(int value) {
      pp = value;
      return this;
    }

    Builder vpp(int value) {
      vpp = value;
      return this;
    }

    Builder cp(int value) {
      cp = value;
      return this;
    }

    Builder ep(int value) {
      ep = value;
      return this;
    }

    Builder dp(int value) {
      dp = value;
      return this;
    }

    Builder recompute(Recompute value) {
      recompute = value;
      return this;
    }

    Builder sequenceParallel(boolean value) {
      sequenceParallel = value;
      return this;
    }

    Builder precision(TrainingPrecision value) {
      precision = value;
      return this;
    }

    Builder zeroStage(int value) {
      zeroStage = value;
      return this;
    }

    Builder flashAttention(boolean value) {
      flashAttention = value;
      return this;
    }

    Builder overlapGradReduce(boolean value) {
      overlapGradReduce = value;
      return this;
    }

    TrainingSetup build() {
      return new TrainingSetup(
          model,
          seq,
          microBatch,
          globalBatch,
          new Parallelism(tp, pp, vpp, cp, ep, dp),
          recompute,
          sequenceParallel,
          precision,
          zeroStage,
          flashAttention,
          overlapGradReduce);
    }

    TrainingEstimate estimate(Accelerator chip) {
      return TrainingSetups.estimate(build(), chip);
    }
  }
}
