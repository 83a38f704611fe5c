package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.RandomWorld.World;
import dev.wanka.sched.cycle.SchedulerEvents.Event;
import dev.wanka.sched.cycle.SchedulerEvents.RunCycle;
import dev.wanka.sched.cycle.SchedulerPropertyTest.Law;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One scheduler under test, the driver's view of it, and the checks of the laws in force. */
final class CheckedRun {
  static final int WHOLE = (int) DeviceAmount.MILLI;

  final World world;
  final Cluster cluster;
  final Scheduler s;
  final Set<Law> laws;
  final Map<WorkloadId, List<GangId>> live = new TreeMap<>();
  final List<String> fingerprints = new ArrayList<>();
  long clock;
  long nextId = 1;
  CycleResult last;
  Event previous;
  int preempted;
  int fixpointPending;

  /** "victim for preemptor", every preemption so far. */
  final Set<String> preemptions = new HashSet<>();

  /**
   * A gang ended, stopped or lost its node: its queue may be below its guarantee again, so a
   * preemption the other way is a fresh reclaim, not a ping-pong; the memory of who preempted whom
   * starts over.
   */
  void usageDroppedOutsideTheScheduler() {
    preemptions.clear();
  }

  CheckedRun(World world, Set<Law> laws) {
    this.world = world;
    this.cluster = world.cluster();
    SchedulerPolicy policy =
        laws.contains(Law.PREEMPTION) ? SchedulerPolicy.defaults() : world.policy();
    this.s = new Scheduler(cluster, world.config(), policy);
    this.laws = laws;
  }

  void step(Event event) {
    if (event instanceof RunCycle && ((RunCycle) event).now() < clock) {
      return; // time only goes forward (cannot happen in a generated sequence)
    }
    try {
      event.applyTo(this);
    } catch (RuntimeException e) {
      throw new Crash(event, e);
    }
    boolean cycle = event instanceof RunCycle;
    if (cycle) {
      fingerprints.add(fingerprint(last));
      preempted += last.preempted().size();
    }
    if (laws.contains(Law.DEVICES)) {
      checkDevices(event);
    }
    if (laws.contains(Law.GANGS)) {
      checkGangs(event);
    }
    if (laws.contains(Law.QUOTA)) {
      checkQuota(event);
    }
    if (laws.contains(Law.NOTHING_DROPPED)) {
      checkNothingDropped(event, cycle);
    }
    if (laws.contains(Law.PREEMPTION) && cycle) {
      PreemptionChecks.checkPreemption(this, (RunCycle) event);
    }
    previous = event;
  }

  /** A law is broken: says which, how (the tag, to shrink by) and after which event. */
  void violate(Law law, String tag, Event event, String message) {
    throw new Violation(law, tag, message + "\n  after: " + event);
  }

  // ---- P1 ----

  void checkDevices(Event event) {
    DeviceLedger ledger = s.devices();
    FreeCapacity free = ledger.free();
    int n = cluster.deviceCount();
    Allocation[] whole = new Allocation[n];
    int[] shareMilli = new int[n];
    int[] users = new int[n];
    for (Allocation a : s.running()) {
      int[] devices = a.devices();
      if (Arrays.stream(devices).distinct().count() != devices.length) {
        violate(
            Law.DEVICES, "repeat", event, a + " lists a device twice: " + Arrays.toString(devices));
      }
      for (int d : devices) {
        if (ledger.nodeState(cluster.nodeOf(d)) == NodeState.DOWN) {
          violate(Law.DEVICES, "down", event, a + " runs on DOWN node " + cluster.nodeOf(d));
        }
        if (ledger.deviceState(d) == NodeState.DOWN) {
          violate(Law.DEVICES, "down", event, a + " runs on DOWN device " + d);
        }
        users[d]++;
        if (a.milliPerDevice() >= WHOLE) {
          if (whole[d] != null) {
            violate(
                Law.DEVICES,
                "twice",
                event,
                "device " + cluster.deviceName(d) + " runs both " + whole[d] + " and " + a);
          }
          whole[d] = a;
        } else {
          shareMilli[d] += a.milliPerDevice();
        }
      }
    }
    for (int d = 0; d < n; d++) {
      String name = "device " + d;
      if (whole[d] != null && shareMilli[d] > 0) {
        violate(Law.DEVICES, "whole+share", event, name + " has a whole owner and shares");
      }
      if (shareMilli[d] > WHOLE) {
        violate(
            Law.DEVICES, "overshare", event, name + " has " + shareMilli[d] + " milli of shares");
      }
      if (ledger.ownerOf(d) != whole[d]) {
        violate(
            Law.DEVICES,
            "owner",
            event,
            name + ": ledger owner " + ledger.ownerOf(d) + ", running " + whole[d]);
      }
      if (ledger.shareUsedMilli(d) != shareMilli[d]) {
        violate(
            Law.DEVICES,
            "share-milli",
            event,
            name + ": ledger shares " + ledger.shareUsedMilli(d) + ", running " + shareMilli[d]);
      }
      if (users[d] > 0 && ledger.isHeld(d)) {
        violate(Law.DEVICES, "held-used", event, name + " is held for a reservation and in use");
      }
      boolean up =
          ledger.nodeState(cluster.nodeOf(d)) == NodeState.UP
              && ledger.deviceState(d) == NodeState.UP;
      boolean expectFree = users[d] == 0 && !ledger.isHeld(d) && up;
      if (free.isFree(d) != expectFree) {
        violate(
            Law.DEVICES,
            "free",
            event,
            name
                + " is "
                + (free.isFree(d) ? "" : "not ")
                + "free in FreeCapacity; users "
                + users[d]
                + ", held "
                + ledger.isHeld(d)
                + ", node "
                + ledger.nodeState(cluster.nodeOf(d))
                + ", device "
                + ledger.deviceState(d));
      }
    }
    // the indexes count what isFree says
    int[] onNode = new int[cluster.nodeCount()];
    for (int d = 0; d < n; d++) {
      if (free.isFree(d)) {
        onNode[cluster.nodeOf(d)]++;
      }
    }
    int pools = cluster.pools().size();
    int[] inDomain = new int[cluster.domainCount()];
    int[] idleInDomain = new int[cluster.domainCount()];
    int[] inLeaf = new int[cluster.leafGroupCount()];
    int[] idleInLeaf = new int[cluster.leafGroupCount()];
    int[] inPool = new int[pools];
    int[][] inSpine = new int[pools][cluster.spineGroupCount()];
    int[][] idleInSpine = new int[pools][cluster.spineGroupCount()];
    for (int node = 0; node < cluster.nodeCount(); node++) {
      int count = onNode[node];
      boolean idle = count == cluster.devicesOnNode(node);
      if (free.freeOnNode(node) != count || free.isIdle(node) != idle) {
        violate(
            Law.DEVICES,
            "index-node",
            event,
            "node " + node + ": freeOnNode " + free.freeOnNode(node) + ", counted " + count);
      }
      int leaf = cluster.leafGroupOfNode(node);
      int pool = cluster.poolIndexOfNode(node);
      int spine = cluster.spineGroupOfLeafGroup(leaf);
      inDomain[cluster.domainOfNode(node)] += count;
      inLeaf[leaf] += count;
      inPool[pool] += count;
      inSpine[pool][spine] += count;
      if (idle) {
        idleInDomain[cluster.domainOfNode(node)]++;
        idleInLeaf[leaf]++;
        idleInSpine[pool][spine]++;
      }
    }
    for (int domain = 0; domain < cluster.domainCount(); domain++) {
      if (free.freeInDomain(domain) != inDomain[domain]
          || free.idleNodesInDomain(domain) != idleInDomain[domain]) {
        violate(Law.DEVICES, "index-domain", event, "domain " + domain + " counts disagree");
      }
    }
    for (int leaf = 0; leaf < cluster.leafGroupCount(); leaf++) {
      if (free.freeInLeafGroup(leaf) != inLeaf[leaf]
          || free.idleNodesInLeafGroup(leaf) != idleInLeaf[leaf]) {
        violate(Law.DEVICES, "index-leaf", event, "leaf group " + leaf + " counts disagree");
      }
    }
    // the metering counters: nodes per number of free devices, devices per state
    int[][] nodesWithFree = new int[pools][];
    for (int pool = 0; pool < pools; pool++) {
      nodesWithFree[pool] = new int[cluster.pools().get(pool).devicesPerNode() + 1];
    }
    for (int node = 0; node < cluster.nodeCount(); node++) {
      nodesWithFree[cluster.poolIndexOfNode(node)][onNode[node]]++;
    }
    int[][] inState = new int[NodeState.values().length][pools];
    for (int d = 0; d < n; d++) {
      NodeState node = ledger.nodeState(cluster.nodeOf(d));
      NodeState own = ledger.deviceState(d);
      inState[(node.compareTo(own) >= 0 ? node : own).ordinal()][cluster.poolIndexOf(d)]++;
    }
    for (int pool = 0; pool < pools; pool++) {
      for (int k = 0; k < nodesWithFree[pool].length; k++) {
        if (free.nodesWithFree(pool, k) != nodesWithFree[pool][k]) {
          violate(
              Law.DEVICES,
              "index-nodes-with-free",
              event,
              "pool "
                  + pool
                  + ": nodesWithFree("
                  + k
                  + ") "
                  + free.nodesWithFree(pool, k)
                  + ", counted "
                  + nodesWithFree[pool][k]);
        }
      }
      for (NodeState state : NodeState.values()) {
        if (ledger.devicesIn(state, pool) != inState[state.ordinal()][pool]) {
          violate(
              Law.DEVICES,
              "devices-in-state",
              event,
              "pool "
                  + pool
                  + ": devicesIn("
                  + state
                  + ") "
                  + ledger.devicesIn(state, pool)
                  + ", counted "
                  + inState[state.ordinal()][pool]);
        }
      }
    }
    for (int pool = 0; pool < pools; pool++) {
      if (free.freeInPool(pool) != inPool[pool]) {
        violate(Law.DEVICES, "index-pool", event, "pool " + pool + " counts disagree");
      }
      for (int spine = 0; spine < cluster.spineGroupCount(); spine++) {
        if (free.freeInSpineGroup(pool, spine) != inSpine[pool][spine]
            || free.idleNodesInSpineGroup(pool, spine) != idleInSpine[pool][spine]) {
          violate(
              Law.DEVICES, "index-spine", event, "pool " + pool + " spine " + spine + " disagree");
        }
      }
      // the shared-device index: the tightest shared device with room, on a schedulable node
      for (int milli : new int[] {1, 100, 250, 500, 750, 999}) {
        int expected = -1;
        int bestRoom = Integer.MAX_VALUE;
        for (int d = 0; d < n; d++) {
          int room = WHOLE - shareMilli[d];
          if (cluster.poolIndexOf(d) == pool
              && shareMilli[d] > 0
              && room >= milli
              && ledger.nodeState(cluster.nodeOf(d)) == NodeState.UP
              && ledger.deviceState(d) == NodeState.UP
              && room < bestRoom) {
            bestRoom = room;
            expected = d;
          }
        }
        int actual = ledger.tightestSharedDevice(pool, milli);
        if (actual != expected) {
          violate(
              Law.DEVICES,
              "index-shares",
              event,
              "tightest shared device of pool "
                  + pool
                  + " for "
                  + milli
                  + " milli: ledger says "
                  + actual
                  + ", expected "
                  + expected);
        }
      }
    }
  }

  // ---- P2 ----

  void checkGangs(Event event) {
    for (Allocation a : s.running()) {
      Gang g = a.gang();
      int[] devices = a.devices();
      if (!g.sizes().contains(devices.length)) {
        violate(
            Law.GANGS,
            "size",
            event,
            a + " has " + devices.length + " devices; sizes " + g.sizes());
      }
      PoolSpec pool = cluster.pools().get(a.pool());
      if (!pool.accelerator().id().equals(a.acceleratorId())
          || g.accelerators().stream()
              .noneMatch(c -> c.acceleratorId().equals(a.acceleratorId()))) {
        violate(
            Law.GANGS, "type", event, a + " runs on pool " + pool.name() + " it does not accept");
      }
      for (int d : devices) {
        if (cluster.poolIndexOf(d) != a.pool()) {
          violate(Law.GANGS, "pool", event, a + " has device " + d + " outside its pool");
        }
      }
      if (a.milliPerDevice() != g.milliPerDevice() || (g.isShare() && devices.length != 1)) {
        violate(Law.GANGS, "milli", event, a + " takes " + a.milliPerDevice() + " milli");
      }
      if (g.perNode().isPresent()) {
        Map<Integer, Integer> perNode = new TreeMap<>();
        for (int d : devices) {
          perNode.merge(cluster.nodeOf(d), 1, Integer::sum);
        }
        for (int count : perNode.values()) {
          if (count != g.perNode().getAsInt()) {
            violate(
                Law.GANGS,
                "per-node",
                event,
                a + " asks " + g.perNode().getAsInt() + " per node, got " + perNode);
          }
        }
      }
      Tier spans = cluster.lowestCommonTier(devices);
      if (spans.compareTo(g.widest()) > 0 || a.spans().compareTo(g.widest()) > 0) {
        violate(
            Law.GANGS,
            "topology",
            event,
            a + " spans " + spans + " (says " + a.spans() + "); must lie within " + g.widest());
      }
      if (a.spans() != spans) {
        violate(
            Law.GANGS,
            "spans",
            event,
            a + " says it spans " + a.spans() + ", devices span " + spans);
      }
      int straddled = straddledGroup(cluster, g, devices);
      if (straddled >= 0) {
        violate(
            Law.GANGS,
            "tensor-parallel",
            event,
            a + ": tensor-parallel group " + straddled + " straddles scale-up domains");
      }
    }
  }

  // ---- P3 ----

  void checkQuota(Event event) {
    QuotaLedger quota = s.quota();
    QueueTree tree = quota.tree();
    int root = tree.size();
    Set<String> types = new TreeSet<>(tree.acceleratorTypes());
    for (PoolSpec pool : cluster.pools()) {
      types.add(pool.accelerator().id());
    }
    for (String type : types) {
      // charged: running gangs, except victims in their grace period, whose quota went to
      // their preemptors; and those preemptors, waiting for their victims
      Map<String, Long> charged = new TreeMap<>();
      Set<GangId> inGrace = new HashSet<>();
      for (Eviction eviction : s.evictions()) {
        inGrace.add(eviction.victim().id());
      }
      for (Allocation a : s.running()) {
        if (a.acceleratorId().equals(type) && !inGrace.contains(a.id())) {
          charged.merge(a.gang().queue(), a.quotaDevices(), Long::sum);
        }
      }
      for (Reservation nomination : s.nominations()) {
        Candidate claim = nomination.candidate();
        if (claim.acceleratorId().equals(type)) {
          charged.merge(claim.gang().queue(), (long) claim.devices(), Long::sum);
        }
      }
      long[] used = new long[root];
      for (Map.Entry<String, Long> entry : charged.entrySet()) {
        String queue = entry.getKey();
        for (int q = 0; q < root; q++) {
          String name = tree.nameOf(q);
          if (queue.equals(name) || queue.startsWith(name + "/")) {
            used[q] += entry.getValue();
          }
        }
      }
      // committed, derived from the rules (QuotaLedger's class comment), not read from it
      long[] committed = new long[root + 1];
      for (int q = root - 1; q >= 0; q--) {
        if (tree.isLeaf(q)) {
          committed[q] = used[q];
        }
        long g = tree.guaranteed(q, type);
        long claim = tree.borrowing(q).mayLend() ? committed[q] : Math.max(committed[q], g);
        committed[tree.parentOf(q)] += claim;
      }
      for (int q = 0; q < root; q++) {
        String name = tree.nameOf(q);
        long g = tree.guaranteed(q, type);
        if (quota.used(name, type) != used[q]) {
          violate(
              Law.QUOTA,
              "used",
              event,
              name
                  + " uses "
                  + quota.used(name, type)
                  + " "
                  + type
                  + " by the ledger, "
                  + used[q]
                  + " running (victims in grace left out) or claimed by waiting preemptors");
        }
        if (used[q] > tree.max(q, type)) {
          violate(
              Law.QUOTA,
              "max",
              event,
              name + " uses " + used[q] + " " + type + " over its max " + tree.max(q, type));
        }
        if (!tree.borrowing(q).mayBorrow() && committed[q] > g) {
          violate(
              Law.QUOTA,
              "no-borrow",
              event,
              name
                  + " may not borrow but commits "
                  + committed[q]
                  + " "
                  + type
                  + " over its guarantee "
                  + g);
        }
        if (quota.borrowed(name, type) != Math.max(0, committed[q] - g)) {
          violate(
              Law.QUOTA,
              "borrowed",
              event,
              name
                  + " borrows "
                  + quota.borrowed(name, type)
                  + " "
                  + type
                  + " by the ledger, "
                  + Math.max(0, committed[q] - g)
                  + " by the rules");
        }
      }
      if (committed[root] > tree.guaranteed(root, type)) {
        violate(
            Law.QUOTA,
            "root",
            event,
            "commitments of "
                + committed[root]
                + " "
                + type
                + " exceed the guaranteed pool "
                + tree.guaranteed(root, type));
      }
    }
  }

  // ---- P4 ----

  void checkNothingDropped(Event event, boolean cycle) {
    Map<GangId, Gang> pending = new TreeMap<>();
    for (Gang gang : s.pending()) {
      pending.put(gang.id(), gang);
    }
    Set<GangId> running = new HashSet<>();
    for (Allocation a : s.running()) {
      running.add(a.id());
    }
    Set<GangId> expected = new TreeSet<>();
    for (List<GangId> ids : live.values()) {
      expected.addAll(ids);
    }
    for (GangId id : expected) {
      boolean p = pending.containsKey(id);
      boolean r = running.contains(id);
      if (p == r) {
        violate(
            Law.NOTHING_DROPPED,
            p ? "both" : "dropped",
            event,
            id + (p ? " is both pending and running" : " is neither pending nor running"));
      }
    }
    for (GangId id : pending.keySet()) {
      if (!expected.contains(id)) {
        violate(Law.NOTHING_DROPPED, "ghost", event, id + " is pending but finished");
      }
    }
    for (GangId id : running) {
      if (!expected.contains(id)) {
        violate(Law.NOTHING_DROPPED, "ghost", event, id + " is running but finished");
      }
    }
    if (cycle) {
      Set<GangId> evictedNow = new HashSet<>();
      for (Allocation a : last.evicted()) {
        evictedNow.add(a.id());
      }
      for (GangId id : pending.keySet()) {
        PendingReason reason = last.reasonFor(id);
        if (reason == null || reason.message() == null || reason.message().isBlank()) {
          violate(
              Law.NOTHING_DROPPED,
              reason == null
                  ? evictedNow.contains(id) ? "no-reason-evicted-this-cycle" : "no-reason"
                  : "empty-reason",
              event,
              id
                  + " is pending after the cycle "
                  + (reason == null
                      ? "with no reason"
                      : "with reason code " + reason.code() + " and an empty message"));
        }
      }
      for (GangId id : last.pending().keySet()) {
        if (!pending.containsKey(id)) {
          violate(
              Law.NOTHING_DROPPED,
              "stale-reason",
              event,
              id + " has a pending reason but is not pending");
        }
      }
    }
  }

  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Law law;
    final String tag;

    Violation(Law law, String tag, String message) {
      super(law.title + " [" + tag + "]: " + message, null, false, false);
      this.law = law;
      this.tag = tag;
    }
  }

  /** The scheduler threw while carrying out an event. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Event event;

    Crash(Event event, RuntimeException cause) {
      super(cause);
      this.event = event;
    }

    /** The exception's type and where it was thrown: the same bug gives the same tag. */
    String tag() {
      StackTraceElement top = getCause().getStackTrace()[0];
      return getCause().getClass().getSimpleName()
          + " at "
          + top.getClassName().substring(top.getClassName().lastIndexOf('.') + 1)
          + "."
          + top.getMethodName()
          + ":"
          + top.getLineNumber();
    }

    String describe() {
      StringBuilder b = new StringBuilder();
      b.append(getCause()).append("\n  while: ").append(event);
      for (StackTraceElement frame : getCause().getStackTrace()) {
        if (frame.getClassName().startsWith("dev.wanka.sched")
            && !frame.getClassName().contains("PropertyTest")
            && !isPropertyTestSupport(frame.getClassName())) {
          b.append("\n    at ").append(frame);
        }
      }
      return b.toString();
    }

    /**
     * The classes split out of SchedulerPropertyTest. Their names do not contain "PropertyTest", so
     * {@link #describe} names them to leave their frames out too: only the scheduler's remain.
     */
    private static final Set<String> PROPERTY_TEST_SUPPORT =
        Set.of(
            CheckedRun.class.getName(),
            IdlePoolPlacement.class.getName(),
            PreemptionChecks.class.getName(),
            RandomWorld.class.getName(),
            SchedulerEvents.class.getName(),
            Shrinker.class.getName());

    private static boolean isPropertyTestSupport(String className) {
      int nested = className.indexOf('$');
      return PROPERTY_TEST_SUPPORT.contains(
          nested < 0 ? className : className.substring(0, nested));
    }
  }

  static Violation crashed(Crash c) {
    return new Violation(Law.NO_CRASH, c.tag(), c.describe());
  }

  /** What a cycle decided, as text: equal for equal decisions. */
  static String fingerprint(CycleResult result) {
    StringBuilder b = new StringBuilder("t=").append(result.nowSeconds());
    b.append(" started[");
    for (Allocation a : result.started()) {
      b.append(a.id())
          .append('@')
          .append(a.pool())
          .append(Arrays.toString(a.devices()))
          .append(a.borrowed() ? "b" : "")
          .append(' ');
    }
    b.append("] preempted[");
    for (Eviction e : result.preempted()) {
      b.append(e.victim().id())
          .append("->")
          .append(e.preemptor())
          .append(" by ")
          .append(e.deadlineSeconds())
          .append(' ')
          .append(e.reason())
          .append("; ");
    }
    b.append("] evicted[");
    for (Allocation a : result.evicted()) {
      b.append(a.id()).append(' ');
    }
    b.append("] reservations[");
    for (Reservation r : result.reservations()) {
      b.append(r.gang())
          .append('@')
          .append(r.pool())
          .append(Arrays.toString(r.devices()))
          .append(" from ")
          .append(r.startSeconds())
          .append(r.preemptor() ? " (preemptor)" : "")
          .append(' ');
    }
    b.append("] pending[");
    for (Map.Entry<GangId, PendingReason> e : result.pending().entrySet()) {
      b.append(e.getKey())
          .append(' ')
          .append(e.getValue().code())
          .append(": ")
          .append(e.getValue().message())
          .append("; ");
    }
    return b.append(']').toString();
  }

  // ---- small helpers ----------------------------------------------------------------------------

  /** The first tensor-parallel group (consecutive ranks) that straddles two domains, or -1. */
  static int straddledGroup(Cluster cluster, Gang gang, int[] devices) {
    if (gang.tensorParallel().isEmpty()) {
      return -1;
    }
    int tp = gang.tensorParallel().getAsInt();
    for (int start = 0; start < devices.length; start += tp) {
      for (int i = start + 1; i < Math.min(devices.length, start + tp); i++) {
        if (cluster.domainOf(devices[i]) != cluster.domainOf(devices[start])) {
          return start / tp;
        }
      }
    }
    return -1;
  }
}
