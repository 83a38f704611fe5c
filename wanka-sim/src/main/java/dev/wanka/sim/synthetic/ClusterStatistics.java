package dev.wanka.sim.synthetic;

import dev.wanka.sim.BundledCsv;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Published summary statistics of a production GPU cluster's jobs, which the synthetic workload is
 * fitted to: mean and median run time of GPU jobs (seconds), mean and median GPUs per job, and the
 * largest job. From the Acme (NSDI'24) and Helios (SC'21) cluster summaries bundled with their
 * provenance.
 */
public record ClusterStatistics(
    String id,
    double meanRunSeconds,
    double medianRunSeconds,
    double meanGpus,
    double medianGpus,
    int maxGpus) {

  private static final String ACME = "/dev/wanka/sim/synthetic/acme_cluster_summary.csv";
  private static final String HELIOS = "/dev/wanka/sim/synthetic/helios_cluster_summary.csv";

  /** Helios' summary gives no largest job; its jobs reach a whole 2,048-GPU cluster. */
  private static final int HELIOS_MAX_GPUS = 2048;

  private static final Map<String, ClusterStatistics> BUNDLED = read();

  /** Every bundled cluster, by lower-case id (seren, kalos, philly, helios, pai, venus...). */
  public static Map<String, ClusterStatistics> bundled() {
    return BUNDLED;
  }

  private static Map<String, ClusterStatistics> read() {
    Map<String, ClusterStatistics> all = new LinkedHashMap<>();
    for (Map<String, String> row : BundledCsv.rows(ACME, "Acme cluster summary")) {
      add(all, row, (int) Double.parseDouble(row.get("max_gpu")));
    }
    for (Map<String, String> row : BundledCsv.rows(HELIOS, "Helios cluster summary")) {
      if (!row.get("id").equals("total")) {
        add(all, row, HELIOS_MAX_GPUS);
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /** A bundled cluster by id (any case). */
  public static Optional<ClusterStatistics> find(String id) {
    return Optional.ofNullable(bundled().get(id.toLowerCase(java.util.Locale.ROOT)));
  }

  private static void add(Map<String, ClusterStatistics> all, Map<String, String> row, int max) {
    String id = row.get("id").toLowerCase(java.util.Locale.ROOT);
    all.putIfAbsent(
        id,
        new ClusterStatistics(
            id,
            Double.parseDouble(row.get("avg_run_time_gpu")),
            Double.parseDouble(row.get("med_run_time_gpu")),
            Double.parseDouble(row.get("avg_gpu_num")),
            Double.parseDouble(row.get("med_gpu_num")),
            max));
  }
}
