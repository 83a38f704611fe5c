package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ModelSpec's parameter counts against the totals the model authors publish, and its attention
 * formulas against hand calculations on tiny shapes.
 */
class ModelSpecTest {
  private static final ModelCatalog CATALOG = ModelCatalog.bundled();

  private static ModelSpec preset(String id) {
    return CATALOG.find(id).orElseThrow(() -> new AssertionError(id + " is not bundled")).spec();
  }

  // ---- dense models against published totals (within 1%) --------------------------------------

  static Stream<Arguments> denseTotals() {
    return Stream.of(
        // GPT-3 paper Table 2.1: 175.0B (includes biases and position embeddings)
        Arguments.of("gpt3-175b", 175.0e9),
        // Llama 2: 6.74B / 13.0B / 69.0B weights in the released checkpoints
        Arguments.of("llama2-7b", 6.74e9),
        Arguments.of("llama2-13b", 13.0e9),
        Arguments.of("llama2-70b", 69.0e9),
        // Llama 3 / 3.1: 8.03B / 70.6B / 405.9B weights in the released checkpoints
        Arguments.of("llama3-8b", 8.03e9),
        Arguments.of("llama3-70b", 70.6e9),
        Arguments.of("llama3-405b", 405.9e9),
        // Qwen2.5-72B model card: 72.7B (its QKV biases are not counted here)
        Arguments.of("qwen2-5-72b", 72.7e9));
  }

  @ParameterizedTest(name = "{0} has about {1} parameters")
  @MethodSource("denseTotals")
  void denseModelsMatchPublishedTotals(String id, double published) {
    ModelSpec spec = preset(id);
    assertThat((double) spec.parameters()).isCloseTo(published, withinPercentage(1.0));
    assertThat(spec.activeParameters()).isEqualTo(spec.parameters());
    assertThat(spec.isMoe()).isFalse();
  }

  @Test
  void llamaCountsAreExactToTheWeight() {
    // The totals of the released checkpoints (Hugging Face safetensors), which have no biases;
    // RMSNorm weights are counted.
    assertThat(preset("llama2-7b").parameters()).isEqualTo(6_738_415_616L);
    assertThat(preset("llama2-13b").parameters()).isEqualTo(13_015_864_320L);
    assertThat(preset("llama2-70b").parameters()).isEqualTo(68_976_648_192L);
    assertThat(preset("llama3-8b").parameters()).isEqualTo(8_030_261_248L);
    assertThat(preset("llama3-70b").parameters()).isEqualTo(70_553_706_496L);
    assertThat(preset("llama3-405b").parameters()).isEqualTo(405_853_388_800L);
    assertThat(preset("qwen2-5-72b").parameters())
        .as("the checkpoint's 72,706,203,648 less its 80 × (8192 + 2 × 1024) QKV biases")
        .isEqualTo(72_705_384_448L);
  }

  // ---- mixture-of-experts models ---------------------------------------------------------------

  @Test
  void mixtralHas46Point7BillionOfWhich12Point9Active() {
    ModelSpec mixtral = preset("mixtral-8x7b");
    // Mistral AI's announcement: 46.7B total, 12.9B per token (the paper rounds to 47B / 13B).
    assertThat((double) mixtral.parameters()).isCloseTo(46.7e9, withinPercentage(1.0));
    assertThat((double) mixtral.activeParameters()).isCloseTo(12.9e9, withinPercentage(1.0));
    assertThat(mixtral.parameters()).isEqualTo(46_702_792_704L);
    assertThat(mixtral.moeLayers()).isEqualTo(32);
    assertThat(mixtral.denseLayers()).isZero();
  }

  @Test
  void deepSeekV3Has671BillionOfWhich37Active() {
    ModelSpec v3 = preset("deepseek-v3");
    // Paper section 4.2: 671B total, 37B activated per token, main model without the MTP module.
    assertThat((double) v3.parameters()).isCloseTo(671e9, withinPercentage(1.0));
    // DeepSeek's own breakdown (README_WEIGHTS.md): 36.6B activated "including 0.9B for the
    // output head", i.e. without the input embedding, a lookup rather than a matrix product.
    // ModelSpec counts the input embedding as active too (as Mixtral's 12.9B does), so take it
    // out to compare; the paper's "37B" is this 36.6B rounded.
    long inputEmbedding = (long) v3.vocab() * v3.hidden();
    assertThat((double) (v3.activeParameters() - inputEmbedding))
        .isCloseTo(36.6e9, withinPercentage(1.0));
    assertThat((double) v3.activeParameters()).isCloseTo(37e9, withinPercentage(1.5));
    assertThat(v3.denseLayers()).isEqualTo(3);
    assertThat(v3.moeLayers()).isEqualTo(58);
    assertThat(v3.kvCacheElementsPerTokenPerLayer()).isEqualTo(512 + 64);
    assertThat(v3.qkHeadDim()).isEqualTo(192);
    assertThat(v3.vHeadDim()).isEqualTo(128);
  }

  // ---- Megatron-LM SC'21 Table 1 ---------------------------------------------------------------

  static Stream<Arguments> megatronTable1() {
    // id, hidden, layers, heads, published (billions, Table 1 of arXiv:2104.04473)
    return Stream.of(
        Arguments.of("megatron-1-7b", 2304, 24, 24, 1.7),
        Arguments.of("megatron-3-6b", 3072, 30, 32, 3.6),
        Arguments.of("megatron-7-5b", 4096, 36, 32, 7.5),
        Arguments.of("megatron-18-4b", 6144, 40, 48, 18.4),
        Arguments.of("megatron-39-1b", 8192, 48, 64, 39.1),
        Arguments.of("megatron-76-1b", 10240, 60, 80, 76.1),
        Arguments.of("megatron-145-6b", 12288, 80, 96, 145.6),
        Arguments.of("megatron-310-1b", 16384, 96, 128, 310.1),
        Arguments.of("megatron-529-6b", 20480, 105, 128, 529.6),
        Arguments.of("megatron-1t", 25600, 128, 160, 1008.0));
  }

  @ParameterizedTest(name = "{0}: {4}B")
  @MethodSource("megatronTable1")
  void megatronFamilyMatchesTheSc21Table(
      String id, int hidden, int layers, int heads, double publishedBillions) {
    ModelSpec spec = preset(id);
    assertThat(spec.hidden()).isEqualTo(hidden);
    assertThat(spec.layers()).isEqualTo(layers);
    assertThat(spec.heads()).isEqualTo(heads);
    assertThat(spec.vocab()).isEqualTo(51200);
    assertThat(spec.seq()).isEqualTo(2048);
    assertThat(spec.ffnHidden()).isEqualTo(4 * hidden);
    assertThat(spec.tiedEmbeddings()).isTrue();

    // The paper's formula, P = 12lh^2 (1 + 13/(12h) + (V + s)/(12lh)), counts biases, LayerNorm
    // biases and position embeddings; the table rounds it to one decimal.
    double l = layers;
    double h = hidden;
    double paper = 12 * l * h * h + 13 * l * h + (51200 + 2048) * h;
    assertThat(paper / 1e9).isCloseTo(publishedBillions, within(0.05));

    double ours = spec.parameters();
    assertThat(ours).isCloseTo(paper, withinPercentage(1.5));
    // Against the column itself: 1.5%, plus the column's rounding (1.652B is printed as 1.7).
    assertThat(Math.abs(ours - publishedBillions * 1e9))
        .isLessThanOrEqualTo(0.015 * publishedBillions * 1e9 + 0.05e9);
  }

  // ---- hand calculations -----------------------------------------------------------------------

  @Test
  void groupedQueryAttentionByHand() {
    // hidden 64, 8 query heads of width 8, 2 key/value heads:
    // Q 64×64 = 4096, K 64×16 = 1024, V 64×16 = 1024, O 64×64 = 4096.
    ModelSpec tiny =
        new ModelSpec(
            "tiny-gqa",
            2,
            64,
            8,
            2,
            8,
            256,
            FfnActivation.SWIGLU,
            100,
            16,
            false,
            Optional.empty(),
            Optional.empty(),
            "hand");
    assertThat(tiny.attentionParametersPerLayer()).isEqualTo(4096 + 1024 + 1024 + 4096);
    assertThat(tiny.denseFfnParameters()).isEqualTo(3L * 64 * 256);
    assertThat(tiny.kvCacheElementsPerTokenPerLayer()).isEqualTo(2 * 2 * 8);
    assertThat(tiny.embeddingParameters()).isEqualTo(2L * 100 * 64);
    assertThat(tiny.normParameters()).isEqualTo(5L * 64);
    assertThat(tiny.parameters()).isEqualTo(2L * (10240 + 3 * 64 * 256) + 2L * 100 * 64 + 5L * 64);
  }

  @Test
  void multiHeadLatentAttentionByHand() {
    // hidden 32, 4 heads, q rank 16, kv rank 8, no-rope 4, rope 2, value 4 (qk width 6):
    // query: down 32×16 = 512, up 16×(4×6) = 384
    // key/value: down 32×(8+2) = 320, up 8×(4×(4+4)) = 256
    // output: (4×4)×32 = 512
    MlaSpec mla = new MlaSpec(16, 8, 4, 2, 4);
    ModelSpec tiny = tinyMla(mla);
    assertThat(tiny.attentionParametersPerLayer()).isEqualTo(512 + 384 + 320 + 256 + 512);
    assertThat(tiny.kvCacheElementsPerTokenPerLayer()).isEqualTo(8 + 2);
    assertThat(tiny.qkHeadDim()).isEqualTo(6);
    assertThat(tiny.vHeadDim()).isEqualTo(4);

    // Full-rank query (qLoraRank 0): 32×(4×6) = 768 instead of 512 + 384.
    ModelSpec fullRankQuery = tinyMla(new MlaSpec(0, 8, 4, 2, 4));
    assertThat(fullRankQuery.attentionParametersPerLayer()).isEqualTo(768 + 320 + 256 + 512);
  }

  private static ModelSpec tinyMla(MlaSpec mla) {
    return new ModelSpec(
        "tiny-mla",
        1,
        32,
        4,
        4,
        4,
        64,
        FfnActivation.SWIGLU,
        10,
        8,
        false,
        Optional.empty(),
        Optional.of(mla),
        "hand");
  }

  @Test
  void moeLayerByHand() {
    // hidden 8, GELU experts of width 16 (2 × 8 × 16 = 256 each), 4 routed + 1 shared, top-2,
    // router 8 × 4 = 32; 1 dense layer of width 32 (2 × 8 × 32 = 512) out of 3.
    ModelSpec tiny =
        new ModelSpec(
            "tiny-moe",
            3,
            8,
            2,
            2,
            4,
            32,
            FfnActivation.GELU,
            10,
            8,
            true,
            Optional.of(new MoeSpec(4, 2, 1, 16, 1)),
            Optional.empty(),
            "hand");
    long attention = 4L * 8 * 8;
    assertThat(tiny.expertParameters()).isEqualTo(256);
    assertThat(tiny.moeLayerParameters()).isEqualTo(5 * 256 + 32);
    assertThat(tiny.moeLayerActiveParameters()).isEqualTo(3 * 256 + 32);
    assertThat(tiny.parameters())
        .isEqualTo(3 * attention + 512 + 2 * (5 * 256 + 32) + 10 * 8 + 7 * 8);
    assertThat(tiny.activeParameters())
        .isEqualTo(3 * attention + 512 + 2 * (3 * 256 + 32) + 10 * 8 + 7 * 8);
  }
}
