package dev.wanka.sim.fgd;

import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Published per-seed curves of the FGD simulator for one workload, from its analysis files ({@code
 * analysis_allo_discrete.csv}, {@code analysis_frag_discrete.csv}; columns {@code workload,
 * sc_policy, tune, seed, total_gpus, 0..130}). Rows of other workloads are skipped, so one file can
 * hold many traces' results. Policies are spelt {@code 06-FGD} there and by the paper's name here.
 */
public final class PublishedCurves {
  private final String workload;
  private final Map<String, Map<Integer, double[]>> rows;

  private PublishedCurves(String workload, Map<String, Map<Integer, double[]>> rows) {
    this.workload = workload;
    this.rows = rows;
  }

  /** No published results. */
  public static PublishedCurves none(String workload) {
    return new PublishedCurves(workload, Map.of());
  }

  /**
   * The rows of {@code workload} in the file; throws {@link dev.wanka.spec.SpecException} naming
   * the line of every malformed row.
   */
  public static PublishedCurves read(String source, String text, String workload) {
    Problems problems = new Problems();
    String[] lines = text.split("\r?\n");
    List<String> header = List.of(lines[0].trim().split(",", -1));
    int workloadColumn = header.indexOf("workload");
    int policyColumn = header.indexOf("sc_policy");
    int seedColumn = header.indexOf("seed");
    int first = header.indexOf("0");
    if (workloadColumn < 0 || policyColumn < 0 || seedColumn < 0 || first < 0) {
      problems.add(
          new SourceLocation(source, 1, 1),
          "header",
          "must have the columns workload, sc_policy, seed and 0.."
              + (Curves.COLUMNS - 1)
              + ", not "
              + header);
      problems.throwIfAny();
    }
    Map<String, Map<Integer, double[]>> rows = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] row = lines[i].split(",", -1);
      SourceLocation at = new SourceLocation(source, i + 1, 1);
      if (row.length != header.size()) {
        problems.add(at, "row", row.length + " fields, but the header has " + header.size());
        continue;
      }
      if (!row[workloadColumn].equals(workload)) {
        continue;
      }
      String label = row[policyColumn];
      Optional<String> policy = PackingPolicies.canonical(label.substring(label.indexOf('-') + 1));
      if (policy.isEmpty()) {
        problems.add(at, "sc_policy", PackingPolicies.notAPolicy(label));
        continue;
      }
      try {
        double[] values = new double[Curves.COLUMNS];
        for (int a = 0; a < Curves.COLUMNS; a++) {
          String cell = first + a < row.length ? row[first + a].trim() : "";
          values[a] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        }
        rows.computeIfAbsent(policy.get(), p -> new TreeMap<>())
            .put(Integer.parseInt(row[seedColumn].trim()), values);
      } catch (NumberFormatException e) {
        problems.add(at, "row", "a seed or column is not a number: " + e.getMessage());
      }
    }
    problems.throwIfAny();
    return new PublishedCurves(workload, rows);
  }

  public String workload() {
    return workload;
  }

  /** Columns 0..130 (NaN where the file has none) for a policy (the paper's name) and seed. */
  public Optional<double[]> of(String policy, int seed) {
    return Optional.ofNullable(rows.getOrDefault(policy, Map.of()).get(seed));
  }

  /** The seeds published for a policy, in order. */
  public List<Integer> seeds(String policy) {
    return new ArrayList<>(rows.getOrDefault(policy, Map.of()).keySet());
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
