package dev.wanka.api;

import java.util.Map;

/**
 * The whole cluster in numbers.
 *
 * @param devicesByState device counts keyed idle, reserved, busy, draining, cordoned, failed, down
 * @param devicesByType device counts keyed by accelerator id
 * @param jobsByState job counts keyed by {@link JobState} name
 */
public record ClusterSummary(
    int nodes,
    int nodesReady,
    int devices,
    Map<String, Integer> devicesByState,
    Map<String, Integer> devicesByType,
    Map<String, Integer> jobsByState) {
  public ClusterSummary {
    devicesByState = Map.copyOf(devicesByState);
    devicesByType = Map.copyOf(devicesByType);
    jobsByState = Map.copyOf(jobsByState);
  }
}
