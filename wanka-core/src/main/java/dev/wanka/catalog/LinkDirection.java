package dev.wanka.catalog;

import dev.wanka.spec.Keyword;

/** How a vendor counts a link's bandwidth: both directions summed, or one direction. */
public enum LinkDirection implements Keyword {
  BIDIRECTIONAL("bidirectional"),
  UNIDIRECTIONAL("unidirectional");

  private final String keyword;

  LinkDirection(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
