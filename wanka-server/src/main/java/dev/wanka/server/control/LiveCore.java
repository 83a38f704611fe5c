package dev.wanka.server.control;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.server.store.NodeRow;
import dev.wanka.server.store.TaskRow;
import dev.wanka.sim.whatif.ClusterSnapshot;
import dev.wanka.sim.whatif.RunningGang;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scheduler core as the live server holds it: the core itself, the layout of the registered
 * nodes it schedules on, and its configuration. It translates node names and per-node device
 * indexes into the core's indexes and back, and keeps the core's node and device states in step
 * with what the agents report. Built afresh whenever nodes join or tenants are added; guarded by
 * the control plane's lock, except {@link #leafOf}, {@link #spineOf} and {@link #config}, which
 * read what never changes after construction and are called without it. Core time is in seconds of
 * the epoch.
 */
final class LiveCore {
  private final Scheduler scheduler;
  private final LiveCluster cluster;
  private final SchedulerConfig config;
  private long lastCycleSeconds;

  private LiveCore(
      Scheduler scheduler, LiveCluster cluster, SchedulerConfig config, long lastCycleSeconds) {
    this.scheduler = scheduler;
    this.cluster = cluster;
    this.config = config;
    this.lastCycleSeconds = lastCycleSeconds;
  }

  /**
   * A core for these nodes (in registration order) and tenants; empty without any device. Submit
   * the unfinished workloads and restore the running gangs next.
   */
  static Optional<LiveCore> build(
      List<NodeRow> nodes,
      Set<String> tenants,
      SchedulerSetup setup,
      Catalog catalog,
      int nodesPerLeaf,
      long nowSeconds) {
    Optional<LiveCluster> laidOut = LiveCluster.of(nodes, catalog, nodesPerLeaf);
    if (laidOut.isEmpty()) {
      return Optional.empty();
    }
    Set<String> types = new TreeSet<>();
    nodes.forEach(n -> types.add(n.accelerator()));
    SchedulerConfig config = setup.config(new TreeSet<>(tenants), types);
    Scheduler scheduler =
        new Scheduler(laidOut.get().cluster(), config, SchedulerPolicy.defaults());
    return Optional.of(new LiveCore(scheduler, laidOut.get(), config, nowSeconds));
  }

  Scheduler scheduler() {
    return scheduler;
  }

  SchedulerConfig config() {
    return config;
  }

  /** A cycle at {@code nowSeconds}, never before the previous one. */
  CycleResult cycle(long nowSeconds) {
    lastCycleSeconds = Math.max(lastCycleSeconds, nowSeconds);
    return scheduler.cycle(lastCycleSeconds);
  }

  TaskPlanner planner(java.util.function.Function<String, NodeRow> nodeRow) {
    return new TaskPlanner(cluster, nodeRow);
  }

  /**
   * Restores a running gang on the devices its live tasks hold, in rank order.
   *
   * @throws IllegalArgumentException naming why, when the devices do not suit it any more
   */
  void restore(GangId gang, List<TaskRow> tasksInRankOrder) {
    List<Integer> devices = new ArrayList<>();
    for (TaskRow task : tasksInRankOrder) {
      if (!cluster.contains(task.node())) {
        throw new IllegalArgumentException("node " + task.node() + " is no longer registered");
      }
      for (int local : task.devices()) {
        devices.add(cluster.device(task.node(), local));
      }
    }
    scheduler.restore(
        gang,
        devices.stream().mapToInt(Integer::intValue).toArray(),
        tasksInRankOrder.get(0).startedAtMillis() / 1000);
  }

  /**
   * Sets a node's state in the core: DOWN when not Ready, CORDONED when cordoned or settling, UP
   * otherwise.
   *
   * @return the gangs a node going DOWN interrupted
   */
  List<Allocation> applyNodeState(LiveNode node, long nowSeconds) {
    if (!cluster.contains(node.name())) {
      return List.of();
    }
    NodeState state =
        !node.ready
            ? NodeState.DOWN
            : node.row.cordoned() || node.settling ? NodeState.CORDONED : NodeState.UP;
    int index = cluster.nodeIndex(node.name());
    if (scheduler.devices().nodeState(index) == state) {
      return List.of();
    }
    return scheduler.setNodeState(index, state, nowSeconds);
  }

  /**
   * Sets each of a node's devices' own state: DOWN when its agent reports it failed, CORDONED while
   * a task being stopped still holds it (fenced), UP otherwise.
   *
   * @param fenced the local indexes of the node's fenced devices
   * @return the gangs a failed device interrupted
   */
  List<Allocation> applyDeviceStates(LiveNode node, Set<Integer> fenced, long nowSeconds) {
    if (!cluster.contains(node.name())) {
      return List.of();
    }
    List<Allocation> interrupted = new ArrayList<>();
    for (int local = 0; local < node.row.devices().size(); local++) {
      NodeState state =
          node.deviceFailed(node.row.devices().get(local).index())
              ? NodeState.DOWN
              : fenced.contains(local) ? NodeState.CORDONED : NodeState.UP;
      int device = cluster.device(node.name(), local);
      if (scheduler.devices().deviceState(device) != state) {
        interrupted.addAll(scheduler.setDeviceState(device, state, nowSeconds));
      }
    }
    return interrupted;
  }

  /** Stops every gang that holds devices on a node (draining it): they are pending again. */
  List<Allocation> stopGangsOn(String nodeName, long nowSeconds) {
    List<Allocation> stopped = new ArrayList<>();
    if (!cluster.contains(nodeName)) {
      return stopped;
    }
    for (Allocation allocation : new ArrayList<>(scheduler.running())) {
      for (int device : allocation.devices()) {
        if (cluster.nodeOfDevice(device).equals(nodeName)) {
          scheduler.stopped(allocation.id(), nowSeconds);
          stopped.add(allocation);
          break;
        }
      }
    }
    return stopped;
  }

  /** Drops a workload's gangs and gives back what they hold; nothing when the core lacks it. */
  void finish(WorkloadId workload, long nowSeconds) {
    try {
      scheduler.finish(workload, nowSeconds);
    } catch (IllegalArgumentException e) {
      // Not in the core (it could not be submitted to it): nothing to release.
    }
  }

  int leafOf(String node) {
    return cluster.leafOf(node);
  }

  int spineOf(String node) {
    return cluster.spineOf(node);
  }

  /** The devices of {@code reservations}, per node name as local indexes. */
  Map<String, Set<Integer>> reservedDevices(List<Reservation> reservations) {
    Map<String, Set<Integer>> byNode = new HashMap<>();
    for (Reservation reservation : reservations) {
      for (int device : reservation.devices()) {
        byNode
            .computeIfAbsent(cluster.nodeOfDevice(device), n -> new TreeSet<>())
            .add(cluster.localIndexOf(device));
      }
    }
    return byNode;
  }

  /** Devices in use by queue and type, keyed {@code queue + '\0' + type}. */
  Map<String, Long> usage() {
    Map<String, Long> usage = new HashMap<>();
    var tree = config.queues();
    for (int q = 0; q < tree.size(); q++) {
      for (String type : tree.acceleratorTypes()) {
        long used = scheduler.quota().used(tree.nameOf(q), type);
        if (used > 0) {
          usage.put(tree.nameOf(q) + "\u0000" + type, used);
        }
      }
    }
    return usage;
  }

  /** The first gang of a workload that waits, if any. */
  Optional<GangId> firstPendingGang(long jobId) {
    return scheduler.pending().stream()
        .map(g -> g.id())
        .filter(g -> g.workload().value() == jobId)
        .sorted()
        .findFirst();
  }

  /**
   * The live state as the twin's what-if takes it: running gangs end after their estimate; fenced
   * devices count as free.
   */
  ClusterSnapshot whatIfSnapshot(List<Workload> unfinished, long nowSeconds) {
    long now = Math.max(lastCycleSeconds, nowSeconds);
    Map<Integer, NodeState> nodeStates = new TreeMap<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      NodeState state = scheduler.devices().nodeState(node);
      if (state != NodeState.UP) {
        nodeStates.put(node, state);
      }
    }
    List<Workload> workloads = new ArrayList<>();
    for (Workload workload : unfinished) {
      if (workload.submitSeconds() <= now) {
        workloads.add(workload);
      }
    }
    List<RunningGang> running = new ArrayList<>();
    for (Allocation allocation : scheduler.running()) {
      long start = Math.min(allocation.startSeconds(), now);
      OptionalLong estimate = allocation.gang().estimatedSeconds();
      running.add(
          new RunningGang(
              allocation.id(),
              allocation.devices(),
              allocation.hostNode(),
              start,
              estimate.isPresent()
                  ? OptionalLong.of(start + estimate.getAsLong())
                  : OptionalLong.empty()));
    }
    return new ClusterSnapshot(
        cluster.cluster(), config, SchedulerPolicy.defaults(), now, nodeStates, workloads, running);
  }
}
