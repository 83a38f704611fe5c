package dev.wanka.sim.report;

import java.util.Locale;

/** How the report writes figures for people: durations in the unit that reads best, and so on. */
final class Figures {
  private Figures() {}

  /** 45 s, 12.5 min, 3.2 h, 4.1 days; "–" when unknown. */
  static String duration(double seconds) {
    return duration(seconds, 1);
  }

  /** As {@link #duration(double)}, with this many decimals for minutes, hours and days. */
  static String duration(double seconds, int decimals) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    double magnitude = Math.abs(seconds);
    if (magnitude < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    String pattern = "%." + decimals + "f ";
    if (magnitude < 2 * 3600) {
      return String.format(Locale.ROOT, pattern + "min", seconds / 60);
    }
    if (magnitude < 48 * 3600) {
      return String.format(Locale.ROOT, pattern + "h", seconds / 3600);
    }
    return String.format(Locale.ROOT, pattern + "days", seconds / 86_400);
  }

  /**
   * Two durations with as many decimals as it takes (up to three) to tell them apart, so that a
   * comparison never reads "3.3 h against 3.3 h".
   */
  static String[] durations(double a, double b) {
    int decimals = 1;
    while (decimals < 3 && duration(a, decimals).equals(duration(b, decimals)) && a != b) {
      decimals++;
    }
    return new String[] {duration(a, decimals), duration(b, decimals)};
  }

  /** A ratio as a percentage with one decimal, two below 1% (0.03%, not 0.0%). */
  static String percent(double ratio) {
    if (Double.isNaN(ratio)) {
      return "–";
    }
    boolean small = ratio != 0 && Math.abs(ratio) < 0.01;
    return String.format(Locale.ROOT, small ? "%.2f%%" : "%.1f%%", 100 * ratio);
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
