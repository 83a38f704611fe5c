package dev.wanka.sim.failure;

import dev.wanka.sim.BundledCsv;
import dev.wanka.topology.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How often components fail and for how long, calibrated on the unexpected interruptions of Llama 3
 * 405B pre-training (arXiv:2407.21783, Table 5: 419 interruptions in a 54-day snapshot on 16,384
 * H100 GPUs, 2,048 nodes of 8). Each component's count becomes a rate per unit of its scope ({@link
 * FailureScope#ofCategory}): GPU causes per device-hour (count / (16,384 x 1,296 h)), the others
 * per node-hour (count / (2,048 x 1,296 h)), so that a cluster of 8-device nodes sees 419 / (16,384
 * x 1,296) failures per device-hour in all. Repair times are assumptions, per category: a GPU or
 * host part swapped in {@value #HARDWARE_REPAIR_HOURS} hours, a switch or cable in {@value
 * #NETWORK_REPAIR_HOURS}, software and unknown causes a restart in {@value #RESTART_MINUTES}
 * minutes. {@code scale} multiplies every rate (0 turns failures off).
 */
public record FailureModel(List<FailureMode> modes) {
  /** GPUs, nodes and hours of the Llama 3 snapshot. */
  public static final int LLAMA3_GPUS = 16_384;

  public static final int LLAMA3_NODES = 2048;

  public static final double LLAMA3_HOURS = 54 * 24;

  public static final int HARDWARE_REPAIR_HOURS = 24;

  public static final int NETWORK_REPAIR_HOURS = 4;

  public static final int RESTART_MINUTES = 10;

  private static final String TABLE = "/dev/wanka/sim/failure/llama3_405b_interruptions.csv";

  public FailureModel {
    modes = List.copyOf(modes);
  }

  /** No failures. */
  public static FailureModel none() {
    return new FailureModel(List.of());
  }

  /** The Llama 3 calibration, every rate multiplied by {@code scale} (0 or more). */
  public static FailureModel llama3(double scale) {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "failures.scale: " + scale + " is not allowed: must be a number from 0 up");
    }
    List<FailureMode> modes = new ArrayList<>();
    for (Map<String, String> row : BundledCsv.rows(TABLE, "Llama 3 interruption table")) {
      String category = row.get("category");
      FailureScope scope = FailureScope.ofCategory(category);
      double count = Double.parseDouble(row.get("interruption_count"));
      double units = scope == FailureScope.DEVICE ? LLAMA3_GPUS : LLAMA3_NODES;
      modes.add(
          new FailureMode(
              row.get("component"),
              category,
              scope,
              scale * count / (units * LLAMA3_HOURS),
              REPAIR_SECONDS.getOrDefault(category, RESTART_MINUTES * 60L)));
    }
    return new FailureModel(modes);
  }

  private static final Map<String, Long> REPAIR_SECONDS =
      Map.of(
          "GPU", HARDWARE_REPAIR_HOURS * 3600L,
          "Host", HARDWARE_REPAIR_HOURS * 3600L,
          "Unplanned Maintenance", HARDWARE_REPAIR_HOURS * 3600L,
          "Network", NETWORK_REPAIR_HOURS * 3600L);

  /** How many units of a scope's kind the cluster has: devices, or nodes. */
  public static int units(Cluster cluster, FailureScope scope) {
    return scope == FailureScope.DEVICE ? cluster.deviceCount() : cluster.nodeCount();
  }

  /** Failures per hour of one mode on the whole cluster. */
  public static double perHour(FailureMode mode, Cluster cluster) {
    return mode.perUnitHour() * units(cluster, mode.scope());
  }

  /** Failures per hour on the whole cluster, every mode together. */
  public double perHour(Cluster cluster) {
    return modes.stream().mapToDouble(m -> perHour(m, cluster)).sum();
  }
}
