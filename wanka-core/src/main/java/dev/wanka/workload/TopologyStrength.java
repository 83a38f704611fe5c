package dev.wanka.workload;

import dev.wanka.spec.Keyword;

/** Whether a topology scope is a hard requirement (wait rather than spread) or a preference. */
public enum TopologyStrength implements Keyword {
  REQUIRED("required"),
  PREFERRED("preferred");

  private final String keyword;

  TopologyStrength(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
