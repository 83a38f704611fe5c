package dev.wanka.perf;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * The analytic serving model. Prefill is compute-bound: the prompt's matrix products at the weight
 * format's peak, causal attention at the fused-attention efficiency. Decode is bandwidth-bound:
 * every step reads the weights (for a mixture of experts, the experts the batch touches) and each
 * sequence's KV cache, unless the batch is large enough for the products to dominate. Tensor
 * parallelism splits weights, KV heads and work over the replica's devices and adds two all-reduces
 * per layer, whose latency dominates at small batches.
 */
public final class InferenceEstimator {
  private static final double ACTIVATION_BYTES = 2;

  private final InferenceJob job;
  private final DeviceAllocation allocation;
  private final Calibration calibration;
  private final ModelSpec model;
  private final double computeFlopsPerSecond;
  private final double attentionFlopsPerSecond;
  private final double memoryBytesPerSecond;

  private InferenceEstimator(
      InferenceJob job,
      DeviceAllocation allocation,
      Calibration calibration,
      double computePeak,
      double bf16Peak,
      double memoryBandwidth) {
    this.job = job;
    this.allocation = allocation;
    this.calibration = calibration;
    this.model = job.model();
    double efficiency =
        job.weights().computePrecision() == Precision.BF16
            ? calibration.gemmEfficiency()
            : calibration.fp8GemmEfficiency();
    this.computeFlopsPerSecond = computePeak * efficiency;
    this.attentionFlopsPerSecond = bf16Peak * calibration.attentionEfficiency();
    this.memoryBytesPerSecond = memoryBandwidth * calibration.memoryEfficiency();
  }

  /**
   * Estimates one configuration.
   *
   * @throws InvalidSetupException listing every input that does not fit the model or the hardware
   */
  public static InferenceEstimate estimate(
      InferenceJob job, DeviceAllocation allocation, Calibration calibration) {
    List<SetupProblem> problems = new ArrayList<>();
    ModelSpec model = job.model();
    if (job.tp() < 1 || model.heads() % job.tp() != 0) {
      problems.add(
          new SetupProblem(
              "tp", job.tp() + " must be >= 1 and divide the model's " + model.heads() + " heads"));
    } else if (model.mla().isEmpty()
        && model.kvHeads() % job.tp() != 0
        && job.tp() % model.kvHeads() != 0) {
      problems.add(
          new SetupProblem(
              "tp",
              job.tp()
                  + " must divide the model's "
                  + model.kvHeads()
                  + " key/value heads or be a multiple of them (each rank holds whole heads)"));
    } else if (job.tp() > allocation.devices()) {
      problems.add(
          new SetupProblem(
              "tp", job.tp() + " is more than the " + allocation.devices() + " devices given"));
    }
    if (job.batch() < 1) {
      problems.add(new SetupProblem("batch", job.batch() + " must be >= 1"));
    }
    if (job.inputTokens() < 1) {
      problems.add(new SetupProblem("inputTokens", job.inputTokens() + " must be >= 1"));
    }
    if (job.outputTokens() < 1) {
      problems.add(new SetupProblem("outputTokens", job.outputTokens() + " must be >= 1"));
    }
    Accelerator chip = allocation.accelerator();
    Figure computePeak = chip.peak(job.weights().computePrecision());
    if (!computePeak.isKnown()) {
      List<String> usable = new ArrayList<>();
      for (WeightFormat format : WeightFormat.values()) {
        if (chip.peak(format.computePrecision()).isKnown()) {
          usable.add(format.keyword());
        }
      }
      problems.add(
          new SetupProblem(
              "weights",
              chip.id()
                  + " has no known dense "
                  + job.weights().computePrecision().keyword()
                  + " peak ("
                  + computePeak.reason()
                  + ")"
                  + (usable.isEmpty()
                      ? ""
                      : "; formats it can run: " + String.join(", ", usable))));
    }
    Figure bf16Peak = chip.peak(Precision.BF16);
    for (Figure needed : List.of(bf16Peak, chip.memoryTBps(), chip.memoryGB())) {
      if (!needed.isKnown()) {
        problems.add(
            new SetupProblem(
                "accelerator",
                "the catalog lacks a figure the model needs for "
                    + chip.id()
                    + " ("
                    + needed.reason()
                    + "); give it in a --catalog override"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSetupException(problems);
    }
    return new InferenceEstimator(
            job,
            allocation,
            calibration,
            computePeak.asOptional().getAsDouble() * 1e12,
            bf16Peak.asOptional().getAsDouble() * 1e12,
            chip.memoryTBps().asOptional().getAsDouble() * 1e12)
        .run();
  }

  private InferenceEstimate run() {
    double tp = job.tp();
    double weights = model.parameters() * job.weights().bytesPerParameter() / tp;
    double kvPerToken = kvCacheBytesPerTokenPerDevice();
    double capacity = allocation.usableMemoryBytes(calibration);
    double perSequence = kvPerToken * (job.inputTokens() + job.outputTokens());
    int maxBatch = (int) Math.max(0, Math.floor((capacity - weights) / perSequence));
    return new InferenceEstimate(
        job,
        allocation.accelerator().id(),
        prefillSeconds(),
        stepSeconds(),
        weights,
        kvPerToken,
        capacity,
        maxBatch,
        allocation.pool().devicesPerNode(),
        allocation.wattsPerDevice());
  }

  /**
   * KV cache per token of context on one device: key/value heads split over tensor-parallel ranks
   * (replicated when there are fewer heads than ranks); an MLA latent is replicated on every rank.
   */
  double kvCacheBytesPerTokenPerDevice() {
    double perToken =
        model.layers() * model.kvCacheElementsPerTokenPerLayer() * job.kvCacheBytesPerElement();
    if (model.mla().isPresent()) {
      return perToken;
    }
    return perToken / Math.min(job.tp(), model.kvHeads());
  }

  /** The attention core of one token against {@code context} keys, over every layer. */
  private double coreFlopsOverLayers(double context) {
    return model.attentionCoreFlopsPerToken(context) * model.layers();
  }

  /** Weights of the matrix products one token passes through (embedding lookup excluded). */
  private double layerMatmulParameters() {
    return model.layers() * (double) model.attentionParametersPerLayer()
        + model.denseLayers() * (double) model.denseFfnParameters()
        + model.moeLayers() * (double) model.moeLayerActiveParameters();
  }

  private double outputLayerParameters() {
    return (double) model.vocab() * model.hidden();
  }

  /** One prompt alone on an idle replica: the weights are read once for all its tokens. */
  private double prefillSeconds() {
    double tp = job.tp();
    double prompt = job.inputTokens();
    double flops = 2 * prompt * layerMatmulParameters() / tp + 2 * outputLayerParameters() / tp;
    double weightBytes = weightsRead(prompt) * job.weights().bytesPerParameter() / tp;
    double products = Math.max(flops / computeFlopsPerSecond, weightBytes / memoryBytesPerSecond);
    // Causal attention: each prompt token attends to the ones before it.
    double attention = prompt * coreFlopsOverLayers(prompt / 2) / tp / attentionFlopsPerSecond;
    return products + attention + tensorParallelSeconds(prompt);
  }

  /**
   * One steady-state step under continuous batching with chunked prefill: each of the b sequences
   * decodes a token at the average context I + O/2, and since a sequence lives O steps, b/O new
   * prompts of I tokens join per step, prefilled alongside (each attending to I/2 earlier tokens on
   * average). Reads the weights the step's tokens touch and the batch's KV cache.
   */
  private double stepSeconds() {
    double tp = job.tp();
    double batch = job.batch();
    double context = job.inputTokens() + job.outputTokens() / 2.0;
    double prefillTokens = (double) job.inputTokens() * batch / job.outputTokens();
    double tokens = batch + prefillTokens;
    double flops =
        2 * tokens * layerMatmulParameters() / tp
            + 2 * batch * outputLayerParameters() / tp
            + (batch * coreFlopsOverLayers(context)
                    + prefillTokens * coreFlopsOverLayers(job.inputTokens() / 2.0))
                / tp;
    double weightBytes = weightsRead(tokens) * job.weights().bytesPerParameter() / tp;
    double kvBytes =
        (batch * context + prefillTokens * job.inputTokens() / 2.0)
            * kvCacheBytesPerTokenPerDevice();
    double memory = (weightBytes + kvBytes) / memoryBytesPerSecond;
    return Math.max(flops / computeFlopsPerSecond, memory) + tensorParallelSeconds(tokens);
  }

  /**
   * Weights a pass over {@code tokens} tokens reads: every matrix the tokens pass through, and the
   * output layer (the input embedding only as rows, unless it is tied to the output layer); for a
   * mixture of experts, the expected number of distinct experts the tokens route to, E (1 - (1 -
   * k/E)^tokens) per layer.
   */
  private double weightsRead(double tokens) {
    double embeddingRows = model.tiedEmbeddings() ? 0 : (double) model.vocab() * model.hidden();
    double total = model.parameters() - embeddingRows;
    if (!model.isMoe()) {
      return total;
    }
    MoeSpec moe = model.moe().get();
    double experts = moe.experts();
    double touched = experts * (1 - Math.pow(1 - moe.topK() / experts, tokens));
    double untouched = (experts - touched) * model.expertParameters() * model.moeLayers();
    return total - untouched;
  }

  /** Two all-reduces of the tokens' hidden states per layer. */
  private double tensorParallelSeconds(double tokens) {
    if (job.tp() == 1) {
      return 0;
    }
    CommGroup group = allocation.group(job.tp(), 1, calibration);
    double bytes = tokens * model.hidden() * ACTIVATION_BYTES;
    return 2 * model.layers() * new Collectives(1.0).allReduceSeconds(group, bytes);
  }
}
