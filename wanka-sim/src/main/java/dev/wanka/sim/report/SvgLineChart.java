package dev.wanka.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG (no script, no external resource): axes with round-numbered ticks, one
 * polyline per series in a fixed palette, and a legend. Step series (values that hold until the
 * next point, like a queue length) are drawn as steps.
 */
final class SvgLineChart {
  /** Colour-blind-safe palette (Okabe and Ito). */
  private static final String[] COLOURS = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"
  };

  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  /** One line: its name in the legend and its points. */
  record Series(String name, double[] xs, double[] ys) {}

  private SvgLineChart() {}

  static String render(
      String title, String xLabel, String yLabel, List<Series> series, boolean steps) {
    double maxX = 0;
    double maxY = 0;
    for (Series s : series) {
      for (double x : s.xs()) {
        maxX = Math.max(maxX, x);
      }
      for (double y : s.ys()) {
        maxY = Math.max(maxY, y);
      }
    }
    double xTop = niceCeiling(maxX);
    double yTop = niceCeiling(maxY);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>%n",
            LEFT,
            escape(title)));
    for (int i = 0; i <= 5; i++) {
      double fraction = i / 5.0;
      double y = TOP + plotHeight * (1 - fraction);
      double x = LEFT + plotWidth * fraction;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotWidth,
              y,
              LEFT - 6,
              y + 4,
              label(yTop * fraction)));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>%n",
              x,
              TOP + plotHeight + 18,
              label(xTop * fraction)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n"
                + "<text x=\"16\" y=\"%d\" class=\"axis\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 16 %d)\">%s</text>%n",
            LEFT + plotWidth / 2,
            HEIGHT - 10,
            escape(xLabel),
            TOP + plotHeight / 2,
            TOP + plotHeight / 2,
            escape(yLabel)));
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String colour = COLOURS[k % COLOURS.length];
      List<String> points = new ArrayList<>();
      for (int i = 0; i < s.xs().length; i++) {
        double x = LEFT + plotWidth * (xTop == 0 ? 0 : s.xs()[i] / xTop);
        double y = TOP + plotHeight * (1 - (yTop == 0 ? 0 : s.ys()[i] / yTop));
        if (steps && !points.isEmpty()) {
          String previous = points.get(points.size() - 1);
          points.add(String.format(Locale.ROOT, "%.1f,%s", x, previous.split(",")[1]));
        }
        points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
              String.join(" ", points),
              colour));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>%n",
              LEFT + plotWidth - 150,
              TOP + 6 + 16 * k,
              colour,
              LEFT + plotWidth - 135,
              TOP + 15 + 16 * k,
              escape(s.name())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above the value (1 for 0). */
  static double niceCeiling(double value) {
    if (!(value > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String label(double value) {
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", value / 1e6);
    }
    if (value >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", value / 1e3);
    }
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
