package dev.wanka.sim.trace;

import dev.wanka.sim.BundledCsv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gavel's measured isolated throughputs (steps per second of the whole job) of each job type and
 * scale factor on V100, P100 and K80 GPUs, bundled with its provenance (Gavel's {@code
 * scheduler/simulation_throughputs.json}, the {@code "null"} entry of each consolidated worker
 * type). A throughput of 0 means the job does not fit on that GPU.
 */
final class GavelThroughputs {
  /** The worker types of the table, the reference first. */
  static final List<String> TYPES = List.of("v100", "p100", "k80");

  private static final String RESOURCE = "/dev/wanka/sim/trace/gavel_throughputs.csv";

  /** Steps per second per type in {@link #TYPES} order, by job type, then scale factor. */
  private final Map<String, TreeMap<Integer, double[]>> byJobType = new TreeMap<>();

  private static final GavelThroughputs BUNDLED = new GavelThroughputs();

  private GavelThroughputs() {
    for (Map<String, String> row : BundledCsv.rows(RESOURCE, "Gavel's throughput table")) {
      double[] perType = new double[TYPES.size()];
      for (int t = 0; t < TYPES.size(); t++) {
        String value = row.get(TYPES.get(t));
        perType[t] = value.isEmpty() ? 0 : Double.parseDouble(value);
      }
      byJobType
          .computeIfAbsent(row.get("job_type"), type -> new TreeMap<>())
          .put(Integer.parseInt(row.get("scale_factor")), perType);
    }
  }

  static GavelThroughputs bundled() {
    return BUNDLED;
  }

  List<String> jobTypes() {
    return new ArrayList<>(byJobType.keySet());
  }

  /**
   * Steps per second of a job type at a scale factor on each type of {@link #TYPES}; empty for an
   * unknown job type. A scale factor the table lacks (it measured 1, 2, 4 and 8 GPUs for most
   * types, only 1 for some) takes the largest one it has below, scaled linearly: an assumption,
   * optimistic for large jobs.
   */
  Optional<double[]> stepsPerSecond(String jobType, int scaleFactor) {
    TreeMap<Integer, double[]> scales = byJobType.get(jobType);
    if (scales == null || scales.floorKey(scaleFactor) == null) {
      return Optional.empty();
    }
    int measured = scales.floorKey(scaleFactor);
    double[] perType = scales.get(measured).clone();
    for (int t = 0; t < perType.length; t++) {
      perType[t] = perType[t] * scaleFactor / measured;
    }
    return Optional.of(perType);
  }
}
