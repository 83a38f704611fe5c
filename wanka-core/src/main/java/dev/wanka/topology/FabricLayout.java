package dev.wanka.topology;

import dev.wanka.spec.Keyword;

/** How nodes attach to the leaf tier of the scale-out fabric. */
public enum FabricLayout implements Keyword {
  /** All NICs of a node go to one leaf switch. */
  FAT_TREE("fat-tree"),
  /**
   * NIC i of every node in a group goes to leaf ("rail") i of that group, so the same-rank devices
   * of a group are one hop apart and other traffic hops over the scale-up link first.
   */
  RAIL_OPTIMIZED("rail-optimized");

  private final String keyword;

  FabricLayout(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
