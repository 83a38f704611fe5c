package dev.wanka.sim.failure;

import dev.wanka.sim.BundledCsv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How often nodes fail and for how long, calibrated on the unexpected interruptions of Llama 3 405B
 * pre-training (arXiv:2407.21783, Table 5: 419 interruptions in a 54-day snapshot on 16,384 H100
 * GPUs, 2,048 nodes of 8): each component's count over 2,048 nodes x 1,296 hours gives its rate per
 * node-hour (per-GPU causes scale with the node's GPUs, taken as the table's 8). Repair times are
 * assumptions, per category: a GPU or host part swapped in {@value #HARDWARE_REPAIR_HOURS} hours, a
 * switch or cable in {@value #NETWORK_REPAIR_HOURS}, software and unknown causes a restart in
 * {@value #RESTART_MINUTES} minutes. {@code scale} multiplies every rate (0 turns failures off).
 */
public record FailureModel(List<FailureMode> modes) {
  /** Nodes and hours of the Llama 3 snapshot. */
  public static final int LLAMA3_NODES = 2048;

  public static final double LLAMA3_HOURS = 54 * 24;

  public static final int HARDWARE_REPAIR_HOURS = 24;

  public static final int NETWORK_REPAIR_HOURS = 4;

  public static final int RESTART_MINUTES = 10;

  private static final String TABLE = "/dev/wanka/sim/failure/llama3_405b_interruptions.csv";

  public FailureModel {
    modes = List.copyOf(modes);
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
      double count = Double.parseDouble(row.get("interruption_count"));
      modes.add(
          new FailureMode(
              row.get("component"),
              category,
              scale * count / (LLAMA3_NODES * LLAMA3_HOURS),
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

  /** Interruptions per node-hour, all modes together. */
  public double perNodeHour() {
    return modes.stream().mapToDouble(FailureMode::perNodeHour).sum();
  }
}
