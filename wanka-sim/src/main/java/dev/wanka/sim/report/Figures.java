package dev.wanka.sim.report;

import java.util.Locale;

/** How the report writes figures for people: durations in the unit that reads best, and so on. */
final class Figures {
  private Figures() {}

  /** 45 s, 12.5 min, 3.2 h, 4.1 days; "–" when unknown. */
  static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    double magnitude = Math.abs(seconds);
    if (magnitude < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (magnitude < 2 * 3600) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    if (magnitude < 48 * 3600) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86_400);
  }

  /** A ratio as a percentage with one decimal. */
  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  /** A count or amount: whole with thousands separators from 100 up, else two decimals at most. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    if (Math.abs(value) >= 100 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String kWh(double value) {
    return Double.isNaN(value) ? "–" : number(value) + " kWh";
  }

  static String money(double value, String currency) {
    return Double.isNaN(value)
        ? "–"
        : String.format(Locale.ROOT, "%,.2f", value) + (currency.isEmpty() ? "" : " " + currency);
  }
}
