package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model reader on small inline files: defaults, and every rule rejected with a clear message.
 */
class ModelSpecReaderTest {
  /** Only the required fields. */
  private static final String MINIMAL =
      lines("layers: 2", "hidden: 64", "heads: 8", "vocab: 1000", "seq: 128");

  private static String lines(String... lines) {
    return Stream.of(lines).map(l -> l + "\n").collect(Collectors.joining());
  }

  private static ModelSpec read(String yaml) {
    return ModelSpecReader.read("model.yaml", yaml, "my-model");
  }

  private static List<SpecProblem> problems(String yaml) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> read(yaml));
    assertThat(e).as("the reader rejects the model").isNotNull();
    return e.problems();
  }

  /** The single problem of {@code yaml}, which must be about {@code field}. */
  private static SpecProblem problem(String yaml, String field) {
    List<SpecProblem> problems = problems(yaml);
    assertThat(problems).as(problems.toString()).hasSize(1);
    SpecProblem problem = problems.get(0);
    assertThat(problem.field()).isEqualTo(field);
    assertThat(problem.at().source()).isEqualTo("model.yaml");
    return problem;
  }

  @Test
  void appliesTheDefaultsWhenOptionalFieldsAreAbsent() {
    ModelSpec spec = read(MINIMAL);

    assertThat(spec.id()).as("the caller's default id").isEqualTo("my-model");
    assertThat(spec.layers()).isEqualTo(2);
    assertThat(spec.hidden()).isEqualTo(64);
    assertThat(spec.heads()).isEqualTo(8);
    assertThat(spec.kvHeads()).as("= heads").isEqualTo(8);
    assertThat(spec.headDim()).as("= hidden / heads").isEqualTo(8);
    assertThat(spec.ffnActivation()).isEqualTo(FfnActivation.GELU);
    assertThat(spec.ffnHidden()).as("= 4 × hidden for gelu").isEqualTo(256);
    assertThat(spec.tiedEmbeddings()).isFalse();
    assertThat(spec.vocab()).isEqualTo(1000);
    assertThat(spec.seq()).isEqualTo(128);
    assertThat(spec.moe()).isEmpty();
    assertThat(spec.mla()).isEmpty();
    assertThat(spec.source()).as("optional in a user file").isEmpty();
  }

  @Test
  void readsEveryOptionalField() {
    ModelSpec spec =
        read(
            lines(
                "id: custom-moe",
                "name: Custom MoE",
                "source: my notes",
                "layers: 4",
                "hidden: 64",
                "heads: 8",
                "kvHeads: 2",
                "headDim: 16",
                "ffnHidden: 96",
                "ffnActivation: SwiGLU",
                "tiedEmbeddings: true",
                "vocab: 1000",
                "seq: 128",
                "experts: 8",
                "topK: 2",
                "sharedExperts: 1",
                "expertFfnHidden: 32",
                "denseLayers: 1"));

    assertThat(spec.id()).isEqualTo("custom-moe");
    assertThat(spec.source()).isEqualTo("my notes");
    assertThat(spec.kvHeads()).isEqualTo(2);
    assertThat(spec.headDim()).isEqualTo(16);
    assertThat(spec.ffnHidden()).isEqualTo(96);
    assertThat(spec.ffnActivation()).isEqualTo(FfnActivation.SWIGLU);
    assertThat(spec.tiedEmbeddings()).isTrue();
    assertThat(spec.moe()).contains(new MoeSpec(8, 2, 1, 32, 1));
  }

  @Test
  void expertWidthDefaultsToFfnHiddenAndSharedAndDenseToZero() {
    ModelSpec spec = read(MINIMAL + lines("experts: 4", "topK: 1"));
    assertThat(spec.moe()).contains(new MoeSpec(4, 1, 0, 256, 0));
  }

  @Test
  void readsMlaAndDefaultsHeadDimToTheValueWidth() {
    ModelSpec spec =
        read(
            lines(
                "layers: 2",
                "hidden: 96",
                "heads: 4",
                "vocab: 1000",
                "seq: 128",
                "ffnActivation: swiglu",
                "ffnHidden: 128",
                "mla: {kvLoraRank: 16, qkNopeHeadDim: 8, qkRopeHeadDim: 4, vHeadDim: 8}"));
    assertThat(spec.mla()).contains(new MlaSpec(0, 16, 8, 4, 8));
    assertThat(spec.headDim()).isEqualTo(8);
    assertThat(spec.kvHeads()).isEqualTo(4);
  }

  @Test
  void userModelNameDefaultsToTheId() {
    ModelCatalog.ModelPreset model = ModelCatalog.readUserModel("model.yaml", MINIMAL, "mine");
    assertThat(model.id()).isEqualTo("mine");
    assertThat(model.name()).isEqualTo("mine");
    assertThat(model.aliases()).isEmpty();
    ModelCatalog.ModelPreset named =
        ModelCatalog.readUserModel("model.yaml", "name: Mine 7B\n" + MINIMAL, "mine");
    assertThat(named.name()).isEqualTo("Mine 7B");
  }

  // ---- required fields and ranges --------------------------------------------------------------

  @Test
  void rejectsMissingRequiredFieldsAllTogether() {
    List<SpecProblem> problems = problems("name: nothing\n");
    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder("layers", "hidden", "heads", "vocab", "seq");
    assertThat(problems)
        .allSatisfy(
            p -> assertThat(p.message()).startsWith("missing field: must be a whole number"));
    assertThat(problems.get(0).format()).startsWith("model.yaml:1:");
  }

  @Test
  void rejectsValuesOutOfRangeNamingTheRange() {
    assertThat(problem(MINIMAL.replace("layers: 2", "layers: 0"), "layers").message())
        .isEqualTo("'0' is not allowed: must be a whole number from 1 to 1000");
    assertThat(problem(MINIMAL.replace("hidden: 64", "hidden: 2000000"), "hidden").message())
        .isEqualTo("'2000000' is not allowed: must be a whole number from 1 to 1000000");
    assertThat(problem(MINIMAL.replace("seq: 128", "seq: 20000000"), "seq").message())
        .isEqualTo("'20000000' is not allowed: must be a whole number from 1 to 10000000");
    assertThat(problem(MINIMAL.replace("vocab: 1000", "vocab: many"), "vocab").message())
        .isEqualTo("'many' is not allowed: must be a whole number from 1 to 10000000");
    assertThat(problem(MINIMAL.replace("heads: 8", "heads: 8.5"), "heads").message())
        .startsWith("'8.5' is not allowed: must be a whole number from 1 to");
  }

  @Test
  void namesTheLineOfTheBadValue() {
    SpecProblem problem = problem(MINIMAL.replace("seq: 128", "seq: -1"), "seq");
    assertThat(problem.at().line()).isEqualTo(5);
    assertThat(problem.format()).startsWith("model.yaml:5:");
  }

  @Test
  void suggestsTheFieldForAMisspeltKey() {
    SpecProblem problem = problem(MINIMAL + "kvHead: 2\n", "kvHead");
    assertThat(problem.message())
        .startsWith("unknown field; allowed here: id, name, aliases, source, layers")
        .endsWith("did you mean 'kvHeads'?");
  }

  // ---- attention -------------------------------------------------------------------------------

  @Test
  void rejectsKvHeadsThatDoNotDivideHeads() {
    assertThat(problem(MINIMAL + "kvHeads: 3\n", "kvHeads").message())
        .isEqualTo("'3' is not allowed: must divide heads (8) evenly: one of 1, 2, 4, 8");
    assertThat(problem(MINIMAL + "kvHeads: 16\n", "kvHeads").message())
        .startsWith("'16' is not allowed: must divide heads (8) evenly");
    assertThat(problem(MINIMAL + "kvHeads: 0\n", "kvHeads").message())
        .startsWith("'0' is not allowed: must be a whole number from 1 to");
  }

  @Test
  void asksForHeadDimWhenHiddenIsNotAMultipleOfHeads() {
    String uneven = MINIMAL.replace("heads: 8", "heads: 6");
    assertThat(problem(uneven, "headDim").message())
        .isEqualTo(
            "missing field: hidden (64) is not a multiple of heads (6), so the per-head width"
                + " cannot default to hidden / heads; give headDim");
    assertThat(read(uneven + "headDim: 10\n").headDim()).isEqualTo(10);
  }

  // ---- feed-forward ----------------------------------------------------------------------------

  @Test
  void requiresFfnHiddenForSwiglu() {
    assertThat(problem(MINIMAL + "ffnActivation: swiglu\n", "ffnHidden").message())
        .startsWith("missing field: required with ffnActivation: swiglu");
  }

  @Test
  void rejectsAnUnknownActivationWithSuggestion() {
    assertThat(problem(MINIMAL + "ffnActivation: swiglue\n", "ffnActivation").message())
        .isEqualTo("'swiglue' is not allowed: must be one of gelu, swiglu; did you mean 'swiglu'?");
  }

  @Test
  void rejectsATiedEmbeddingsFlagThatIsNotABoolean() {
    assertThat(problem(MINIMAL + "tiedEmbeddings: yes\n", "tiedEmbeddings").message())
        .isEqualTo("'yes' is not allowed: must be true or false");
  }

  // ---- mixture of experts ----------------------------------------------------------------------

  @Test
  void requiresExpertsAndTopKTogether() {
    assertThat(problem(MINIMAL + "experts: 8\n", "topK").message())
        .startsWith("missing field: experts is given, so topK must be given too");
    assertThat(problem(MINIMAL + "topK: 2\n", "experts").message())
        .startsWith("missing field: topK is given, so experts must be given too");
  }

  @Test
  void rejectsTopKAboveExperts() {
    assertThat(problem(MINIMAL + "experts: 8\ntopK: 9\n", "topK").message())
        .isEqualTo("'9' is not allowed: must be a whole number from 1 to experts (8)");
  }

  @Test
  void rejectsMoreDenseLayersThanLayers() {
    assertThat(problem(MINIMAL + "experts: 8\ntopK: 2\ndenseLayers: 3\n", "denseLayers").message())
        .isEqualTo("'3' is not allowed: must be a whole number from 0 to layers (2)");
    assertThat(read(MINIMAL + "experts: 8\ntopK: 2\ndenseLayers: 2\n").moeLayers()).isZero();
  }

  @Test
  void rejectsExpertFieldsWithoutExperts() {
    List<SpecProblem> problems =
        problems(MINIMAL + "sharedExperts: 1\nexpertFfnHidden: 64\ndenseLayers: 1\n");
    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("sharedExperts", "expertFfnHidden", "denseLayers");
    assertThat(problems)
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .isEqualTo(
                        "is only allowed in a mixture-of-experts model: give experts and topK as"
                            + " well"));
  }

  @Test
  void rejectsNegativeSharedExperts() {
    assertThat(
            problem(MINIMAL + "experts: 8\ntopK: 2\nsharedExperts: -1\n", "sharedExperts")
                .message())
        .isEqualTo("'-1' is not allowed: must be a whole number from 0 to 65536");
  }

  // ---- multi-head latent attention -------------------------------------------------------------

  @Test
  void rejectsAnIncompleteOrMisspeltMlaBlock() {
    List<SpecProblem> problems =
        problems(MINIMAL + "mla:\n  kvLoraRank: 0\n  qkNopeHeadDim: 8\n  vHeadDims: 8\n");
    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "mla.kvLoraRank", "mla.vHeadDims", "mla.qkRopeHeadDim", "mla.vHeadDim");
    assertThat(problems)
        .filteredOn(p -> p.field().equals("mla.vHeadDims"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).endsWith("did you mean 'vHeadDim'?"));
    assertThat(problems)
        .filteredOn(p -> p.field().equals("mla.kvLoraRank"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .isEqualTo("'0' is not allowed: must be a whole number from 1 to 100000"));
  }

  @Test
  void rejectsHeadDimAndGroupedKvHeadsWithMla() {
    String mla =
        MINIMAL
            + "mla: {kvLoraRank: 16, qkNopeHeadDim: 8, qkRopeHeadDim: 4, vHeadDim: 8}\n"
            + "headDim: 8\n"
            + "kvHeads: 2\n";
    List<SpecProblem> problems = problems(mla);
    assertThat(problems).extracting(SpecProblem::field).containsExactly("headDim", "kvHeads");
    assertThat(problems.get(0).message()).startsWith("is not allowed with mla");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "'2' is not allowed with mla: every head has its own key and value (decompressed"
                + " from the latent), so kvHeads must equal heads (8) or be left out");
  }

  // ---- id, aliases, size -----------------------------------------------------------------------

  @Test
  void rejectsAliasesInAUserFile() {
    assertThat(problem(MINIMAL + "aliases: [mine]\n", "aliases").message())
        .startsWith("is only allowed in the bundled presets");
  }

  @Test
  void rejectsAnIdThatIsNotASlug() {
    assertThat(problem("id: My Model\n" + MINIMAL, "id").message())
        .isEqualTo(
            "'My Model' is not allowed: must be a slug of lower-case letters, digits and '-',"
                + " starting and ending with a letter or digit");
  }

  @Test
  void asksForAnIdWhenTheDefaultIsNotASlug() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> ModelSpecReader.read("My Model.yaml", MINIMAL, "My Model"));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("id"));
    assertThat(e.problems().get(0).message())
        .contains("the file gives no id and its default 'My Model' is not a slug");
  }

  @Test
  void rejectsAShapeTooLargeToCount() {
    String huge =
        lines(
            "layers: 1000",
            "hidden: 1000000",
            "heads: 1000",
            "vocab: 1000",
            "seq: 128",
            "ffnHidden: 10000000",
            "experts: 65536",
            "topK: 1");
    SpecProblem problem = problem(huge, "");
    assertThat(problem.message())
        .startsWith("this shape has about ")
        .contains("more than the 1e15 Wanka can model");
  }

  @Test
  void rejectsANonMapDocument() {
    assertThat(problem("- layers: 2\n", "").message())
        .startsWith("a list is not allowed: must be a map with the fields id, name");
  }

  // ---- several problems at once ----------------------------------------------------------------

  @Test
  void reportsSeveralProblemsTogetherInFileOrder() {
    List<SpecProblem> problems =
        problems(
            lines(
                "layers: 0",
                "hidden: 64",
                "heads: 8",
                "kvHeads: 3",
                "vocab: 1000",
                "seq: 128",
                "ffnActivation: relu",
                "experts: 4",
                "topK: 5",
                "tiedEmbeddings: 1"));
    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("layers", "kvHeads", "ffnActivation", "topK", "tiedEmbeddings");
    assertThat(problems).extracting(p -> p.at().line()).containsExactly(1, 4, 7, 9, 10);
    SpecException e =
        catchThrowableOfType(SpecException.class, () -> read("layers: 0\nheads: x\n"));
    assertThat(e.getMessage().split("\n")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(e.getMessage()).contains("model.yaml:1:", "model.yaml:2:");
  }
}
