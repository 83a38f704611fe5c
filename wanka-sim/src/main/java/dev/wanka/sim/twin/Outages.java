package dev.wanka.sim.twin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sim.engine.EventQueue;
import dev.wanka.sim.failure.FailureMode;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.failure.FailureScope;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The failed parts of a twin's cluster and its hot spares, kept in step with the scheduler's node
 * and device states. A failure arrives (cluster-wide Poisson process from the run's seed, the mode
 * by its share of the rate, the device or node uniformly; a leaf is taken through one of its nodes,
 * so larger leaves fail more often): what it takes is cordoned at once (no new work; the jobs there
 * hang); at detection it goes DOWN, which stops its jobs, and a healthy spare of the pool, if there
 * is one, replaces each node it took (a node with a failed device is drained: its other work runs
 * on, nothing new is placed); at repair it comes back, as a spare if it was replaced. A failure of
 * a part already down is not counted. Node states: DOWN while a detected outage covers the node,
 * CORDONED while an undetected one does or while it is a spare or replaced, else UP.
 */
final class Outages {
  private final Cluster cluster;
  private final Scheduler scheduler;
  private final List<FailureMode> modes;
  private final Recovery recovery;
  private final SplittableRandom random;

  /** Failures per second of each mode and of all. */
  private final double[] perSecond;

  private final double totalPerSecond;

  /** Per node: outages covering it (its own and its leaf's), and of those the undetected. */
  private final int[] outages;

  private final int[] undetected;

  /** Per node: its failed devices. */
  private final int[] failedDevices;

  private final BitSet failedDevice;
  private final BitSet failedLeaf;
  private final BitSet spare;
  private final BitSet replaced;
  private final List<Active> active = new ArrayList<>();
  private final List<FailureRecord> records = new ArrayList<>();

  /** A failure not yet repaired: its mode and the unit it took. */
  record Active(int id, FailureMode mode, int unit, List<Allocation> stopped) {}

  Outages(
      Cluster cluster,
      Scheduler scheduler,
      FailureModel model,
      Recovery recovery,
      SplittableRandom random) {
    this.cluster = cluster;
    this.scheduler = scheduler;
    this.modes = model.modes();
    this.recovery = recovery;
    this.random = random;
    this.perSecond = new double[modes.size()];
    double total = 0;
    for (int m = 0; m < modes.size(); m++) {
      perSecond[m] = FailureModel.perHour(modes.get(m), cluster) / 3600;
      total += perSecond[m];
    }
    this.totalPerSecond = total;
    this.outages = new int[cluster.nodeCount()];
    this.undetected = new int[cluster.nodeCount()];
    this.failedDevices = new int[cluster.nodeCount()];
    this.failedDevice = new BitSet(cluster.deviceCount());
    this.failedLeaf = new BitSet(cluster.leafGroupCount());
    this.spare = new BitSet(cluster.nodeCount());
    this.replaced = new BitSet(cluster.nodeCount());
    keepSpares();
  }

  /**
   * Cordons {@link Recovery#spareNodesPerPool} nodes of each pool as spares, spread over its leaf
   * groups from the last (the last node of each group, then the one before...), so that one leaf
   * failure takes few of them.
   *
   * @throws IllegalArgumentException if a pool has no more nodes than spares
   */
  private void keepSpares() {
    int spares = recovery.spareNodesPerPool();
    if (spares == 0) {
      return;
    }
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      PoolSpec spec = cluster.pools().get(pool);
      if (spares >= spec.nodes()) {
        throw new IllegalArgumentException(
            "failures.spareNodes: "
                + spares
                + " is not allowed: pool "
                + spec.name()
                + " has "
                + spec.nodes()
                + " nodes, and spares are kept in every pool; give fewer");
      }
      int first = cluster.firstNodeOfPool(pool);
      int last = first + spec.nodes() - 1;
      int firstGroup = cluster.leafGroupOfNode(first);
      int lastGroup = cluster.leafGroupOfNode(last);
      int taken = 0;
      for (int depth = 0; taken < spares; depth++) {
        for (int group = lastGroup; group >= firstGroup && taken < spares; group--) {
          int size = cluster.nodesInLeafGroup(group);
          if (depth < size) {
            int node = cluster.firstNodeOfLeafGroup(group) + size - 1 - depth;
            spare.set(node);
            scheduler.setNodeState(node, NodeState.CORDONED, 0);
            taken++;
          }
        }
      }
    }
  }

  /** Schedules the next failure after {@code now} as an event of {@code kind}, if any can come. */
  void scheduleNext(long now, EventQueue events, int kind) {
    if (!(totalPerSecond > 0)) {
      return;
    }
    double gap = -StrictMath.log(1 - random.nextDouble()) / totalPerSecond;
    double pick = random.nextDouble() * totalPerSecond;
    int mode = 0;
    for (double sum = perSecond[0]; sum < pick && mode < modes.size() - 1; ) {
      mode++;
      sum += perSecond[mode];
    }
    int unit = random.nextInt(FailureModel.units(cluster, modes.get(mode).scope()));
    events.schedule(now + Math.max(1, (long) Math.ceil(gap)), kind, ((long) mode << 32) | unit);
  }

  /**
   * A failure of {@code payload}'s mode and unit at {@code now}: cordons what it takes and returns
   * it with the gangs running there (which hang until detection); null when that part is down
   * already.
   */
  Active fail(long payload, long now) {
    FailureMode mode = modes.get((int) (payload >>> 32));
    int unit = (int) payload;
    if (mode.scope() == FailureScope.LEAF) {
      unit = cluster.leafGroupOfNode(unit);
    }
    if (isDown(mode.scope(), unit)) {
      return null;
    }
    List<Allocation> stopped = runningOn(mode.scope(), unit);
    if (mode.scope() == FailureScope.DEVICE) {
      failedDevice.set(unit);
      failedDevices[cluster.nodeOf(unit)]++;
      scheduler.setDeviceState(unit, NodeState.CORDONED, now);
    } else {
      if (mode.scope() == FailureScope.LEAF) {
        failedLeaf.set(unit);
      }
      for (int node = firstNode(mode.scope(), unit); node < endNode(mode.scope(), unit); node++) {
        outages[node]++;
        undetected[node]++;
        refresh(node, now);
      }
    }
    Active failure = new Active(active.size(), mode, unit, stopped);
    active.add(failure);
    records.add(
        new FailureRecord(
            now, mode.component(), mode.scope(), unit, name(mode.scope(), unit), stopped.size()));
    return failure;
  }

  /**
   * The failure is detected: what it took goes DOWN, stopping the gangs there; each of its nodes
   * (for a device, the device's node) that is not itself a spare is replaced by a healthy spare of
   * its pool, if there is one. Returns the gangs stopped.
   */
  List<Allocation> detect(int id, long now) {
    Active failure = active.get(id);
    FailureScope scope = failure.mode().scope();
    List<Allocation> stopped = new ArrayList<>();
    if (scope == FailureScope.DEVICE) {
      stopped.addAll(scheduler.setDeviceState(failure.unit(), NodeState.DOWN, now));
      replace(cluster.nodeOf(failure.unit()), now);
    } else {
      for (int node = firstNode(scope, failure.unit());
          node < endNode(scope, failure.unit());
          node++) {
        undetected[node]--;
        stopped.addAll(refresh(node, now));
        replace(node, now);
      }
    }
    return stopped;
  }

  /** The failure is repaired: what it took comes back, as a spare if it was replaced. */
  void repair(int id, long now) {
    Active failure = active.get(id);
    FailureScope scope = failure.mode().scope();
    if (scope == FailureScope.DEVICE) {
      failedDevice.clear(failure.unit());
      int node = cluster.nodeOf(failure.unit());
      failedDevices[node]--;
      scheduler.setDeviceState(failure.unit(), NodeState.UP, now);
      settle(node, now);
      return;
    }
    if (scope == FailureScope.LEAF) {
      failedLeaf.clear(failure.unit());
    }
    for (int node = firstNode(scope, failure.unit());
        node < endNode(scope, failure.unit());
        node++) {
      outages[node]--;
      settle(node, now);
    }
  }

  Active failure(int id) {
    return active.get(id);
  }

  List<FailureRecord> records() {
    return records;
  }

  private boolean isDown(FailureScope scope, int unit) {
    switch (scope) {
      case DEVICE:
        return failedDevice.get(unit) || outages[cluster.nodeOf(unit)] > 0;
      case NODE:
        return outages[unit] > 0;
      default:
        return failedLeaf.get(unit);
    }
  }

  /** A node that is not a spare is replaced by a healthy spare of its pool, if there is one. */
  private void replace(int node, long now) {
    if (spare.get(node) || replaced.get(node) || spare.isEmpty()) {
      return;
    }
    int pool = cluster.poolIndexOfNode(node);
    int first = cluster.firstNodeOfPool(pool);
    int end = first + cluster.pools().get(pool).nodes();
    for (int s = spare.nextSetBit(first); s >= 0 && s < end; s = spare.nextSetBit(s + 1)) {
      if (healthy(s)) {
        spare.clear(s);
        refresh(s, now);
        replaced.set(node);
        refresh(node, now);
        return;
      }
    }
  }

  /** After a repair: a replaced node that is healthy again becomes a spare. */
  private void settle(int node, long now) {
    if (healthy(node) && replaced.get(node)) {
      replaced.clear(node);
      spare.set(node);
    }
    refresh(node, now);
  }

  private boolean healthy(int node) {
    return outages[node] == 0 && failedDevices[node] == 0;
  }

  /** Sets the node's scheduler state from its outages and role; returns gangs stopped. */
  private List<Allocation> refresh(int node, long now) {
    NodeState state =
        outages[node] > undetected[node]
            ? NodeState.DOWN
            : outages[node] > 0 || spare.get(node) || replaced.get(node)
                ? NodeState.CORDONED
                : NodeState.UP;
    if (scheduler.devices().nodeState(node) == state) {
      return List.of();
    }
    return scheduler.setNodeState(node, state, now);
  }

  /** The gangs running on a device, a node or a leaf group's nodes. */
  private List<Allocation> runningOn(FailureScope scope, int unit) {
    int firstNode;
    int endNode;
    int firstDevice;
    int endDevice;
    if (scope == FailureScope.DEVICE) {
      firstNode = 0;
      endNode = 0; // CPU-only work does not use the device
      firstDevice = unit;
      endDevice = unit + 1;
    } else {
      firstNode = firstNode(scope, unit);
      endNode = endNode(scope, unit);
      firstDevice = cluster.firstDeviceOfNode(firstNode);
      endDevice = cluster.firstDeviceOfNode(endNode - 1) + cluster.devicesOnNode(endNode - 1);
    }
    List<Allocation> on = new ArrayList<>();
    for (Allocation allocation : scheduler.running()) {
      if (allocation.isHostOnly()) {
        if (allocation.hostNode() >= firstNode && allocation.hostNode() < endNode) {
          on.add(allocation);
        }
        continue;
      }
      for (int device : allocation.devices()) {
        if (device >= firstDevice && device < endDevice) {
          on.add(allocation);
          break;
        }
      }
    }
    return on;
  }

  private int firstNode(FailureScope scope, int unit) {
    return scope == FailureScope.LEAF ? cluster.firstNodeOfLeafGroup(unit) : unit;
  }

  private int endNode(FailureScope scope, int unit) {
    return scope == FailureScope.LEAF
        ? cluster.firstNodeOfLeafGroup(unit) + cluster.nodesInLeafGroup(unit)
        : unit + 1;
  }

  private String name(FailureScope scope, int unit) {
    switch (scope) {
      case DEVICE:
        return cluster.deviceName(unit);
      case NODE:
        return cluster.nodeName(unit);
      default:
        int first = cluster.firstNodeOfLeafGroup(unit);
        int last = first + cluster.nodesInLeafGroup(unit) - 1;
        return "leaf "
            + unit
            + " ("
            + cluster.nodeName(first)
            + " .. "
            + cluster.nodeName(last)
            + ")";
    }
  }
}
