package dev.wanka.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart's data and layout, drawn alike as inline SVG ({@link SvgLineChart}) and as PNG
 * ({@link PngLineChart}): axes from 0 to round-numbered tops with five ticks each, one line per
 * series in a fixed palette (the same series index keeps its colour in every chart), and a legend.
 * Lines after the first are dashed, so equal series stay visible. Step series (values that hold
 * until the next point, like a queue length) are drawn as steps. Coordinates are in a {@value
 * #WIDTH} × {@value #HEIGHT} canvas.
 *
 * @param id a slug naming the chart (its PNG file is {@code id.png})
 */
record LineChart(
    String id, String title, String xLabel, String yLabel, List<Series> series, boolean steps) {
  static final int WIDTH = 720;
  static final int HEIGHT = 320;
  static final int LEFT = 70;
  static final int RIGHT = 20;
  static final int TOP = 30;
  static final int BOTTOM = 50;
  static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
  static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
  static final int TICKS = 5;

  /** Colour-blind-safe palette (Okabe and Ito). */
  private static final String[] COLOURS = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"
  };

  /** One line: its name in the legend and its points, x ascending. */
  record Series(String name, double[] xs, double[] ys) {}

  /** A tick: where it is along its axis, in canvas units, and its label. */
  record Tick(double at, String label) {}

  LineChart {
    series = List.copyOf(series);
  }

  /**
   * Dash patterns (canvas units on, off, ...), so that a series drawn over an equal one leaves it
   * visible: the first series solid, then dashed, dotted, dash-dotted.
   */
  private static final float[][] DASHES = {{}, {7, 3}, {2, 2}, {7, 3, 2, 3}};

  static String colour(int seriesIndex) {
    return COLOURS[seriesIndex % COLOURS.length];
  }

  /** The dash pattern of a series; empty for a solid line. */
  static float[] dash(int seriesIndex) {
    return DASHES[seriesIndex % DASHES.length].clone();
  }

  double xTop() {
    double max = 0;
    for (Series s : series) {
      for (double x : s.xs()) {
        max = Math.max(max, x);
      }
    }
    return niceCeiling(max);
  }

  double yTop() {
    double max = 0;
    for (Series s : series) {
      for (double y : s.ys()) {
        max = Math.max(max, y);
      }
    }
    return niceCeiling(max);
  }

  /** Canvas x of a data x. */
  double px(double x) {
    return LEFT + PLOT_WIDTH * (x / xTop());
  }

  /** Canvas y of a data y. */
  double py(double y) {
    return TOP + PLOT_HEIGHT * (1 - y / yTop());
  }

  List<Tick> xTicks() {
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= TICKS; i++) {
      ticks.add(new Tick(LEFT + PLOT_WIDTH * i / (double) TICKS, label(xTop() * i / TICKS)));
    }
    return ticks;
  }

  List<Tick> yTicks() {
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= TICKS; i++) {
      ticks.add(new Tick(TOP + PLOT_HEIGHT * (1 - i / (double) TICKS), label(yTop() * i / TICKS)));
    }
    return ticks;
  }

  /** Where the legend's swatch of a series goes (its label follows 15 units to the right). */
  static int legendX() {
    return LEFT + PLOT_WIDTH - 150;
  }

  static int legendY(int seriesIndex) {
    return TOP + 6 + 16 * seriesIndex;
  }

  /**
   * A series' line in canvas units as {xs, ys}, steps drawn out; at most four points per column of
   * the canvas (the first, lowest, highest and last there), so a series of a million points draws
   * as fast as one of a few thousand and looks the same.
   */
  double[][] path(Series s) {
    double xTop = xTop();
    double yTop = yTop();
    int n = s.xs().length;
    double[] xs = new double[steps ? Math.max(0, 2 * n - 1) : n];
    double[] ys = new double[xs.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      double x = LEFT + PLOT_WIDTH * (s.xs()[i] / xTop);
      double y = TOP + PLOT_HEIGHT * (1 - s.ys()[i] / yTop);
      if (steps && i > 0) {
        xs[k] = x;
        ys[k] = ys[k - 1];
        k++;
      }
      xs[k] = x;
      ys[k] = y;
      k++;
    }
    return thinned(xs, ys);
  }

  /** Keeps, per whole canvas unit of x, the first, lowest, highest and last point, in order. */
  static double[][] thinned(double[] xs, double[] ys) {
    if (xs.length <= 4 * PLOT_WIDTH) {
      return new double[][] {xs, ys};
    }
    List<double[]> kept = new ArrayList<>();
    int start = 0;
    while (start < xs.length) {
      long column = (long) Math.floor(xs[start]);
      int end = start;
      int lowest = start;
      int highest = start;
      while (end + 1 < xs.length && (long) Math.floor(xs[end + 1]) == column) {
        end++;
        if (ys[end] < ys[lowest]) {
          lowest = end;
        }
        if (ys[end] > ys[highest]) {
          highest = end;
        }
      }
      int[] picks = {start, Math.min(lowest, highest), Math.max(lowest, highest), end};
      int previous = -1;
      for (int pick : picks) {
        if (pick != previous) {
          kept.add(new double[] {xs[pick], ys[pick]});
          previous = pick;
        }
      }
      start = end + 1;
    }
    double[] keptX = new double[kept.size()];
    double[] keptY = new double[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      keptX[i] = kept.get(i)[0];
      keptY[i] = kept.get(i)[1];
    }
    return new double[][] {keptX, keptY};
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

  static String label(double value) {
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
}
