package dev.wanka.perf;

import static dev.wanka.perf.TrainingSetups.A100;
import static dev.wanka.perf.TrainingSetups.H100;
import static dev.wanka.perf.TrainingSetups.gpt;
import static dev.wanka.perf.TrainingSetups.job;
import static dev.wanka.perf.TrainingSetups.llama;
import static dev.wanka.perf.TrainingSetups.moe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Precision;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The physics of {@link TrainingEstimator}, pinned by hand calculations: every expected number is
 * written out from the published formula (Narayanan et al. SC'21 for FLOPs and the pipeline bubble,
 * Korthikanti et al. 2022 for activation memory, Rajbhandari et al. 2020 for ZeRO) or from the
 * model the estimator documents, never obtained by calling the code under test.
 */
class TrainingEstimatorTest {
  /** Relative tolerance for results that must agree up to floating point: 1e-11. */
  private static final double EXACT_PERCENT = 1e-9;

  /** The bundled calibration the estimator uses for the H100 (its Hopper entry). */
  private static Calibration nvidia() {
    return Calibrations.bundled().forAccelerator(H100);
  }

  private static double peak(Accelerator chip, Precision precision) {
    return chip.peak(precision).asOptional().getAsDouble() * 1e12;
  }

  // ---- 1. FLOPs ------------------------------------------------------------------------------

  @Nested
  class Flops {
    // A GPT-style model (Narayanan et al. SC'21, Section 5.1 shapes scaled down).
    static final int L = 4;
    static final int H = 2048;
    static final int A = 16;
    static final int V = 51200;
    static final int S = 2048;
    static final int B = 16;

    /** Narayanan et al. SC'21 eq. (3) without recomputation: 72·B·s·l·h²·(1 + s/6h + V/12lh). */
    private double narayananModelFlops() {
      double b = B;
      double s = S;
      double l = L;
      double h = H;
      double v = V;
      return 72 * b * s * l * h * h * (1 + s / (6 * h) + v / (12 * l * h));
    }

    @ParameterizedTest(name = "tp {0}, pp {1}, dp {2}, micro-batch {3}")
    @CsvSource({"1, 1, 1, 1", "8, 1, 1, 2", "2, 2, 2, 2", "4, 1, 2, 8", "1, 4, 1, 4"})
    void gptModelFlopsAreNarayanansFormulaWhateverTheSplit(int tp, int pp, int dp, int micro) {
      TrainingEstimate e =
          job(gpt(L, H, A, V))
              .seq(S)
              .microBatch(micro)
              .globalBatch(B)
              .tp(tp)
              .pp(pp)
              .dp(dp)
              .estimate(H100);

      assertThat(e.modelFlopsPerStep()).isCloseTo(narayananModelFlops(), withinPercentage(1e-9));
      assertThat(e.hardwareFlopsPerStep())
          .as("no recomputation: hardware FLOPs = model FLOPs")
          .isCloseTo(narayananModelFlops(), withinPercentage(EXACT_PERCENT));
    }

    @Test
    void gptModelFlopsHaveTheExpectedMagnitude() {
      // 72·16·2048·4·2048²·(1 + 1/6 + 51200/98304) = 3.95824e13 · 1.6875 = 6.67953e13
      TrainingEstimate e = job(gpt(L, H, A, V)).seq(S).globalBatch(B).estimate(H100);
      assertThat(e.modelFlopsPerStep()).isCloseTo(6.67953e13, withinPercentage(0.001));
    }

    @Test
    void fullRecomputationAddsOneForwardPassNotTheLogits() {
      double b = B;
      double s = S;
      double l = L;
      double h = H;
      double v = V;
      // Narayanan et al. SC'21 eq. (3): 96·B·s·l·h²·(1 + s/6h + V/16lh).
      double expected = 96 * b * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));

      TrainingEstimate e =
          job(gpt(L, H, A, V))
              .seq(S)
              .microBatch(2)
              .globalBatch(B)
              .tp(8)
              .recompute(Recompute.FULL)
              .estimate(H100);

      assertThat(e.hardwareFlopsPerStep()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
      assertThat(e.modelFlopsPerStep())
          .as("recomputation is not model work")
          .isCloseTo(narayananModelFlops(), withinPercentage(EXACT_PERCENT));
    }

    @Test
    void selectiveRecomputationAddsExactlyTheAttentionCoreForward() {
      double b = B;
      double s = S;
      double l = L;
      double h = H;
      // Korthikanti et al. 2022: Q·Kᵀ and scores·V, 2·B·s²·h FLOPs each per layer.
      double attentionCoreForward = 4 * b * s * s * h * l;

      TrainingEstimate e =
          job(gpt(L, H, A, V)).seq(S).globalBatch(B).recompute(Recompute.SELECTIVE).estimate(H100);

      assertThat(e.hardwareFlopsPerStep() - e.modelFlopsPerStep())
          .isCloseTo(attentionCoreForward, within(1e-9 * e.modelFlopsPerStep()));
      assertThat(e.modelFlopsPerStep())
          .isCloseTo(narayananModelFlops(), withinPercentage(EXACT_PERCENT));
    }

    @Test
    void normWeightsAreParametersButNotFlops() {
      ModelSpec model = gpt(L, H, A, V);
      double h = H;
      double l = L;
      double tokens = (double) B * S;
      // ModelSpec counts two norms per layer and a final norm: (2l + 1)·h weights ...
      long expectedParameters = (long) L * (12L * H * H + 2L * H) + (long) V * H + H;
      assertThat(model.parameters()).isEqualTo(expectedParameters);

      TrainingEstimate e = job(model).seq(S).globalBatch(B).estimate(H100);
      // ... which the FLOP count leaves out: FLOPs = 6·(N - norms)·tokens + attention core.
      double sixN = 6 * tokens * model.parameters();
      double attentionCore = 12 * l * S * h * tokens;
      double norms = 6 * tokens * (2 * l + 1) * h;
      assertThat(e.modelFlopsPerStep() - sixN - attentionCore)
          .as("model FLOPs minus 6·N·tokens minus the attention term = minus the norm weights")
          .isCloseTo(-norms, within(1e-9 * e.modelFlopsPerStep()));
    }

    @Test
    void llamaStyleFlopsAreSixMatmulWeightsPerTokenPlusAttention() {
      int l = 4;
      int h = 4096;
      int a = 32;
      int kv = 8;
      int d = 128;
      int f = 14336;
      int v = 128256;
      int s = 4096;
      int b = 8;
      double tokens = (double) b * s;
      // Matrix-multiply weights a token passes through: Q and O (h·a·d each), K and V (h·kv·d
      // each), three SwiGLU matrices (h·f each), the output layer (V·h); the input embedding is a
      // lookup.
      double perLayer = 2.0 * h * a * d + 2.0 * h * kv * d + 3.0 * h * f;
      double matmulWeights = l * perLayer + (double) v * h;
      // Attention core: scores and scores·V, 2·s·a·d FLOPs each per token, forward and backward;
      // fused, only the causal half is executed and counted.
      double attention = 3 * l * (4.0 * s * a * d) * tokens / 2;
      double expected = 6 * matmulWeights * tokens + attention;

      TrainingEstimate e =
          job(llama(l, h, a, kv, d, f, v))
              .seq(s)
              .microBatch(1)
              .globalBatch(b)
              .tp(8)
              .flashAttention(true)
              .estimate(H100);

      assertThat(e.modelFlopsPerStep()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
      // 6 · (4·218,103,808 + 525,336,576) · 32768 + 6 · 4 · 4096 · 4096 · 32768
      assertThat(e.modelFlopsPerStep()).isCloseTo(2.88003e14, withinPercentage(0.001));
    }

    @Test
    void mixtureOfExpertsFlopsCountActiveNotTotalParameters() {
      int l = 4;
      int h = 4096;
      int a = 32;
      int kv = 8;
      int d = 128;
      int f = 14336;
      int v = 32000;
      int s = 4096;
      int b = 8;
      ModelSpec model = moe(l, h, a, kv, d, f, v, new MoeSpec(8, 2, 0, f, 0));
      double tokens = (double) b * s;
      double attentionWeights = 2.0 * h * a * d + 2.0 * h * kv * d;
      double activeExperts = 2 * 3.0 * h * f; // top-2 of 8 SwiGLU experts
      double router = (double) h * 8;
      double expected =
          6 * (l * (attentionWeights + activeExperts + router) + (double) v * h) * tokens
              + 12.0 * l * s * a * d * tokens / 2; // fused attention: the causal half

      TrainingEstimate e = job(model).seq(s).globalBatch(b).flashAttention(true).estimate(H100);

      assertThat(e.modelFlopsPerStep()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
      double allExperts = 6.0 * model.parameters() * tokens;
      assertThat(e.modelFlopsPerStep())
          .as("far below 6 x total parameters x tokens")
          .isLessThan(0.4 * allExperts);
    }

    @Test
    void mixtureOfExpertsWithSharedExpertAndLeadingDenseLayer() {
      int l = 4;
      int h = 2048;
      int a = 16;
      int d = 128;
      int f = 8192;
      int expertF = 1024;
      int v = 32000;
      int s = 2048;
      int b = 4;
      // DeepSeek-style: 16 routed experts, top-4, one shared expert, layer 0 dense.
      ModelSpec model = moe(l, h, a, a, d, f, v, new MoeSpec(16, 4, 1, expertF, 1));
      double tokens = (double) b * s;
      double attentionWeights = 4.0 * h * h;
      double denseFfn = 3.0 * h * f;
      double moeFfn = (4 + 1) * 3.0 * h * expertF + 16.0 * h;
      double expected =
          6 * (l * attentionWeights + denseFfn + 3 * moeFfn + (double) v * h) * tokens
              + 12.0 * l * s * h * tokens;

      TrainingEstimate e = job(model).seq(s).globalBatch(b).estimate(H100);

      assertThat(e.modelFlopsPerStep()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
    }
  }

  // ---- 2. Memory -----------------------------------------------------------------------------

  @Nested
  class Memory {
    static final int H = 2048;
    static final int A = 16;
    static final int V = 51200;
    static final int S = 2048;
    static final int MICRO = 2;
    static final int T = 8;

    /** Korthikanti et al.'s s·b·h. */
    static final double SBH = (double) S * MICRO * H;

    /** Korthikanti et al.'s 5·a·s/h. */
    static final double SCORES = 5.0 * A * S / H;

    static Stream<Arguments> korthikantiTable2() {
      double t = T;
      return Stream.of(
          Arguments.of("no parallelism", 1, false, Recompute.NONE, false, SBH * (34 + SCORES)),
          Arguments.of(
              "tensor parallel", T, false, Recompute.NONE, false, SBH * (10 + 24 / t + SCORES / t)),
          Arguments.of(
              "tensor + sequence parallel",
              T,
              true,
              Recompute.NONE,
              false,
              SBH / t * (34 + SCORES)),
          Arguments.of(
              "tensor parallel + selective recompute",
              T,
              false,
              Recompute.SELECTIVE,
              false,
              SBH * (10 + 24 / t)),
          Arguments.of(
              "tensor + sequence parallel + selective recompute",
              T,
              true,
              Recompute.SELECTIVE,
              false,
              34 * SBH / t),
          Arguments.of("full recompute", 1, false, Recompute.FULL, false, 2 * SBH),
          Arguments.of("full recompute, tensor parallel", T, false, Recompute.FULL, false, 2 * SBH),
          Arguments.of(
              "full recompute, tensor + sequence parallel",
              T,
              true,
              Recompute.FULL,
              false,
              2 * SBH / t),
          // Not in Table 2: fused attention keeps no s x s scores, like selective recompute.
          Arguments.of(
              "tensor parallel + flash attention",
              T,
              false,
              Recompute.NONE,
              true,
              SBH * (10 + 24 / t)));
    }

    private TrainingEstimate estimate(
        int layers, int tp, boolean sp, Recompute recompute, boolean flash) {
      return job(gpt(layers, H, A, V))
          .seq(S)
          .microBatch(MICRO)
          .globalBatch(MICRO * 2)
          .tp(tp)
          .sequenceParallel(sp)
          .recompute(recompute)
          .flashAttention(flash)
          .estimate(H100);
    }

    /**
     * Bytes per layer per micro-batch as the difference between an 8-layer and a 4-layer model on
     * one pipeline stage: whatever the estimator adds per stage (logits, the layer being
     * recomputed) cancels.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("korthikantiTable2")
    void activationsPerLayerFollowKorthikantiTable2(
        String row, int tp, boolean sp, Recompute recompute, boolean flash, double expected) {
      double fourLayers = estimate(4, tp, sp, recompute, flash).memory().activationBytes();
      double eightLayers = estimate(8, tp, sp, recompute, flash).memory().activationBytes();

      assertThat((eightLayers - fourLayers) / 4)
          .as(row)
          .isCloseTo(expected, withinPercentage(EXACT_PERCENT));
    }

    @Test
    void activationsPerLayerWithoutParallelismHaveTheHandNumber() {
      // No recomputation, unfused, tp 1: s·b·h·(34 + 5·a·s/h) = 8,388,608 · 114 = 956,301,312 B.
      assertThat(SBH * (34 + SCORES)).isEqualTo(956_301_312.0);
      double fourLayers = estimate(4, 1, false, Recompute.NONE, false).memory().activationBytes();
      double eightLayers = estimate(8, 1, false, Recompute.NONE, false).memory().activationBytes();
      assertThat((eightLayers - fourLayers) / 4).isCloseTo(956_301_312.0, within(1e-3));
    }

    @Test
    void oneStageHoldsItsLayersAndTheFp32Logits() {
      int layers = 4;
      double t = T;
      // Documented extra term: FP32 logits and their gradient on the last stage, 2·4·s·b·V/t.
      double logits = 8.0 * S * MICRO * V / t;
      double perLayer = SBH * (10 + 24 / t + SCORES / t);

      TrainingEstimate e = estimate(layers, T, false, Recompute.NONE, false);

      assertThat(e.memory().activationBytes())
          .isCloseTo(layers * perLayer + logits, withinPercentage(EXACT_PERCENT));
    }

    @ParameterizedTest(name = "vocabulary {0}")
    @CsvSource({"51200", "8192"})
    void fullRecomputationHoldsLayerInputsPlusOneLayersActivationsOrTheLogits(int vocab) {
      int layers = 4;
      double sbh = (double) S * MICRO * H;
      // During the backward pass one recomputed layer holds everything (Table 2, first row);
      // at the end of the forward pass the FP32 logits and their gradient are alive instead.
      double recomputedLayer = sbh * (34 + SCORES);
      double logits = 8.0 * S * MICRO * vocab;

      TrainingEstimate e =
          job(gpt(layers, H, A, vocab))
              .seq(S)
              .microBatch(MICRO)
              .globalBatch(MICRO)
              .recompute(Recompute.FULL)
              .estimate(H100);

      assertThat(e.memory().activationBytes())
          .isCloseTo(
              layers * 2 * sbh + Math.max(recomputedLayer, logits),
              withinPercentage(EXACT_PERCENT));
    }

    @Test
    void firstPipelineStageHoldsPpMicroBatches() {
      int layers = 8;
      int pp = 4;
      double t = T;
      double perLayer = SBH * (10 + 24 / t + SCORES / t);
      // 1F1B: the first stage keeps min(m, pp) micro-batches of its l/pp layers; here m = 2 < pp.
      double expected = (double) layers / pp * perLayer * 2;

      TrainingEstimate e =
          job(gpt(layers, H, A, V))
              .seq(S)
              .microBatch(MICRO)
              .globalBatch(2 * MICRO)
              .tp(T)
              .pp(pp)
              .estimate(H100);

      assertThat(e.memory().activationBytes()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
    }

    @Test
    void interleavingAddsKorthikantisFactor() {
      int layers = 8;
      int pp = 2;
      int vpp = 2;
      double t = T;
      double perLayer = SBH * (10 + 24 / t + SCORES / t);
      // Korthikanti et al. 2022, Section 4.2.3: L·(1 + (p - 1)/(p·m)) layers' worth on stage 1.
      double expected = layers * perLayer * (1 + (pp - 1.0) / (pp * vpp));

      TrainingEstimate e =
          job(gpt(layers, H, A, V))
              .seq(S)
              .microBatch(MICRO)
              .globalBatch(4 * MICRO)
              .tp(T)
              .pp(pp)
              .vpp(vpp)
              .estimate(H100);

      assertThat(e.memory().activationBytes()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
    }

    @ParameterizedTest(name = "ZeRO stage {0}")
    @CsvSource({"0, 1, 1, 1", "1, 1, 1, 4", "2, 1, 4, 4", "3, 4, 4, 4"})
    void weightsGradientsAndOptimizerStatesShardByZeroStage(
        int zero, int weightShards, int gradientShards, int optimizerShards) {
      int layers = 4;
      int tp = 2;
      int dp = 4;
      double h = H;
      // Per tensor-parallel rank, one stage (pp 1, tied embeddings held once): attention 4h²,
      // GELU feed-forward 8h², two norms 2h per layer, the embedding V·h. The final norm (h) is
      // not counted; norms are divided by tp like everything else.
      double parameters = (layers * (12 * h * h + 2 * h) + (double) V * H) / tp;

      TrainingEstimate e =
          job(gpt(layers, H, A, V))
              .seq(S)
              .microBatch(1)
              .globalBatch(dp)
              .tp(tp)
              .dp(dp)
              .zeroStage(zero)
              .estimate(H100);

      TrainingMemory m = e.memory();
      assertThat(m.weightBytes())
          .isCloseTo(2 * parameters / weightShards, withinPercentage(EXACT_PERCENT));
      assertThat(m.gradientBytes())
          .isCloseTo(2 * parameters / gradientShards, withinPercentage(EXACT_PERCENT));
      assertThat(m.optimizerBytes())
          .isCloseTo(12 * parameters / optimizerShards, withinPercentage(EXACT_PERCENT));
      assertThat(m.totalBytes())
          .isEqualTo(
              m.weightBytes() + m.gradientBytes() + m.optimizerBytes() + m.activationBytes());
    }

    @Test
    void untiedEmbeddingsSplitOverPipelineStages() {
      int l = 4;
      int h = 1024;
      int a = 8;
      int kv = 2;
      int d = 128;
      int f = 4096;
      int v = 32000;
      // Each of the two stages: two layers (attention 2h·a·d + 2h·kv·d, SwiGLU 3h·f, norms 2h)
      // and one of the input embedding and the output layer (V·h).
      double perLayer = 2.0 * h * a * d + 2.0 * h * kv * d + 3.0 * h * f + 2.0 * h;
      double stage = 2 * perLayer + (double) v * h;

      TrainingEstimate e =
          job(llama(l, h, a, kv, d, f, v))
              .seq(2048)
              .globalBatch(4)
              .pp(2)
              .dp(2)
              .zeroStage(1)
              .estimate(H100);

      assertThat(e.memory().weightBytes()).isCloseTo(2 * stage, withinPercentage(EXACT_PERCENT));
      assertThat(e.memory().gradientBytes()).isCloseTo(2 * stage, withinPercentage(EXACT_PERCENT));
      assertThat(e.memory().optimizerBytes())
          .isCloseTo(12 * stage / 2, withinPercentage(EXACT_PERCENT));
    }

    @Test
    void capacityIsTheUsableFractionOfTheCatalogFigure() {
      TrainingEstimate e = job(gpt(2, 1024, 8, 32000)).globalBatch(1).estimate(H100);
      double expected =
          H100.memoryGB().asOptional().getAsDouble() * 1e9 * nvidia().usableMemoryFraction();
      assertThat(e.memory().capacityBytes()).isCloseTo(expected, withinPercentage(EXACT_PERCENT));
      assertThat(e.memory().capacityBytes()).isCloseTo(73.6e9, withinPercentage(1e-6));
    }
  }

  // ---- 3. Time -------------------------------------------------------------------------------

  @Nested
  class Time {

    /**
     * One device, fused attention: the step is the roofline sum the class comment documents, with a
     * backward pass twice the forward pass, selective recomputation adding the attention core and
     * full recomputation a forward pass.
     */
    @Test
    void oneDeviceStepIsTheDocumentedRooflineSum() {
      int l = 4;
      double h = 2048;
      int a = 16;
      double d = h / a;
      int v = 51200;
      double s = 2048;
      int m = 4;
      Calibration c = nvidia();
      double gemmRate = peak(H100, Precision.BF16) * c.gemmEfficiency();
      double attentionRate = peak(H100, Precision.BF16) * c.attentionEfficiency();
      double memoryRate =
          H100.memoryTBps().asOptional().getAsDouble() * 1e12 * c.memoryEfficiency();
      double tokens = s; // micro-batch 1

      double gemm = 2 * tokens * 12 * h * h / gemmRate;
      double core = 2 * tokens * s * a * (2 * d) * 0.5 / attentionRate; // causal half skipped
      // Norms and residuals 11 units, Q/K/V split 2·3h/h, GELU in and out 2·4h/h; a unit is
      // tokens·h·2 bytes.
      double kernels = tokens * h * 2 * (11 + 6 + 8) / memoryRate;
      double forward = gemm + core + kernels;
      double logits = 3 * 2 * tokens * h * v / gemmRate + 4 * tokens * v * 4 / memoryRate;
      double none = m * (l * 3 * forward + logits);
      double parameters = l * (12 * h * h + 2 * h) + v * h;
      double optimizer = parameters * 28 / memoryRate;

      TrainingSetups.Builder base =
          job(gpt(l, (int) h, a, v)).seq((int) s).microBatch(1).globalBatch(m).flashAttention(true);
      TrainingEstimate plain = base.estimate(H100);
      TrainingEstimate selective = base.recompute(Recompute.SELECTIVE).estimate(H100);
      TrainingEstimate full = base.recompute(Recompute.FULL).estimate(H100);

      assertThat(plain.computeSeconds()).isCloseTo(none, withinPercentage(EXACT_PERCENT));
      assertThat(plain.optimizerSeconds()).isCloseTo(optimizer, withinPercentage(EXACT_PERCENT));
      assertThat(plain.stepSeconds()).isCloseTo(none + optimizer, withinPercentage(EXACT_PERCENT));
      assertThat(selective.computeSeconds() - plain.computeSeconds())
          .isCloseTo(m * l * core, within(1e-12 * none));
      assertThat(full.computeSeconds() - plain.computeSeconds())
          .isCloseTo(m * l * forward, within(1e-12 * none));
      for (TrainingEstimate e : new TrainingEstimate[] {plain, selective, full}) {
        assertThat(e.tensorParallelSeconds()).isZero();
        assertThat(e.pipelineSeconds()).isZero();
        assertThat(e.bubbleSeconds()).isZero();
        assertThat(e.dataParallelSeconds()).isZero();
      }
    }

    /** Two all-reduces of s·b·h·2 bytes per layer forward, two backward (Narayanan et al.). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"NONE, 4", "SELECTIVE, 4", "FULL, 6"})
    void tensorParallelismAllReducesFourTimesPerLayerSixWithFullRecompute(
        Recompute recompute, int allReduces) {
      int l = 4;
      int h = 4096;
      int m = 4;
      double bytes = 2048.0 * h * 2;
      Calibration c = nvidia();
      double n = 8;
      double link = H100.scaleUp().bytesPerSecondEachWay().asOptional().getAsDouble();
      double bandwidth = link * c.scaleUpCollectiveEfficiency(); // 450 GB/s each way x efficiency
      double alpha = c.scaleUpLatencySeconds();
      double ring = 2 * (n - 1) / n * bytes / bandwidth + 2 * (n - 1) * alpha;
      double tree = 2 * bytes / bandwidth + 2 * 3 * alpha; // ceil(log2 8) = 3
      double allReduce = Math.min(ring, tree);

      TrainingEstimate e =
          job(gpt(l, h, 32, 51200))
              .seq(2048)
              .globalBatch(m)
              .tp(8)
              .recompute(recompute)
              .flashAttention(true)
              .estimate(H100);

      assertThat(e.tensorParallelSeconds())
          .isCloseTo(m * l * allReduces * allReduce, withinPercentage(EXACT_PERCENT));
      assertThat(e.tensorParallelSeconds()).isLessThan(e.computeSeconds());
    }

    @Test
    void doublingDataParallelAtFixedGlobalBatchHalvesCompute() {
      TrainingSetups.Builder base =
          job(gpt(4, 4096, 32, 51200))
              .seq(2048)
              .microBatch(1)
              .globalBatch(64)
              .tp(8)
              .zeroStage(1)
              .flashAttention(true);
      TrainingEstimate one = base.dp(1).estimate(H100);
      TrainingEstimate two = base.dp(2).estimate(H100);

      assertThat(two.computeSeconds() / one.computeSeconds()).isCloseTo(0.5, within(1e-12));
      assertThat(two.optimizerSeconds() / one.optimizerSeconds())
          .as("the distributed optimizer updates half the states per device")
          .isCloseTo(0.5, within(1e-12));
      assertThat(two.dataParallelSeconds()).isPositive();
      assertThat(two.stepSeconds() / one.stepSeconds()).isGreaterThan(0.5).isLessThan(0.6);
      assertThat(two.tokensPerSecond()).isGreaterThan(1.6 * one.tokensPerSecond());
    }

    @ParameterizedTest(name = "pp {0}, vpp {1}")
    @CsvSource({"2, 1", "4, 1", "4, 2", "2, 4", "4, 4"})
    void bubbleIsPpMinusOneOverVppMicroBatchTimes(int pp, int vpp) {
      int microBatches = 16;
      TrainingEstimate e =
          job(gpt(16, 4096, 32, 51200))
              .seq(2048)
              .microBatch(1)
              .globalBatch(microBatches)
              .tp(8)
              .pp(pp)
              .vpp(vpp)
              .flashAttention(true)
              .estimate(H100);

      // One activation transfer: s·b·h·2 / tp bytes (scatter-gather over tp) between nodes, over
      // one 400 Gb/s NIC at the scale-out efficiency plus its latency; 2·vpp per micro-batch.
      Calibration c = nvidia();
      double nic = H100.scaleOutGbps().asOptional().getAsDouble() * 1e9 / 8;
      double transfer =
          2048.0 * 4096 * 2 / 8 / (nic * c.scaleOutCollectiveEfficiency())
              + c.scaleOutLatencySeconds();
      assertThat(e.pipelineSeconds())
          .isCloseTo(microBatches * 2 * vpp * transfer, withinPercentage(EXACT_PERCENT));

      // (pp - 1)/vpp times the slowest stage's micro-batch, its transfers included ...
      double microBatchTime = (e.computeSeconds() + e.pipelineSeconds()) / microBatches;
      double expected = (pp - 1.0) / vpp;
      assertThat(e.bubbleSeconds() / microBatchTime)
          .isCloseTo(expected, withinPercentage(EXACT_PERCENT));
      // ... which is (pp - 1)/vpp compute-only micro-batches plus 2·(pp - 1) transfers to fill
      // and drain the pipeline.
      assertThat(e.bubbleSeconds())
          .isCloseTo(
              expected * e.computeSeconds() / microBatches + 2 * (pp - 1) * transfer,
              withinPercentage(EXACT_PERCENT));
    }

    @Test
    void noPipelineNoBubble() {
      TrainingEstimate e =
          job(gpt(16, 4096, 32, 51200)).seq(2048).globalBatch(16).tp(8).estimate(H100);
      assertThat(e.bubbleSeconds()).isZero();
      assertThat(e.pipelineSeconds()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BF16, NONE", "BF16, FULL", "FP8, SELECTIVE"})
    void stepPartsUtilizationAndThroughputAreConsistent(
        TrainingPrecision precision, Recompute recompute) {
      int global = 64;
      int seq = 2048;
      int devices = 64;
      TrainingEstimate e =
          job(gpt(16, 4096, 32, 51200))
              .seq(seq)
              .microBatch(1)
              .globalBatch(global)
              .tp(8)
              .pp(2)
              .dp(4)
              .zeroStage(1)
              .precision(precision)
              .recompute(recompute)
              .overlapGradReduce(true)
              .estimate(H100);

      double parts =
          e.computeSeconds()
              + e.pipelineSeconds()
              + e.bubbleSeconds()
              + e.dataParallelSeconds()
              + e.optimizerSeconds();
      assertThat(e.stepSeconds()).isCloseTo(parts, withinPercentage(EXACT_PERCENT));
      for (double part :
          new double[] {
            e.computeSeconds(),
            e.pipelineSeconds(),
            e.bubbleSeconds(),
            e.dataParallelSeconds(),
            e.optimizerSeconds()
          }) {
        assertThat(part).isGreaterThanOrEqualTo(0).isLessThan(e.stepSeconds());
      }
      assertThat(e.tensorParallelSeconds() + e.expertParallelSeconds() + e.contextParallelSeconds())
          .as("communication inside compute")
          .isPositive()
          .isLessThan(e.computeSeconds());
      assertThat(e.tokensPerSecond())
          .isCloseTo((double) global * seq / e.stepSeconds(), withinPercentage(EXACT_PERCENT));
      double peak = peak(H100, Precision.BF16); // MFU is quoted against the BF16 peak, FP8 too
      assertThat(e.peakFlopsPerDevice()).isEqualTo(peak);
      assertThat(e.mfu())
          .isCloseTo(
              e.modelFlopsPerStep() / e.stepSeconds() / devices / peak,
              withinPercentage(EXACT_PERCENT))
          .isGreaterThan(0)
          .isLessThan(1);
      assertThat(e.hfu()).isGreaterThanOrEqualTo(e.mfu()).isLessThan(1);
    }

    @Test
    void memoryBeyondCapacityDoesNotFit() {
      // ~64.4e9 weights / tp 8 x 16 bytes = 129 GB per device > 80 GB x 0.92.
      TrainingEstimate big =
          job(gpt(80, 8192, 64, 51200))
              .seq(2048)
              .globalBatch(1)
              .tp(8)
              .flashAttention(true)
              .recompute(Recompute.FULL)
              .estimate(H100);
      assertThat(big.memory().weightBytes() + big.memory().optimizerBytes())
          .isGreaterThan(big.memory().capacityBytes());
      assertThat(big.memory().fits()).isFalse();

      TrainingEstimate small =
          job(gpt(4, 2048, 16, 51200)).seq(2048).globalBatch(1).flashAttention(true).estimate(H100);
      assertThat(small.memory().fits()).isTrue();
    }

    @Test
    void fp8IsFasterThanBf16OnH100ForALargeModelButAtMostByTheGemmRateRatio() {
      TrainingSetups.Builder base =
          job(gpt(8, 8192, 64, 51200))
              .seq(4096)
              .microBatch(1)
              .globalBatch(8)
              .tp(8)
              .sequenceParallel(true)
              .flashAttention(true);
      TrainingEstimate bf16 = base.precision(TrainingPrecision.BF16).estimate(H100);
      TrainingEstimate fp8 = base.precision(TrainingPrecision.FP8).estimate(H100);

      Calibration c = nvidia();
      double gemmSpeedup =
          peak(H100, Precision.FP8)
              * c.fp8GemmEfficiency()
              / (peak(H100, Precision.BF16) * c.gemmEfficiency()); // 1979·ηfp8 / (989·η)
      double speedup = bf16.computeSeconds() / fp8.computeSeconds();
      assertThat(speedup).isGreaterThan(1.2).isLessThan(gemmSpeedup);
      assertThat(fp8.stepSeconds()).isLessThan(bf16.stepSeconds());
      assertThat(fp8.modelFlopsPerStep()).isEqualTo(bf16.modelFlopsPerStep());
    }

    @Test
    void tensorParallelismAcrossNodesIsSlowerThanInsideOne() {
      TrainingSetups.Builder base =
          job(gpt(8, 8192, 64, 51200))
              .seq(2048)
              .microBatch(1)
              .globalBatch(32)
              .sequenceParallel(true)
              .flashAttention(true);
      TrainingEstimate insideNode = base.tp(8).dp(2).estimate(H100);
      TrainingEstimate acrossNodes = base.tp(16).dp(1).estimate(H100);

      assertThat(acrossNodes.devices()).isEqualTo(insideNode.devices()).isEqualTo(16);
      assertThat(acrossNodes.stepSeconds()).isGreaterThan(insideNode.stepSeconds());
      // Per micro-batch both all-reduce the same s·b·h·2 bytes, four times per layer. Inside a node
      // the ring wins; across two nodes the hierarchical all-reduce: reduce-scatter over NVLink,
      // all-reduce of a 1/8 shard between the nodes on every GPU's own NIC, all-gather over NVLink.
      Calibration c = nvidia();
      double bytes = 2048.0 * 8192 * 2;
      double up =
          H100.scaleUp().bytesPerSecondEachWay().asOptional().getAsDouble()
              * c.scaleUpCollectiveEfficiency();
      double out =
          H100.scaleOutGbps().asOptional().getAsDouble()
              * 1e9
              / 8
              * c.scaleOutCollectiveEfficiency();
      double ring8 =
          Math.min(
              2 * 7.0 / 8 * bytes / up + 2 * 7 * c.scaleUpLatencySeconds(),
              2 * bytes / up + 2 * 3 * c.scaleUpLatencySeconds()); // ring or tree, the faster
      double hierarchical16 =
          2 * (7.0 / 8 * bytes / up + 1.0 / 2 * (bytes / 8) / out)
              + 2 * 7 * c.scaleUpLatencySeconds()
              + 2 * 1 * c.scaleOutLatencySeconds();
      assertThat(insideNode.tensorParallelSeconds())
          .isCloseTo(16 * 8 * 4 * ring8, withinPercentage(EXACT_PERCENT));
      assertThat(acrossNodes.tensorParallelSeconds())
          .isCloseTo(32 * 8 * 4 * hierarchical16, withinPercentage(EXACT_PERCENT));
      // About 307 us against 194 us per all-reduce with the Hopper calibration (1.6x), while
      // tp 16 halves the compute per device.
      assertThat(hierarchical16 / ring8).isGreaterThan(1.3).isLessThan(2);
    }
  }

  // ---- 4. Validation -------------------------------------------------------------------------

  @Nested
  class Validation {

    private InvalidSetupException failure(TrainingSetup job, Accelerator chip, int devices) {
      InvalidSetupException e =
          catchThrowableOfType(
              () -> TrainingSetups.estimate(job, chip, devices), InvalidSetupException.class);
      assertThat(e).as("InvalidSetupException").isNotNull();
      return e;
    }

    @Test
    void everyProblemIsListedAtOnceWithItsField() {
      TrainingSetup job =
          job(gpt(1, 2048, 16, 51200))
              .seq(2048)
              .microBatch(2)
              .globalBatch(3) // not a multiple of micro-batch 2 x dp 1
              .tp(3) // does not divide 16 heads; 3 x 2 does not divide 8 devices
              .pp(2) // more stages than the 1 layer; ZeRO 2 does not combine with it
              .ep(2) // dense model
              .zeroStage(2)
              .precision(TrainingPrecision.FP8) // no FP8 on Ampere
              .build();

      InvalidSetupException e = failure(job, A100, 8);

      assertThat(e.problems())
          .extracting(SetupProblem::field)
          .containsExactlyInAnyOrder(
              "devices", "globalBatch", "pp", "tp", "ep", "zeroStage", "precision");
      for (SetupProblem problem : e.problems()) {
        assertThat(e.getMessage()).contains(problem.field() + ": " + problem.message());
      }
    }

    static Stream<Arguments> singleProblems() {
      ModelSpec gpt = gpt(8, 2048, 16, 51200);
      return Stream.of(
          Arguments.of("devices", job(gpt).tp(8).build(), H100, 12, "tp x pp x cp = 8"),
          Arguments.of(
              "globalBatch",
              job(gpt).microBatch(2).globalBatch(6).dp(2).build(),
              H100,
              2,
              "multiple of the micro-batch x the data-parallel size = 2 x 2 = 4"),
          Arguments.of(
              "pp",
              job(gpt(2, 2048, 16, 51200)).pp(4).globalBatch(4).build(),
              H100,
              4,
              "4 stages are more than the model's 2 layers"),
          Arguments.of(
              "vpp",
              job(gpt(3, 2048, 16, 51200)).pp(2).vpp(2).globalBatch(4).build(),
              H100,
              2,
              "the smallest stage holds 1 of the model's 3"),
          Arguments.of(
              "tp", job(gpt(8, 768, 12, 51200)).tp(8).build(), H100, 8, "12 attention heads"),
          Arguments.of("ep", job(gpt).ep(2).dp(2).globalBatch(2).build(), H100, 2, "mixture"),
          Arguments.of(
              "zeroStage",
              job(gpt).pp(2).zeroStage(2).globalBatch(2).build(),
              H100,
              2,
              "ZeRO stage 2"),
          Arguments.of(
              "zeroStage",
              job(gpt).pp(2).zeroStage(3).globalBatch(2).build(),
              H100,
              2,
              "ZeRO stage 3"),
          Arguments.of(
              "precision",
              job(gpt).precision(TrainingPrecision.FP8).build(),
              A100,
              1,
              "a100-sxm-80gb has no known dense fp8 peak"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("singleProblems")
    void eachProblemNamesItsField(
        String field, TrainingSetup job, Accelerator chip, int devices, String message) {
      InvalidSetupException e = failure(job, chip, devices);

      assertThat(e.problems()).hasSize(1);
      assertThat(e.problems().get(0).field()).isEqualTo(field);
      assertThat(e.problems().get(0).message()).contains(message);
    }

    @Test
    void theSameJobsAreValidWhenFixed() {
      ModelSpec gpt = gpt(8, 2048, 16, 51200);
      assertThat(TrainingSetups.estimate(job(gpt).tp(8).build(), H100).stepSeconds()).isPositive();
      assertThat(
              TrainingSetups.estimate(job(gpt).pp(2).zeroStage(1).globalBatch(2).build(), H100)
                  .stepSeconds())
          .isPositive();
      assertThat(
              TrainingSetups.estimate(job(gpt).precision(TrainingPrecision.FP8).build(), H100)
                  .stepSeconds())
          .isPositive();
      assertThat(
              TrainingSetups.estimate(job(gpt).zeroStage(3).dp(2).globalBatch(2).build(), A100)
                  .stepSeconds())
          .isPositive();
    }
  }

  /** Bugs found by these tests, each pinned where it was fixed. */
  @Nested
  class Regressions {
    @Test
    void theLastStageCountsItsDenseAndMoeLayersApart() {
      ModelSpec m = moe(4, 2048, 16, 16, 128, 8192, 32000, new MoeSpec(16, 4, 1, 512, 3));
      double dense = 10 + 2 + 4 + 2 + 8192.0 / 2048 * 6;
      double moeLayer = 10 + 2 + 4 + 2 + 5 * 512.0 / 2048 * 6 + 8;
      TrainingEstimate e = job(m).seq(2048).globalBatch(1).flashAttention(true).estimate(H100);
      assertThat(e.memory().activationBytes())
          .isCloseTo(
              8.0 * 2048 * 32000 + (3 * dense + moeLayer) * 2048.0 * 2048, withinPercentage(1e-9));
    }

    @Test
    void tooFewDataParallelRanksForTheDevicesSaysWhatDpMustBe() {
      TrainingSetup job = job(gpt(8, 2048, 16, 51200)).tp(8).build();
      InvalidSetupException e =
          catchThrowableOfType(
              () -> TrainingSetups.estimate(job, H100, 16), InvalidSetupException.class);
      assertThat(e.getMessage())
          .contains("the data-parallel size must be 2")
          .doesNotContain("16 is not a multiple");
    }

    @Test
    void fp8LeavesTheOutputLayerInBf16() {
      double[] vocabCost = new double[2];
      TrainingPrecision[] precisions = {TrainingPrecision.BF16, TrainingPrecision.FP8};
      for (int i = 0; i < 2; i++) {
        double large =
            job(gpt(4, 4096, 32, 256000)).precision(precisions[i]).estimate(H100).computeSeconds();
        double small =
            job(gpt(4, 4096, 32, 32000)).precision(precisions[i]).estimate(H100).computeSeconds();
        vocabCost[i] = large - small;
      }
      assertThat(vocabCost[1]).isCloseTo(vocabCost[0], withinPercentage(1e-6));
    }

    @Test
    void hardwareUtilizationStaysBelowOneAtMillionTokenContexts() {
      TrainingEstimate e =
          job(llama(2, 4096, 32, 8, 128, 14336, 128256))
              .seq(1 << 20)
              .tp(8)
              .cp(8)
              .globalBatch(1)
              .flashAttention(true)
              .sequenceParallel(true)
              .recompute(Recompute.SELECTIVE)
              .estimate(H100);
      assertThat(e.hfu()).isLessThan(1);
    }

    @Test
    void theBusiestStageMayBeAMiddleOneWithMoreLayers() {
      // 126 layers on 16 stages: 7 on the ends, 8 in the middle; stage 1 also has 15 of 16
      // micro-batches in flight, so it needs more activation memory than stage 0.
      TrainingEstimate e =
          job(llama(126, 2048, 16, 8, 128, 8192, 32000))
              .pp(16)
              .globalBatch(16)
              .flashAttention(true)
              .estimate(H100);
      double perLayer = (10 + 2 + 2 + 2 + 6 * 8192.0 / 2048) * 2048.0 * 2048;
      assertThat(e.memory().activationBytes()).isCloseTo(8 * 15 * perLayer, withinPercentage(1e-9));
    }

    @Test
    void anUnevenInterleavedStageBubblesByItsLargestChunk() {
      // 16 layers on 4 stages, 2 chunks of 2: a chunk is half a stage.
      TrainingEstimate even =
          job(gpt(16, 2048, 16, 51200)).pp(4).vpp(2).globalBatch(8).estimate(H100);
      assertThat(even.bubbleSeconds())
          .isCloseTo(3 * 0.5 * perMicroBatch(even), withinPercentage(1e-9));
      // 18 layers on 4 stages: 4, 5, 5, 4; vpp 2 splits a 5-layer stage into 3 + 2. (A small
      // vocabulary keeps the last stage's output layer from making it the slowest.)
      TrainingEstimate uneven =
          job(gpt(18, 2048, 16, 1024)).pp(4).vpp(2).globalBatch(8).estimate(H100);
      assertThat(uneven.bubbleSeconds())
          .isCloseTo(3 * 3.0 / 5 * perMicroBatch(uneven), withinPercentage(1e-9));
    }

    private double perMicroBatch(TrainingEstimate e) {
      int m = e.job().microBatches();
      return (e.computeSeconds() + e.pipelineSeconds()) / m;
    }

    @Test
    void expertParallelismNeedsMoeLayersAndTensorRanksWholeKvHeads() {
      ModelSpec allDense = moe(4, 2048, 16, 16, 128, 8192, 32000, new MoeSpec(16, 4, 0, 512, 4));
      InvalidSetupException dense =
          catchThrowableOfType(
              () -> TrainingSetups.estimate(job(allDense).ep(2).dp(2).globalBatch(2).build(), H100),
              InvalidSetupException.class);
      assertThat(dense.problems()).extracting(SetupProblem::field).containsExactly("ep");
      InvalidSetupException kv =
          catchThrowableOfType(
              () ->
                  TrainingSetups.estimate(
                      job(llama(4, 3072, 24, 6, 128, 8192, 32000)).tp(4).build(), H100),
              InvalidSetupException.class);
      assertThat(kv.getMessage()).contains("6 key/value heads");
    }
  }
}
