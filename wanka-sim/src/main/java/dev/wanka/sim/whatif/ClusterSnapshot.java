package dev.wanka.sim.whatif;

import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A cluster's state and queue at one instant, as the live server holds it: the cluster, the
 * scheduler's configuration and policy, the time, the nodes that are not UP, every workload
 * submitted and not yet ended (each with its submit time and, where known, its run-time estimate),
 * and the gangs of those workloads that are running, where and until when. Every gang of a workload
 * that is not running is pending.
 *
 * @param nowSeconds the snapshot's time, on the same clock as submit and start times
 * @param nodeStates the state of every node that is not UP, by node index
 */
public record ClusterSnapshot(
    Cluster cluster,
    SchedulerConfig config,
    SchedulerPolicy policy,
    long nowSeconds,
    Map<Integer, DeviceLedger.NodeState> nodeStates,
    List<Workload> workloads,
    List<RunningGang> running) {
  public ClusterSnapshot {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(policy, "policy");
    if (nowSeconds < 0) {
      throw new IllegalArgumentException(
          "nowSeconds: " + nowSeconds + " is not allowed: must be >= 0");
    }
    nodeStates = java.util.Collections.unmodifiableMap(new TreeMap<>(nodeStates));
    workloads = List.copyOf(workloads);
    running = List.copyOf(running);
    for (Map.Entry<Integer, DeviceLedger.NodeState> entry : nodeStates.entrySet()) {
      if (entry.getKey() < 0 || entry.getKey() >= cluster.nodeCount()) {
        throw new IllegalArgumentException(
            "nodeStates: "
                + entry.getKey()
                + " is not a node of cluster "
                + cluster.name()
                + "; allowed: 0 to "
                + (cluster.nodeCount() - 1));
      }
    }
    for (int i = 0; i < workloads.size(); i++) {
      requireByNow(
          "workloads",
          i,
          workloads.get(i).id(),
          "submitted",
          workloads.get(i).submitSeconds(),
          nowSeconds);
    }
    for (int i = 0; i < running.size(); i++) {
      requireByNow(
          "running",
          i,
          running.get(i).gang(),
          "started",
          running.get(i).startSeconds(),
          nowSeconds);
    }
  }

  /** A snapshot holds what happened by its time. */
  private static void requireByNow(
      String field, int index, Object what, String happened, long atSeconds, long nowSeconds) {
    if (atSeconds > nowSeconds) {
      throw new IllegalArgumentException(
          field
              + "["
              + index
              + "]: "
              + what
              + " is "
              + happened
              + " at "
              + atSeconds
              + ", after the snapshot's now ("
              + nowSeconds
              + "); a snapshot holds what happened by then");
    }
  }

  /** A snapshot of a cluster whose nodes are all UP. */
  public static ClusterSnapshot allNodesUp(
      Cluster cluster,
      SchedulerConfig config,
      SchedulerPolicy policy,
      long nowSeconds,
      List<Workload> workloads,
      List<RunningGang> running) {
    return new ClusterSnapshot(cluster, config, policy, nowSeconds, Map.of(), workloads, running);
  }
}
