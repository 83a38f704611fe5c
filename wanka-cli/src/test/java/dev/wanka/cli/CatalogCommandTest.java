package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CatalogCommandTest {

  @Test
  void listsAtLeastTwentyFiveEntriesAsJsonEachWithIdVendorModelAndSource() {
    CliRun run = CliRun.of("catalog", "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode entries = run.json();
    assertThat(entries.isArray()).isTrue();
    assertThat(entries.size()).isGreaterThanOrEqualTo(25);
    for (JsonNode entry : entries) {
      assertThat(entry.has("id") && entry.has("vendor") && entry.has("model")).isTrue();
      assertThat(entry.get("source").asString()).isNotBlank();
    }
  }

  @Test
  void printsATableWithALegendForUnknownAndUnsupportedFigures() {
    CliRun run = CliRun.of("catalog");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("h100-sxm", "mtt-s4000", "? = not published", "- = not supported");
  }

  @Test
  void filtersByVendorIgnoringCase() {
    JsonNode entries = CliRun.of("catalog", "--vendor", "huawei", "--json").json();

    assertThat(entries.size()).isGreaterThanOrEqualTo(4);
    entries.forEach(e -> assertThat(e.get("vendor").asString()).isEqualTo("Huawei"));
  }

  @Test
  void rejectsAnUnknownVendorListingTheVendorsAndTheNearestOne() {
    CliRun run = CliRun.of("catalog", "--vendor", "nvidai");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: --vendor 'nvidai' matches no entry; vendors: AWS, ")
        .contains("did you mean 'NVIDIA'?");
  }

  @Test
  void showsOneEntryByAliasInAnyCase() {
    JsonNode h100 = CliRun.of("catalog", "show", "H100", "--json").json();

    assertThat(h100.get("id").asString()).isEqualTo("h100-sxm");
    assertThat(h100.get("peak").get("bf16").asDouble()).isEqualTo(989.0);
  }

  @Test
  void showsReasonsForUnknownFiguresInText() {
    CliRun run = CliRun.of("catalog", "show", "ascend-910b3");

    assertThat(run.out()).contains("TDP", "unknown (Huawei does not publish");
  }

  @Test
  void rejectsAnUnknownIdWithASuggestion() {
    CliRun run = CliRun.of("catalog", "show", "h100-sx");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: 'h100-sx' is not in the accelerator catalog; did you mean 'h100-sxm'?"
                + " ('wanka catalog' lists the ids)"
                + System.lineSeparator());
  }

  @Test
  void catalogJsonIsItselfAValidCatalogFile(@TempDir Path dir) throws Exception {
    CliRun bundled = CliRun.of("catalog", "--json");
    Path copy = dir.resolve("copy.json");
    Files.writeString(copy, bundled.out());

    CliRun reloaded = CliRun.of("--catalog", copy.toString(), "catalog", "--json");

    assertThat(reloaded.exitCode()).isZero();
    assertThat(reloaded.json()).isEqualTo(bundled.json());
  }

  @Test
  void catalogFilesApplyWhereverTheOptionIsGiven(@TempDir Path dir) throws Exception {
    Path mine = dir.resolve("mine.yaml");
    Files.writeString(mine, "- id: h20\n  tdpWatts: 380\n  source: our meter\n");

    JsonNode before =
        CliRun.of("--catalog", mine.toString(), "catalog", "show", "h20", "--json").json();
    JsonNode after =
        CliRun.of("catalog", "show", "h20", "--json", "--catalog", mine.toString()).json();

    assertThat(before.get("tdpWatts").asDouble()).isEqualTo(380.0);
    assertThat(after.get("tdpWatts").asDouble()).isEqualTo(380.0);
  }

  @Test
  void rejectsAMissingCatalogFileByName() {
    CliRun run = CliRun.of("--catalog", "no-such.yaml", "catalog");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--catalog no-such.yaml: no such file");
  }
}
