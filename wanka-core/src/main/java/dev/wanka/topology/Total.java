package dev.wanka.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sum over a cluster's pools that stays honest when some pools lack a figure: the sum of the
 * known parts plus, for each missing part, a sentence saying which pool and why.
 */
public record Total(double known, List<String> missing) {

  public Total {
    missing = List.copyOf(missing);
  }

  public static Total of(double value) {
    return new Total(value, List.of());
  }

  public boolean complete() {
    return missing.isEmpty();
  }

  public Total plus(Total other) {
    List<String> reasons = new ArrayList<>(missing);
    reasons.addAll(other.missing);
    return new Total(known + other.known, reasons);
  }

  public Total times(double factor) {
    return new Total(known * factor, missing);
  }

  /** True when no pool contributed a figure, so the sum says nothing. */
  public boolean unknown() {
    return !complete() && known == 0;
  }

  /**
   * "10,127.4 PFLOPS"; "at least 812.5 PFLOPS" when some parts are missing; "unknown" when all are
   * (see {@link #missing}).
   */
  public String describe(String unit, int decimals) {
    if (unknown()) {
      return "unknown";
    }
    String value = String.format(Locale.ROOT, "%,." + decimals + "f %s", known, unit).trim();
    return complete() ? value : "at least " + value;
  }
}
