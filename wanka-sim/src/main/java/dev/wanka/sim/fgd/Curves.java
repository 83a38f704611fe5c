package dev.wanka.sim.fgd;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * PROTOCOL §6: the per-run columns 0..130 of {@code expected_alloc_default.csv} and {@code
 * expected_frag_default.csv}, computed with the same floating-point steps as the simulator's pandas
 * analysis: x = round(arrived / gpus / 10) (half to even), y = round(used / gpus / 10, 2) (Python's
 * correctly rounded {@code round}), the column is the numpy mean of y over events with x == a (else
 * a − 1 ≤ x ≤ a + 1), rounded by numpy to 2 decimals (scale by 100, round half to even, divide).
 */
public final class Curves {
  public static final int COLUMNS = 131;

  private Curves() {}

  static double[] allocation(FgdRun run) {
    double[] y = new double[run.usedMilli().length];
    for (int e = 0; e < y.length; e++) {
      y[e] = pythonRound2((double) run.usedMilli()[e] / run.totalGpus() / 10);
    }
    return columns(run, y, mean -> numpyRound2(mean));
  }

  static double[] fragmentation(FgdRun run) {
    return columns(
        run, run.fragmentationMilli(), mean -> numpyRound2(100 * mean / 1000 / run.totalGpus()));
  }

  private static double[] columns(FgdRun run, double[] values, DoubleUnaryOperator finish) {
    int events = values.length;
    double[] x = new double[events];
    for (int e = 0; e < events; e++) {
      x[e] = Math.rint((double) run.arrivedMilli()[e] / run.totalGpus() / 10);
    }
    double[] out = new double[COLUMNS];
    double[] selected = new double[events];
    for (int a = 0; a < COLUMNS; a++) {
      int n = 0;
      for (int e = 0; e < events; e++) {
        if (x[e] == a) {
          selected[n++] = values[e];
        }
      }
      if (n == 0) {
        for (int e = 0; e < events; e++) {
          if (x[e] >= a - 1 && x[e] <= a + 1) {
            selected[n++] = values[e];
          }
        }
      }
      out[a] = n == 0 ? Double.NaN : finish.applyAsDouble(numpySum(selected, 0, n) / n);
    }
    return out;
  }

  /** Python's {@code round(x, 2)}: the exact binary value rounded half to even. */
  static double pythonRound2(double x) {
    return Double.parseDouble(
        new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
  }

  /** numpy's {@code round(x, 2)}: rint(x · 100) / 100. */
  static double numpyRound2(double x) {
    return Math.rint(x * 100) / 100;
  }

  /** numpy's pairwise summation of float64 (blocks of 128, eight accumulators), from 0. */
  static double numpySum(double[] a, int from, int n) {
    return 0.0 + pairwise(a, from, n);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double sum = 0.;
      for (int i = 0; i < n; i++) {
        sum += a[from + i];
      }
      return sum;
    }
    if (n <= 128) {
      double[] r = Arrays.copyOfRange(a, from, from + 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        sum += a[from + i];
      }
      return sum;
    }
    int half = n / 2;
    half -= half % 8;
    return pairwise(a, from, half) + pairwise(a, from + half, n - half);
  }
}
