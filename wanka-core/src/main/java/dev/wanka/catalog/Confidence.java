package dev.wanka.catalog;

import dev.wanka.spec.Keyword;

/** How far to trust a catalog entry's figures. */
public enum Confidence implements Keyword {
  /** From the vendor's datasheet or documentation. */
  DATASHEET("datasheet"),
  /** The vendor's claim, repeated by the press or in the vendor's own modelling tools. */
  VENDOR_CLAIM("vendor-claim"),
  /** The key figures are measurements, not published peaks. */
  MEASURED("measured"),
  /** Conflicting, unofficial or partial sources. */
  UNCERTAIN("uncertain");

  private final String keyword;

  Confidence(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
