package dev.wanka.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BundledCatalogTest {
  private final Catalog catalog = Catalog.bundled();

  @Test
  void holdsAtLeastTwentyFiveAcceleratorsEachWithASource() {
    assertThat(catalog.all()).hasSizeGreaterThanOrEqualTo(25);
    assertThat(catalog.all()).allSatisfy(a -> assertThat(a.source()).startsWith("http"));
  }

  @Test
  void holdsEveryAcceleratorTheFoundationIssueNames() {
    List<String> required =
        List.of(
            "h100-sxm",
            "h800",
            "h20",
            "a100-sxm-80gb",
            "a800",
            "l20",
            "rtx-4090",
            "b200",
            "gb200-b200",
            "ascend-910b",
            "ascend-910b2",
            "ascend-910b3",
            "ascend-910b4",
            "ascend-910c",
            "mlu370-x8",
            "br100",
            "br104",
            "mtt-s4000",
            "bi-v100",
            "bi-v150",
            "r300",
            "enflame-i20",
            "hygon-k100",
            "hygon-k100-ai",
            "hygon-bw200",
            "metax-c500",
            "tpu-v4",
            "tpu-v5e",
            "tpu-v5p",
            "trainium",
            "trainium2");
    assertThat(required).allSatisfy(id -> assertThat(catalog.find(id)).as(id).isPresent());
  }

  @Test
  void looksUpIdsAndAliasesIgnoringCase() {
    assertThat(catalog.find("H100-SXM")).map(Accelerator::id).contains("h100-sxm");
    assertThat(catalog.find("h100")).map(Accelerator::id).contains("h100-sxm");
    assertThat(catalog.find("Ascend-910B")).map(Accelerator::id).contains("ascend-910b2");
    assertThat(catalog.find("no-such-chip")).isEmpty();
  }

  @Test
  void keepsPublishedH100FiguresAndSaysWhatIsUnknown() {
    Accelerator h100 = catalog.find("h100-sxm").orElseThrow();
    assertThat(h100.peak(Precision.BF16)).isEqualTo(Figure.of(989));
    assertThat(h100.scaleUp().bytesPerSecondEachWay()).isEqualTo(Figure.of(450e9));
    Accelerator a100 = catalog.find("a100").orElseThrow();
    assertThat(a100.peak(Precision.FP8)).isInstanceOf(Figure.Unsupported.class);
    Accelerator ascend = catalog.find("ascend-910b").orElseThrow();
    assertThat(ascend.tdpWatts()).isInstanceOf(Figure.Unknown.class);
    assertThat(ascend.tdpWatts().reason()).contains("does not publish");
  }
}
