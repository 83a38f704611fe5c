package dev.wanka.topology;

import dev.wanka.spec.Keyword;

/**
 * How far apart devices sit, from nearest to farthest. The order is the order of the enum: two
 * devices on one node are closer than two in one multi-node scale-up domain, which are closer than
 * two under one leaf, and so on.
 */
public enum Tier implements Keyword {
  /** The same device. */
  DEVICE("device"),
  /** Different devices of one node (its scale-up link, or PCIe). */
  NODE("node"),
  /** Different nodes of one multi-node scale-up domain (NVL72, a 384-NPU supernode). */
  SCALE_UP_DOMAIN("domain"),
  /** Different domains under one leaf switch (fat-tree) or one set of rail leaves. */
  LEAF("leaf"),
  /** Different leaves under one spine group: the top tier of a 2-tier fabric. */
  SPINE("spine"),
  /** Different spine groups, joined by the core tier of a 3-tier fabric. */
  CORE("core");

  private final String keyword;

  Tier(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  public Tier max(Tier other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
