package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.bundled();

  @Test
  void holdsEveryPresetTheIssueNames() {
    List<String> required =
        List.of(
            "gpt3-175b",
            "llama2-7b",
            "llama2-13b",
            "llama2-70b",
            "llama3-8b",
            "llama3-70b",
            "llama3-405b",
            "mixtral-8x7b",
            "deepseek-v3",
            "qwen2-5-72b",
            "megatron-1-7b",
            "megatron-3-6b",
            "megatron-7-5b",
            "megatron-18-4b",
            "megatron-39-1b",
            "megatron-76-1b",
            "megatron-145-6b",
            "megatron-310-1b",
            "megatron-529-6b",
            "megatron-1t");
    assertThat(catalog.ids()).containsExactlyInAnyOrderElementsOf(required);
    assertThat(catalog.all()).hasSize(required.size());
  }

  @Test
  void idsAndAliasesAreUniqueSlugs() {
    List<String> keys = new ArrayList<>();
    for (ModelPreset preset : catalog.all()) {
      keys.add(preset.id());
      keys.addAll(preset.aliases());
    }
    assertThat(keys).allMatch(k -> k.matches("[a-z0-9][a-z0-9-]*"), "is a slug");
    Set<String> unique = new HashSet<>(keys);
    assertThat(unique).as("no id or alias names two models").hasSameSizeAs(keys);
  }

  @Test
  void everyPresetHasASourceAndADisplayName() {
    assertThat(catalog.all())
        .allSatisfy(
            p -> {
              assertThat(p.spec().source()).as(p.id()).startsWith("http");
              assertThat(p.name()).as(p.id()).isNotBlank();
            });
  }

  @Test
  void looksUpIdsAndAliasesIgnoringCase() {
    assertThat(catalog.find("LLAMA3-70B")).map(ModelPreset::id).contains("llama3-70b");
    assertThat(catalog.find("Llama-3-70B")).map(ModelPreset::id).contains("llama3-70b");
    assertThat(catalog.find(" mixtral ")).map(ModelPreset::id).contains("mixtral-8x7b");
    assertThat(catalog.find("GPT3")).map(ModelPreset::id).contains("gpt3-175b");
    assertThat(catalog.find("Megatron-1008B")).map(ModelPreset::id).contains("megatron-1t");
    assertThat(catalog.find("no-such-model")).isEmpty();
  }

  @Test
  void acceptsTheDottedSpellingOfPublishedNames() {
    assertThat(catalog.find("Qwen2.5-72B")).map(ModelPreset::id).contains("qwen2-5-72b");
    assertThat(catalog.find("megatron-1.7b")).map(ModelPreset::id).contains("megatron-1-7b");
    assertThat(catalog.find("llama3.1-405b")).map(ModelPreset::id).contains("llama3-405b");
  }

  @Test
  void keepsThePublishedShapes() {
    ModelSpec gpt3 = catalog.find("gpt3-175b").orElseThrow().spec();
    assertThat(gpt3.headDim()).isEqualTo(128);
    assertThat(gpt3.ffnHidden()).isEqualTo(4 * 12288);
    assertThat(gpt3.tiedEmbeddings()).isTrue();

    ModelSpec llama405 = catalog.find("llama3-405b").orElseThrow().spec();
    assertThat(llama405.layers()).isEqualTo(126);
    assertThat(llama405.kvHeads()).isEqualTo(8);
    assertThat(llama405.ffnHidden()).isEqualTo(53248);
    assertThat(llama405.ffnActivation()).isEqualTo(FfnActivation.SWIGLU);
    assertThat(llama405.tiedEmbeddings()).isFalse();

    ModelSpec v3 = catalog.find("deepseek-v3").orElseThrow().spec();
    assertThat(v3.mla()).contains(new MlaSpec(1536, 512, 128, 64, 128));
    assertThat(v3.moe()).contains(new MoeSpec(256, 8, 1, 2048, 3));
    assertThat(v3.ffnHidden()).isEqualTo(18432);
    assertThat(v3.vocab()).isEqualTo(129280);
    assertThat(v3.seq()).isEqualTo(4096);

    ModelSpec mixtral = catalog.find("mixtral-8x7b").orElseThrow().spec();
    assertThat(mixtral.moe()).contains(new MoeSpec(8, 2, 0, 14336, 0));
    assertThat(mixtral.seq()).isEqualTo(32768);
  }

  @Test
  void suggestsTheClosestIdWhenNotFound() {
    String message = catalog.notFoundMessage("lama3-405b");
    assertThat(message)
        .startsWith("'lama3-405b' is not a bundled model; did you mean 'llama3-405b'?")
        .contains("bundled models: gpt3-175b, llama2-7b,")
        .endsWith("; or give a model file)");
    assertThat(catalog.notFoundMessage("qwen2.5-70b")).contains("did you mean 'qwen2-5-72b'?");
    assertThat(catalog.notFoundMessage("zzzzzzzzzzzz")).doesNotContain("did you mean");
  }

  @Test
  void presetsMustGiveIdAndSource() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () ->
                ModelCatalog.read(
                    "presets.yaml",
                    "- layers: 1\n  hidden: 8\n  heads: 1\n  vocab: 10\n  seq: 8\n"));
    assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("[0].id", "[0].source");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("missing field"));
  }

  @Test
  void rejectsAnIdOrAliasGivenTwice() {
    String entry = "  layers: 1\n  hidden: 8\n  heads: 1\n  vocab: 10\n  seq: 8\n  source: test\n";
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () ->
                ModelCatalog.read(
                    "presets.yaml",
                    "- id: one\n"
                        + entry
                        + "- id: two\n  aliases: [one]\n"
                        + entry
                        + "- id: two\n"
                        + entry));
    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .containsExactly("[1].aliases[0]", "[2].id");
    assertThat(e.problems().get(0).message())
        .isEqualTo(
            "'one' already names the model at line 1; an id or alias may name one model only");
  }

  @Test
  void rejectsACatalogThatIsNotAList() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> ModelCatalog.read("presets.yaml", "id: one\n"));
    assertThat(e.problems().get(0).message())
        .startsWith("a map is not allowed: a model catalog is a YAML list of models");
  }

  @Test
  void readsAUserModelFile() {
    ModelPreset mine =
        ModelCatalog.readUserModel(
            "mine.yaml",
            "layers: 4\nhidden: 256\nheads: 4\nvocab: 5000\nseq: 512\nsource: sketch\n",
            "mine");
    assertThat(mine.id()).isEqualTo("mine");
    assertThat(mine.spec().source()).isEqualTo("sketch");
    assertThat(mine.spec().parameters())
        .isEqualTo(4L * (4 * 256 * 256 + 2 * 256 * 1024) + 2L * 5000 * 256 + 9L * 256);
  }
}
