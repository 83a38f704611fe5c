package dev.wanka.agent.discovery;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps the product name a vendor's tool prints to a catalog id. Only names known to match a catalog
 * entry are mapped; any other name (an H100 PCIe, an A100 40GB) is left to {@code --accelerator}
 * rather than guessed.
 */
public final class ProductNames {
  private record Rule(Pattern name, String catalogId) {}

  private static final List<Rule> NVIDIA =
      List.of(
          rule("NVIDIA H100 80GB HBM3|NVIDIA H100 SXM5? ?80GB.*", "h100-sxm"),
          rule("NVIDIA H800(?! PCIe).*", "h800"),
          rule("NVIDIA H20", "h20"),
          rule("NVIDIA A100-SXM4-80GB", "a100-sxm-80gb"),
          rule("NVIDIA A800-SXM4-80GB", "a800"),
          rule("NVIDIA L20", "l20"),
          rule("NVIDIA GeForce RTX 4090", "rtx-4090"),
          rule("NVIDIA B200", "b200"),
          rule("NVIDIA GB200", "gb200-b200"));

  private static final List<Rule> ASCEND =
      List.of(
          rule("910B2C?", "ascend-910b2"),
          rule("910B3", "ascend-910b3"),
          rule("910B4(-1)?", "ascend-910b4"),
          rule("Ascend910", "ascend-910c"));

  private static final long GIB = 1024L * 1024L * 1024L;

  private ProductNames() {}

  /** The catalog id of an {@code nvidia-smi} product name, e.g. "NVIDIA H100 80GB HBM3". */
  public static Optional<String> nvidia(String productName) {
    return match(NVIDIA, productName.trim());
  }

  /**
   * The catalog id of an {@code npu-smi} name, e.g. "910B3". A 910B4 with 32 GB is the PCIe card
   * ({@code ascend-910b4-pcie-32g}); the name alone does not tell them apart.
   */
  public static Optional<String> ascend(String productName, long memoryBytes) {
    Optional<String> id = match(ASCEND, productName.trim());
    if (id.equals(Optional.of("ascend-910b4")) && memoryBytes > 0 && memoryBytes <= 32 * GIB) {
      return Optional.of("ascend-910b4-pcie-32g");
    }
    return id;
  }

  private static Optional<String> match(List<Rule> rules, String name) {
    return rules.stream()
        .filter(rule -> rule.name().matcher(name).matches())
        .map(Rule::catalogId)
        .findFirst();
  }

  private static Rule rule(String regex, String catalogId) {
    return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), catalogId);
  }
}
