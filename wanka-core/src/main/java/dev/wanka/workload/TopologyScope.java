package dev.wanka.workload;

import dev.wanka.spec.Keyword;

/**
 * How close together a workload's devices must (or should) be, narrowest first: one node, one
 * scale-up domain (NVLink / HCCS / NVL72 ...), one leaf switch group, one spine (pod).
 */
public enum TopologyScope implements Keyword {
  NODE("node"),
  SCALE_UP_DOMAIN("domain"),
  LEAF("leaf"),
  SPINE("spine");

  private final String keyword;

  TopologyScope(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }

  /** Whether this scope is at least as narrow as {@code other}. */
  public boolean isWithin(TopologyScope other) {
    return compareTo(other) <= 0;
  }
}
