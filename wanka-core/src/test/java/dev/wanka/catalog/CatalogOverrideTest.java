package dev.wanka.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import org.junit.jupiter.api.Test;

class CatalogOverrideTest {
  private final Catalog bundled = Catalog.bundled();

  private static final String NEW_ENTRY =
      """
      - id: acme-x1
        vendor: Acme
        model: X1
        year: 2026
        peak: {bf16: 500, fp16: 500, fp8: 1000, int8: {unsupported: "no integer units"}}
        memoryGB: 96
        memoryTBps: 2.4
        scaleUp: {link: AcmeLink, gbytesPerSecond: 400, direction: unidirectional, domainSize: 16}
        scaleOutGbps: 400
        tdpWatts: {unknown: "not measured yet"}
        confidence: measured
        source: internal benchmark report 2026-11
      """;

  @Test
  void addsANewEntryAfterTheBundledOnes() {
    Catalog catalog = bundled.withOverrides("mine.yaml", NEW_ENTRY);

    Accelerator x1 = catalog.find("ACME-X1").orElseThrow();
    assertThat(catalog.all()).hasSize(bundled.all().size() + 1);
    assertThat(catalog.all().get(catalog.all().size() - 1)).isSameAs(x1);
    assertThat(x1.peak(Precision.INT8)).isEqualTo(Figure.unsupported("no integer units"));
    assertThat(x1.tdpWatts()).isEqualTo(Figure.unknown("not measured yet"));
    assertThat(x1.scaleUp().bytesPerSecondEachWay()).isEqualTo(Figure.of(400e9));
    assertThat(x1.origin().toString()).isEqualTo("mine.yaml:1:3");
  }

  @Test
  void overridesOnlyTheFieldsGivenAndKeepsTheRest() {
    Catalog catalog =
        bundled.withOverrides(
            "ops.yaml",
            """
            - id: ascend-910b3
              tdpWatts: 350
              peak: {fp8: 600}
              source: our rack meter, 2026-10
            """);

    Accelerator before = bundled.find("ascend-910b3").orElseThrow();
    Accelerator after = catalog.find("ascend-910b3").orElseThrow();
    assertThat(after.tdpWatts()).isEqualTo(Figure.of(350));
    assertThat(after.peak(Precision.FP8)).isEqualTo(Figure.of(600));
    assertThat(after.peak(Precision.BF16)).isEqualTo(before.peak(Precision.BF16));
    assertThat(after.memoryGB()).isEqualTo(before.memoryGB());
    assertThat(after.source()).isEqualTo("our rack meter, 2026-10");
    assertThat(catalog.all()).hasSameSizeAs(bundled.all());
    assertThat(catalog.all().indexOf(after)).isEqualTo(bundled.all().indexOf(before));
    assertThat(bundled.find("ascend-910b3").orElseThrow().tdpWatts()).isEqualTo(before.tdpWatts());
  }

  @Test
  void overridesThroughAnAliasKeepTheCanonicalId() {
    Catalog catalog =
        bundled.withOverrides(
            "ops.yaml", "- id: Ascend-910B\n  tdpWatts: 400\n  source: rack meter\n");

    assertThat(catalog.find("ascend-910b2").orElseThrow().tdpWatts()).isEqualTo(Figure.of(400));
    assertThat(catalog.find("ascend-910b").orElseThrow().id()).isEqualTo("ascend-910b2");
  }

  @Test
  void laterFilesWin() {
    Catalog catalog =
        bundled
            .withOverrides("a.yaml", "- id: h20\n  tdpWatts: 390\n  source: a\n")
            .withOverrides("b.yaml", "- id: h20\n  tdpWatts: 380\n  source: b\n");

    assertThat(catalog.find("h20").orElseThrow().tdpWatts()).isEqualTo(Figure.of(380));
  }

  @Test
  void rejectsAnOverrideThatGivesNoSource() {
    assertThatThrownBy(() -> bundled.withOverrides("ops.yaml", "- id: h20\n  tdpWatts: 390\n"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "ops.yaml:1:3: [0]: overrides 'h20' but gives no source: say where the new figures"
                + " come from (source: URL or document)");
  }

  @Test
  void reportsEveryMissingFieldOfANewEntry() {
    SpecException e =
        (SpecException)
            catchSpec(() -> bundled.withOverrides("new.yaml", "- id: acme-x2\n  vendor: Acme\n"));

    assertThat(e.problems())
        .extracting(SpecProblem::field)
        .contains(
            "[0].model",
            "[0].year",
            "[0].peak",
            "[0].memoryGB",
            "[0].memoryTBps",
            "[0].scaleUp",
            "[0].scaleOutGbps",
            "[0].tdpWatts",
            "[0].confidence",
            "[0].source");
    assertThat(e.getMessage())
        .contains("new.yaml:1:3: [0].tdpWatts: missing field: must be a number");
  }

  @Test
  void rejectsFiguresThatAreNeitherANumberNorAReason() {
    String yaml =
        NEW_ENTRY
            .replace("memoryGB: 96", "memoryGB: -96")
            .replace("memoryTBps: 2.4", "memoryTBps: fast")
            .replace("tdpWatts: {unknown: \"not measured yet\"}", "tdpWatts: {maybe: 300}");
    SpecException e = (SpecException) catchSpec(() -> bundled.withOverrides("bad.yaml", yaml));

    assertThat(e.getMessage())
        .contains(
            "bad.yaml:6:13: [0].memoryGB: '-96' is not allowed: must be a number greater than 0")
        .contains(
            "[0].memoryTBps: 'fast' is not allowed: must be a number greater than 0,"
                + " {unknown: reason} or {unsupported: reason}")
        .contains("[0].tdpWatts.maybe: unknown field; allowed here: unknown, unsupported");
  }

  @Test
  void rejectsAnIdGivenTwiceInOneFile() {
    assertThatThrownBy(() -> bundled.withOverrides("twice.yaml", NEW_ENTRY + NEW_ENTRY))
        .hasMessageContaining("twice.yaml:13:3: [1].id: 'acme-x1' is given twice in this file");
  }

  @Test
  void rejectsAnAliasThatAlreadyNamesAnotherEntry() {
    String yaml = NEW_ENTRY.replace("- id: acme-x1\n", "- id: acme-x1\n  aliases: [h100]\n");

    assertThatThrownBy(() -> bundled.withOverrides("alias.yaml", yaml))
        .hasMessageContaining("alias 'h100' of 'acme-x1' already names 'h100-sxm'");
  }

  @Test
  void rejectsAFileThatIsNotAList() {
    assertThatThrownBy(() -> bundled.withOverrides("map.yaml", "id: h20\ntdpWatts: 1\n"))
        .hasMessage(
            "map.yaml:1:1: a map is not allowed: a catalog file is a YAML list of accelerator"
                + " entries (each starting with '- id: ...')");
  }

  @Test
  void suggestsTheNearestIdForATypo() {
    assertThat(bundled.notFoundMessage("h100-sx")).contains("did you mean 'h100-sxm'?");
  }

  private static RuntimeException catchSpec(Runnable action) {
    try {
      action.run();
    } catch (SpecException e) {
      return e;
    }
    throw new AssertionError("expected a SpecException");
  }
}
