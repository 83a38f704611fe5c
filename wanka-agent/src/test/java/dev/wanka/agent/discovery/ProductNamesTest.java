package dev.wanka.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProductNamesTest {
  private static final long GIB = 1024L * 1024L * 1024L;

  @Test
  void recordedNvidiaNamesMapToTheirCatalogEntries() {
    String h100 =
        NvidiaSmiCsv.parse(Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv")).get(0).name();
    Matcher listed =
        Pattern.compile("GPU 0: (.+) \\(UUID")
            .matcher(Recorded.text("nvidia-smi/a100-sxm4-80gb-list-gpus.txt"));
    assertThat(listed.find()).isTrue();

    assertThat(ProductNames.nvidia(h100)).contains("h100-sxm");
    assertThat(ProductNames.nvidia(listed.group(1))).contains("a100-sxm-80gb");
  }

  @Test
  void recordedAscendNamesMapToTheirCatalogEntries() {
    assertThat(ascendIdOf("npu-smi/910b3-one-npu.txt")).contains("ascend-910b3");
    assertThat(ascendIdOf("npu-smi/910b2c-two-npus-with-processes.txt")).contains("ascend-910b2");
    assertThat(ascendIdOf("npu-smi/ascend910-two-chips-per-npu-excerpt.txt"))
        .contains("ascend-910c");
    assertThat(ascendIdOf("npu-smi/910b4-1-two-npus-masked-bus-excerpt.txt"))
        .contains("ascend-910b4");
  }

  @Test
  void a910b4With32GbIsThePcieCard() {
    assertThat(ProductNames.ascend("910B4", 32 * GIB)).contains("ascend-910b4-pcie-32g");
    assertThat(ProductNames.ascend("910B4", 64 * GIB)).contains("ascend-910b4");
  }

  @Test
  void productsWithoutACatalogEntryAreNotGuessed() {
    assertThat(ProductNames.nvidia("NVIDIA H100 PCIe")).isEmpty();
    assertThat(ProductNames.nvidia("NVIDIA A100-SXM4-40GB")).isEmpty();
    assertThat(ProductNames.nvidia("NVIDIA H800 PCIe")).isEmpty();
    assertThat(ProductNames.ascend("910B1", 64 * GIB)).isEmpty();
  }

  @Test
  void everyMappedIdIsInTheBundledCatalog() {
    List<Optional<String>> ids =
        List.of(
            ProductNames.nvidia("NVIDIA H100 80GB HBM3"),
            ProductNames.nvidia("NVIDIA H800"),
            ProductNames.nvidia("NVIDIA H20"),
            ProductNames.nvidia("NVIDIA A100-SXM4-80GB"),
            ProductNames.nvidia("NVIDIA A800-SXM4-80GB"),
            ProductNames.nvidia("NVIDIA L20"),
            ProductNames.nvidia("NVIDIA GeForce RTX 4090"),
            ProductNames.nvidia("NVIDIA B200"),
            ProductNames.nvidia("NVIDIA GB200"),
            ProductNames.ascend("910B2", 64 * GIB),
            ProductNames.ascend("910B3", 64 * GIB),
            ProductNames.ascend("910B4", 64 * GIB),
            ProductNames.ascend("910B4", 32 * GIB),
            ProductNames.ascend("Ascend910", 64 * GIB));

    for (Optional<String> id : ids) {
      assertThat(id).isPresent();
      assertThat(Catalog.bundled().find(id.get())).as(id.get()).isPresent();
    }
  }

  private static Optional<String> ascendIdOf(String recording) {
    NpuChip chip = NpuSmiTable.parse(Recorded.text(recording)).get(0);
    return ProductNames.ascend(chip.name(), chip.memoryBytes());
  }
}
