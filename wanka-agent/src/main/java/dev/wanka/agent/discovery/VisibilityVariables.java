package dev.wanka.agent.discovery;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variable each vendor's runtime reads to limit a process to some devices, set to
 * the comma-joined device indexes. docs/agent.md gives the source of each and says which are not
 * confirmed by the vendor's own documentation.
 */
public final class VisibilityVariables {
  private static final Map<String, String> BY_VENDOR =
      Map.of(
          "nvidia", "CUDA_VISIBLE_DEVICES",
          "huawei", "ASCEND_RT_VISIBLE_DEVICES",
          "moore threads", "MUSA_VISIBLE_DEVICES",
          "cambricon", "MLU_VISIBLE_DEVICES",
          "kunlunxin", "XPU_VISIBLE_DEVICES",
          "biren", "SUPA_VISIBLE_DEVICES",
          "enflame", "TOPS_VISIBLE_DEVICES",
          "hygon", "HIP_VISIBLE_DEVICES",
          "iluvatar corex", "CUDA_VISIBLE_DEVICES",
          "metax", "CUDA_VISIBLE_DEVICES");

  private VisibilityVariables() {}

  /**
   * The variable for a catalog vendor, ignoring case.
   *
   * @throws IllegalArgumentException for a vendor no variable is known for
   */
  public static String forVendor(String vendor) {
    String variable = BY_VENDOR.get(vendor.trim().toLowerCase(Locale.ROOT));
    if (variable == null) {
      throw new IllegalArgumentException(
          "no device-visibility variable is known for vendor '"
              + vendor
              + "'; known vendors: "
              + List.copyOf(new java.util.TreeSet<>(BY_VENDOR.keySet())));
    }
    return variable;
  }

  /** The value of the variable: the indexes joined by commas, in the order given. */
  public static String value(List<Integer> indexes) {
    StringBuilder text = new StringBuilder();
    for (int index : indexes) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(index);
    }
    return text.toString();
  }
}
