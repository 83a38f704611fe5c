package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Pins the serving model's physics on a test chip with round figures. */
class InferenceEstimatorTest {
  private static final String TEST_CHIP =
      """
      - id: round-chip
        vendor: Testvendor
        model: Round
        year: 2026
        peak: {bf16: 1000, fp16: 1000, fp8: 2000, int8: 2000}
        memoryGB: 100
        memoryTBps: 2
        scaleUp: {link: TestLink, gbytesPerSecond: 400, direction: unidirectional, domainSize: 8}
        scaleOutGbps: 400
        tdpWatts: 1000
        confidence: measured
        source: a test
      """;
  private static final Catalog CATALOG = Catalog.bundled().withOverrides("test.yaml", TEST_CHIP);
  private static final Accelerator CHIP = CATALOG.find("round-chip").orElseThrow();
  private static final Calibration CALIBRATION =
      new Calibration(
          "Testvendor", List.of(), 0.5, 0.5, 0.5, 0.8, 0.8, 0.9, 2e-6, 10e-6, 0.9, "test");
  private static final ModelSpec LLAMA3_70B =
      ModelCatalog.bundled().find("llama3-70b").orElseThrow().spec();

  private static InferenceEstimate estimate(
      ModelSpec model, WeightFormat weights, int tp, int batch, int input, int output) {
    return InferenceEstimator.estimate(
        new InferenceJob(model, weights, 2, tp, batch, input, output),
        DeviceAllocation.standalone(CHIP, tp),
        CALIBRATION);
  }

  @Test
  void kvCacheOfGroupedQueryAttentionIsTwoTimesKvHeadsTimesHeadDimPerLayer() {
    // Llama 3 70B: 80 layers x 2 (K and V) x 8 heads x 128 x 2 bytes.
    double perToken = 80 * 2 * 8 * 128 * 2;
    assertThat(estimate(LLAMA3_70B, WeightFormat.BF16, 1, 1, 100, 10).kvCacheBytesPerToken())
        .isEqualTo(perToken);
    assertThat(estimate(LLAMA3_70B, WeightFormat.BF16, 8, 1, 100, 10).kvCacheBytesPerToken())
        .isEqualTo(perToken / 8);
  }

  @Test
  void anMlaLatentIsCachedWholeOnEveryTensorParallelRank() {
    ModelSpec deepseek = ModelCatalog.bundled().find("deepseek-v3").orElseThrow().spec();
    double perToken = 61 * (512 + 64) * 2;
    assertThat(estimate(deepseek, WeightFormat.FP8, 8, 1, 100, 10).kvCacheBytesPerToken())
        .isEqualTo(perToken);
  }

  @Test
  void aStepAtBatchOneTakesTheBytesReadOverTheAchievedBandwidth() {
    InferenceEstimate e = estimate(LLAMA3_70B, WeightFormat.BF16, 1, 1, 1000, 200);
    double weights = (LLAMA3_70B.parameters() - 128256.0 * 8192) * 2; // embedding: one row each
    // The sequence at context 1,000 + 100, and 1,000 / 200 = 5 prompt tokens prefilled alongside,
    // each reading 500 earlier tokens on average.
    double kv = (1000 + 100 + 5 * 500) * (80 * 2 * 8 * 128 * 2.0);
    assertThat(e.stepSeconds()).isCloseTo((weights + kv) / (2e12 * 0.8), relative());
  }

  @Test
  void aStepAtBatchOneIsInverselyProportionalToMemoryBandwidth() {
    Catalog faster =
        CATALOG.withOverrides(
            "faster.yaml",
            TEST_CHIP.replace("round-chip", "fast-chip").replace("memoryTBps: 2", "memoryTBps: 4"));
    InferenceEstimate slow = estimate(LLAMA3_70B, WeightFormat.BF16, 1, 1, 1000, 200);
    InferenceEstimate fast =
        InferenceEstimator.estimate(
            new InferenceJob(LLAMA3_70B, WeightFormat.BF16, 2, 1, 1, 1000, 200),
            DeviceAllocation.standalone(faster.find("fast-chip").orElseThrow(), 1),
            CALIBRATION);
    assertThat(fast.stepSeconds()).isCloseTo(slow.stepSeconds() / 2, relative());
  }

  @Test
  void fourBitWeightsHalveTheBatchOneDecodeOfEightBitWeightsWhenTheCacheIsSmall() {
    double int8 = estimate(LLAMA3_70B, WeightFormat.INT8, 1, 1, 10, 2).stepSeconds();
    double int4 = estimate(LLAMA3_70B, WeightFormat.INT4, 1, 1, 10, 2).stepSeconds();
    assertThat(int4 / int8).isCloseTo(0.5, within(0.001));
  }

  @Test
  void aLargeBatchMakesDecodeComputeBound() {
    // Short prompts, long answers: the steps are almost pure decode.
    InferenceEstimate small = estimate(LLAMA3_70B, WeightFormat.FP8, 8, 1, 10, 1000);
    InferenceEstimate large = estimate(LLAMA3_70B, WeightFormat.FP8, 8, 4096, 10, 1000);
    // Per token, a large batch is far cheaper: the weights are read once for all sequences.
    assertThat(large.stepSeconds() / 4096).isLessThan(small.stepSeconds() / 50);
    double matmul = 2.0 * 4096 * (LLAMA3_70B.activeParameters() - 128256.0 * 8192) / 8;
    assertThat(large.stepSeconds()).isGreaterThan(matmul / (2000e12 * 0.5));
  }

  @Test
  void aMixtureOfExpertsAtBatchOneReadsOnlyItsRoutedExperts() {
    ModelSpec mixtral = ModelCatalog.bundled().find("mixtral-8x7b").orElseThrow().spec();
    ModelSpec dense =
        new ModelSpec(
            "dense-twin",
            mixtral.layers(),
            mixtral.hidden(),
            mixtral.heads(),
            mixtral.kvHeads(),
            mixtral.headDim(),
            mixtral.ffnHidden(),
            mixtral.ffnActivation(),
            mixtral.vocab(),
            mixtral.seq(),
            false,
            Optional.empty(),
            Optional.empty(),
            "test");
    // 10 prompt tokens per 1,000 output tokens: the step is one decode token, almost alone.
    double moeStep = estimate(mixtral, WeightFormat.BF16, 1, 1, 10, 1000).stepSeconds();
    double denseStep = estimate(dense, WeightFormat.BF16, 1, 1, 10, 1000).stepSeconds();
    // Top-2 of 8 experts at batch 1: about twice the dense twin's feed-forward weights, not 8x.
    assertThat(moeStep / denseStep).isBetween(1.6, 2.2);
  }

  @Test
  void longPromptsMakePrefillComputeBound() {
    InferenceEstimate e = estimate(LLAMA3_70B, WeightFormat.BF16, 1, 1, 8192, 10);
    double matmul = 2.0 * 8192 * (LLAMA3_70B.activeParameters() - 2 * 128256.0 * 8192);
    double attention = 2.0 * 8192 * 8192 / 2 * 64 * 256 * 80;
    double expected = matmul / (1000e12 * 0.5) + attention / (1000e12 * 0.5);
    assertThat(e.prefillSeconds()).isCloseTo(expected, Offset.offset(expected * 0.01));
    // Alone in its slot, a request waits for the previous one's 10 tokens: 10 steps.
    assertThat(e.ttftSeconds()).isEqualTo(10 * e.stepSeconds());
  }

  @Test
  void theLargestBatchIsTheCacheThatFitsBesideTheWeights() {
    InferenceEstimate e = estimate(LLAMA3_70B, WeightFormat.FP8, 8, 1, 2000, 500);
    double capacity = 100e9 * 0.9;
    double weights = LLAMA3_70B.parameters() * 1.0 / 8;
    double perSequence = 2500 * (80 * 2 * 8 * 128 * 2.0 / 8);
    assertThat(e.maxBatch()).isEqualTo((int) Math.floor((capacity - weights) / perSequence));
    assertThat(estimate(LLAMA3_70B, WeightFormat.BF16, 1, 1, 2000, 500).fitsInMemory()).isFalse();
  }

  @Test
  void everySequenceGetsATokenPerStepAndASlotFreesEveryOutputOverBatchSteps() {
    InferenceEstimate e = estimate(LLAMA3_70B, WeightFormat.FP8, 8, 64, 1000, 300);
    assertThat(e.tpotSeconds()).isEqualTo(e.stepSeconds());
    assertThat(e.outputTokensPerSecond()).isCloseTo(64 / e.stepSeconds(), relative());
    assertThat(e.requestsPerSecond()).isCloseTo(64 / e.stepSeconds() / 300, relative());
    assertThat(e.ttftSeconds()).isEqualTo(Math.ceil(300.0 / 64) * e.stepSeconds());
    assertThat(e.outputTokensPerSecondPerDevice()).isCloseTo(64 / e.stepSeconds() / 8, relative());
    assertThat(e.deviceHoursPerMillionTokens())
        .isCloseTo(8 / e.outputTokensPerSecond() * 1e6 / 3600, relative());
    assertThat(e.kilowattHoursPerMillionTokens().getAsDouble())
        .isCloseTo(e.deviceHoursPerMillionTokens(), relative()); // 1000 W devices
  }

  @Test
  void badInputsAreAllReportedWithTheirFields() {
    assertThatThrownBy(
            () ->
                InferenceEstimator.estimate(
                    new InferenceJob(LLAMA3_70B, WeightFormat.FP8, 2, 3, 0, 0, 10),
                    DeviceAllocation.standalone(Catalog.bundled().find("a100").orElseThrow(), 8),
                    CALIBRATION))
        .isInstanceOfSatisfying(
            InvalidSetupException.class,
            e ->
                assertThat(e.problems())
                    .extracting(SetupProblem::field)
                    .containsExactly("tp", "batch", "inputTokens", "weights"));
  }

  @Test
  void aStepPrefillsTheSliceOfNewPromptsThatKeepsTheBatchFull() {
    // Batch 64, 4,000-token prompts, 100 output tokens: 2,560 prompt tokens join every step, so
    // the step is compute-bound and costs at least their matrix products.
    InferenceEstimate e = estimate(LLAMA3_70B, WeightFormat.BF16, 8, 64, 4000, 100);
    double matmul = 2.0 * (64 + 2560) * (LLAMA3_70B.activeParameters() - 2 * 128256.0 * 8192) / 8;
    assertThat(e.stepSeconds()).isGreaterThan(matmul / (1000e12 * 0.5));
  }

  @Test
  void aTiedOutputLayerIsReadInDecodeLikeAnUntiedOne() {
    ModelSpec untied = TrainingSetups.llama(8, 2048, 16, 8, 128, 8192, 128256);
    ModelSpec tied =
        new ModelSpec(
            "tied",
            untied.layers(),
            untied.hidden(),
            untied.heads(),
            untied.kvHeads(),
            untied.headDim(),
            untied.ffnHidden(),
            untied.ffnActivation(),
            untied.vocab(),
            untied.seq(),
            true,
            Optional.empty(),
            Optional.empty(),
            "test");
    double untiedStep = estimate(untied, WeightFormat.BF16, 1, 1, 10, 2).stepSeconds();
    double tiedStep = estimate(tied, WeightFormat.BF16, 1, 1, 10, 2).stepSeconds();
    // The same matrices are read; the untied model only holds one more embedding (read as rows).
    assertThat(tiedStep).isCloseTo(untiedStep, Offset.offset(untiedStep * 1e-6));
  }

  @Test
  void tensorParallelRanksHoldWholeKeyValueHeads() {
    ModelSpec sixKvHeads = TrainingSetups.llama(4, 2048, 24, 6, 128, 8192, 32000);
    assertThatThrownBy(() -> estimate(sixKvHeads, WeightFormat.BF16, 4, 1, 10, 2))
        .isInstanceOfSatisfying(
            InvalidSetupException.class,
            e -> assertThat(e.problems()).extracting(SetupProblem::field).containsExactly("tp"));
    // 16 ranks over Llama 3 70B's 8 KV heads: each head is held by two ranks.
    assertThat(estimate(LLAMA3_70B, WeightFormat.BF16, 16, 1, 10, 2).kvCacheBytesPerToken())
        .isEqualTo(80 * 2 * 128 * 2);
  }

  private static Offset<Double> relative() {
    return Offset.offset(1e-9);
  }
}
