package dev.wanka.sim.fgd;

import java.util.List;

/** Means and sample standard deviations of per-seed columns. */
final class Statistics {
  private Statistics() {}

  /** The mean of each column over the rows; NaN where any row has none. */
  static double[] meanColumns(List<double[]> rows) {
    double[] mean = new double[Curves.COLUMNS];
    for (int a = 0; a < Curves.COLUMNS; a++) {
      mean[a] = mean(column(rows, a));
    }
    return mean;
  }

  static double[] column(List<double[]> rows, int column) {
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[column];
    }
    return values;
  }

  static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** The sample standard deviation; 0 for fewer than two values. */
  static double sampleSd(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = mean(values);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }
}
