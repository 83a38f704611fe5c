package dev.wanka.sched.fragmentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The published per-seed curves of the simulator for the default trace (PROTOCOL §6, §7). */
final class PublishedCurves {
  private final Map<String, double[]> rows = new HashMap<>();

  private PublishedCurves(String resource) {
    List<String[]> csv = OpenbTrace.csv(resource);
    String[] header = csv.get(0);
    int[] meta = OpenbTrace.columns(header, "sc_policy", "seed", "0");
    int first = meta[2];
    for (String[] row : csv.subList(1, csv.size())) {
      String policy = row[meta[0]].substring(row[meta[0]].indexOf('-') + 1);
      double[] values = new double[Curves.COLUMNS];
      for (int a = 0; a < Curves.COLUMNS; a++) {
        String cell = first + a < row.length ? row[first + a] : "";
        values[a] = cell.isBlank() ? Double.NaN : Double.parseDouble(cell);
      }
      rows.put(key(policy, Integer.parseInt(row[meta[1]])), values);
    }
  }

  static PublishedCurves allocation() {
    return new PublishedCurves("expected_alloc_default.csv");
  }

  static PublishedCurves fragmentation() {
    return new PublishedCurves("expected_frag_default.csv");
  }

  /** Columns 0..130 for a policy (as {@link PackingPolicy#name()}) and seed. */
  double[] of(String policy, int seed) {
    double[] values = rows.get(key(policy, seed));
    if (values == null) {
      throw new IllegalArgumentException("no published row for " + policy + " seed " + seed);
    }
    return values;
  }

  private static String key(String policy, int seed) {
    return policy + "/" + seed;
  }
}
