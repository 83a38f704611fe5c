package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.quota.AdmissionDecision;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The scheduler core: a deterministic function of (cluster state, pending work, time) to decisions.
 * Drivers (the twin, the live server) tell it what happened — {@link #submit}, {@link #finish},
 * {@link #stopped}, {@link #setNodeState}, {@link #setDeviceState}, {@link #restore} (work already
 * running when the driver builds the scheduler) — and call {@link #cycle} to get what to do: gangs
 * to start, gangs to preempt, and why the rest wait. No I/O, no threads, no clock: time is what the
 * driver passes.
 *
 * <p>A cycle considers pending gangs in the {@link SchedulerPolicy#queueOrder() queue order}
 * (preemptors waiting for their victims first) and runs each through the filters, the placement,
 * the permits and the scores ({@link GangAttempt}). A gang that cannot run may preempt (quota
 * reclaim, then priority); else the first one blocked by free devices gets the EASY backfill
 * reservation and work behind it runs only where it does not delay it. Not thread-safe.
 */
public final class Scheduler {
  private final Cluster cluster;
  private final SchedulerPolicy policy;
  private final DeviceLedger ledger;
  private final QuotaLedger quota;
  private final TreeMap<GangId, Gang> pending = new TreeMap<>();
  private final LinkedHashMap<GangId, Allocation> running = new LinkedHashMap<>();
  private final TreeMap<GangId, Eviction> victims = new TreeMap<>();
  private final TreeMap<GangId, Reservation> nominations = new TreeMap<>();

  /** Nominated preemptors whose quota is admitted (all of them, except while one is decided). */
  private final Set<GangId> claimed = new HashSet<>();

  private final Map<WorkloadId, List<GangId>> gangsOf = new HashMap<>();
  private final Map<WorkloadId, Double> attained = new HashMap<>();
  private final SplittableRandom random;
  private long lastNow = Long.MIN_VALUE;

  /** A scheduler whose random choices (if its policies make any) come from seed 1. */
  public Scheduler(Cluster cluster, SchedulerConfig config, SchedulerPolicy policy) {
    this(cluster, config, policy, 1);
  }

  /** A scheduler whose random choices come from {@code seed}. */
  public Scheduler(Cluster cluster, SchedulerConfig config, SchedulerPolicy policy, long seed) {
    this.random = new SplittableRandom(seed);
    this.cluster = cluster;
    this.policy = policy;
    this.ledger = new DeviceLedger(cluster);
    this.quota = new QuotaLedger(config.queues());
  }

  public Cluster cluster() {
    return cluster;
  }

  public SchedulerPolicy policy() {
    return policy;
  }

  /** The devices: who holds what. Read only; change it through the scheduler. */
  public DeviceLedger devices() {
    return ledger;
  }

  /** Quota use per queue. Read only. */
  public QuotaLedger quota() {
    return quota;
  }

  /** Pending gangs, by id. */
  public Collection<Gang> pending() {
    return Collections.unmodifiableCollection(pending.values());
  }

  /** Running gangs, in the order they started. */
  public Collection<Allocation> running() {
    return Collections.unmodifiableCollection(running.values());
  }

  /** Running gangs told to stop, still in their grace period. */
  public Collection<Eviction> evictions() {
    return Collections.unmodifiableCollection(victims.values());
  }

  public Optional<Allocation> allocationOf(GangId gang) {
    return Optional.ofNullable(running.get(gang));
  }

  /**
   * Accepts a workload: its gangs are pending from now on.
   *
   * @throws IllegalArgumentException naming the field when its id is already known or its queue is
   *     not a leaf queue of the configuration; nothing is added then
   */
  public void submit(Workload workload) {
    if (gangsOf.containsKey(workload.id())) {
      throw new IllegalArgumentException("id: workload " + workload.id() + " is already submitted");
    }
    QueueTree tree = quota.tree();
    String queue = workload.queue().path();
    if (!tree.contains(queue) || !tree.isLeaf(tree.indexOf(queue))) {
      List<String> leaves = new ArrayList<>();
      for (int q = 0; q < tree.size(); q++) {
        if (tree.isLeaf(q)) {
          leaves.add(tree.nameOf(q));
        }
      }
      throw new IllegalArgumentException(
          "queue: '"
              + queue
              + "' is not "
              + (tree.contains(queue) ? "a leaf queue (work goes to a leaf)" : "a configured queue")
              + "; allowed: "
              + String.join(", ", leaves));
    }
    List<GangId> ids = new ArrayList<>();
    for (Gang gang : Gang.of(workload)) {
      pending.put(gang.id(), gang);
      ids.add(gang.id());
    }
    gangsOf.put(workload.id(), ids);
  }

  /**
   * Re-creates a gang that is already running, as it runs: the live server rebuilding its state
   * from the database at start-up, or the twin forking a snapshot of the cluster into a fresh
   * scheduler. The gang holds {@code devices} from {@code startSeconds} on and is charged to its
   * queue's quota, as if a cycle had started it there. Submit its workload first (its gangs are
   * then pending); restore running work before setting node states, so that a node going DOWN
   * interrupts what was restored on it. Attained service before the restore is not known here.
   *
   * @param devices in rank order, all in one pool of a type the gang accepts, as many as the gang
   *     may run on (an elastic gang: from its min to its max)
   * @return the allocation, as {@link #running()} lists it
   * @throws IllegalArgumentException naming the field when the gang is not pending, the devices do
   *     not suit it or are not free, or its queue's quota does not admit them; nothing is changed
   */
  public Allocation restore(GangId gang, int[] devices, long startSeconds) {
    Gang pendingGang = pendingForRestore(gang, startSeconds);
    Allocation allocation =
        Restoration.onDevices(pendingGang, devices.clone(), startSeconds, ledger, quota);
    quota.admit(pendingGang.queue(), allocation.acceleratorId(), allocation.quotaDevices());
    return run(allocation);
  }

  /**
   * As {@link #restore}, for a CPU-only task that holds CPU and memory on {@code node}.
   *
   * @throws IllegalArgumentException naming the field when the gang is not pending, needs devices,
   *     or the node is not UP or lacks the CPU or memory; nothing is changed then
   */
  public Allocation restoreOnHost(GangId gang, int node, long startSeconds) {
    Gang pendingGang = pendingForRestore(gang, startSeconds);
    return run(Restoration.onHost(pendingGang, node, startSeconds, ledger));
  }

  private Gang pendingForRestore(GangId gang, long startSeconds) {
    if (startSeconds < 0) {
      throw new IllegalArgumentException(
          "startSeconds: " + startSeconds + " is not allowed: must be >= 0");
    }
    Gang pendingGang = pending.get(gang);
    if (pendingGang == null) {
      throw new IllegalArgumentException(
          "gang: "
              + gang
              + (running.containsKey(gang)
                  ? " is already running"
                  : " is not pending; submit its workload first"));
    }
    return pendingGang;
  }

  /**
   * A workload ended (completed, failed for good, or cancelled): its pending gangs are dropped and
   * its running gangs give back their devices and quota.
   *
   * @return the allocations given back
   * @throws IllegalArgumentException if the workload is unknown
   */
  public List<Allocation> finish(WorkloadId workload, long now) {
    List<GangId> ids = gangsOf.remove(workload);
    if (ids == null) {
      throw new IllegalArgumentException("id: workload " + workload + " is not known");
    }
    List<Allocation> released = new ArrayList<>();
    for (GangId id : ids) {
      pending.remove(id);
      dropNomination(id);
      Allocation allocation = running.get(id);
      if (allocation != null) {
        release(allocation, now);
        released.add(allocation);
      }
    }
    attained.remove(workload);
    return released;
  }

  /**
   * A running gang stopped without finishing (it was preempted and exited within its grace, or its
   * processes died): it gives back its devices and is pending again.
   *
   * @return its allocation, or empty if it was not running
   */
  public Optional<Allocation> stopped(GangId gang, long now) {
    Allocation allocation = running.get(gang);
    if (allocation == null) {
      return Optional.empty();
    }
    requeue(allocation, now);
    return Optional.of(allocation);
  }

  /**
   * Changes a node's state. A node going DOWN interrupts the gangs on it: they give back their
   * devices and are pending again (the driver restarts them from their checkpoints).
   *
   * @return the gangs interrupted
   */
  public List<Allocation> setNodeState(int node, DeviceLedger.NodeState state, long now) {
    ledger.setNodeState(node, state);
    List<Allocation> interrupted = new ArrayList<>();
    if (state == DeviceLedger.NodeState.DOWN) {
      for (Allocation allocation : new ArrayList<>(running.values())) {
        if (uses(allocation, node)) {
          interrupted.add(allocation);
          requeue(allocation, now);
        }
      }
    }
    return interrupted;
  }

  /**
   * Changes one device's own state (a failed GPU, say, while the rest of its node works on). A
   * device going DOWN interrupts the gangs on it as {@link #setNodeState} does; its node's other
   * devices keep their work.
   *
   * @return the gangs interrupted
   */
  public List<Allocation> setDeviceState(int device, DeviceLedger.NodeState state, long now) {
    ledger.setDeviceState(device, state);
    List<Allocation> interrupted = new ArrayList<>();
    if (state == DeviceLedger.NodeState.DOWN) {
      Allocation owner = ledger.ownerOf(device);
      if (owner != null) {
        interrupted.add(owner);
      } else if (ledger.shareUsedMilli(device) > 0) {
        for (Allocation allocation : running.values()) {
          if (allocation.milliPerDevice() < DeviceAmount.MILLI
              && Arrays.stream(allocation.devices()).anyMatch(d -> d == device)) {
            interrupted.add(allocation);
          }
        }
      }
      for (Allocation allocation : interrupted) {
        requeue(allocation, now);
      }
    }
    return interrupted;
  }

  private boolean uses(Allocation allocation, int node) {
    if (allocation.isHostOnly()) {
      return allocation.hostNode() == node;
    }
    for (int device : allocation.devices()) {
      if (cluster.nodeOf(device) == node) {
        return true;
      }
    }
    return false;
  }

  /** Runs one scheduling cycle at {@code now} (never earlier than the previous cycle). */
  public CycleResult cycle(long now) {
    if (now < lastNow) {
      throw new IllegalArgumentException(
          "now: "
              + now
              + " is before the previous cycle's "
              + lastNow
              + "; time only goes forward");
    }
    lastNow = now;
    return new Cycle(this, now).run();
  }

  // ---- what a Cycle reads and changes ------------------------------------------------------

  /** Evictions whose grace period has ended by {@code now}. */
  List<Eviction> evictionsDueBy(long now) {
    List<Eviction> due = new ArrayList<>();
    for (Eviction eviction : victims.values()) {
      if (eviction.deadlineSeconds() <= now) {
        due.add(eviction);
      }
    }
    return due;
  }

  Map<GangId, Eviction> evictionsByVictim() {
    return Collections.unmodifiableMap(victims);
  }

  /**
   * A victim keeps its devices through its grace period, but its quota goes at once: it is the
   * preemptor's from now on ({@link #nominate}), so nothing else can take it meanwhile.
   */
  void evictLater(Eviction eviction) {
    Allocation victim = eviction.victim();
    victims.put(victim.id(), eviction);
    releaseQuota(victim);
  }

  Collection<Reservation> nominations() {
    return nominations.values();
  }

  boolean isPending(GangId gang) {
    return pending.containsKey(gang);
  }

  boolean isNominated(GangId gang) {
    return nominations.containsKey(gang);
  }

  /**
   * A preemptor waits for its victims, first in line, holding their devices (the reservation) and
   * its own quota (admitted now, from what its victims gave back).
   */
  void nominate(Reservation reservation) {
    claimQuota(reservation);
    nominations.put(reservation.gang(), reservation);
  }

  /**
   * Gives a waiting preemptor's quota back while its next move is decided; see {@link #reclaim}.
   */
  Optional<Reservation> releaseClaim(GangId preemptor) {
    Reservation nomination = nominations.get(preemptor);
    if (nomination != null && claimed.remove(preemptor)) {
      Candidate claim = nomination.candidate();
      quota.release(claim.gang().queue(), claim.acceleratorId(), claim.devices());
    }
    return Optional.ofNullable(nomination);
  }

  /** Takes a waiting preemptor's quota again (after {@link #releaseClaim}). */
  void reclaim(Reservation nomination) {
    claimQuota(nomination);
  }

  private void claimQuota(Reservation nomination) {
    Candidate claim = nomination.candidate();
    AdmissionDecision admission =
        quota.admit(claim.gang().queue(), claim.acceleratorId(), claim.devices());
    if (!admission.allowed()) {
      throw new IllegalStateException(
          "quota refused a preemptor the victim search admitted: " + admission);
    }
    claimed.add(nomination.gang());
  }

  private void dropNomination(GangId preemptor) {
    releaseClaim(preemptor);
    nominations.remove(preemptor);
  }

  /** Drops nominations of preemptors that started, left, or have no victim left to wait for. */
  void forgetSettledNominations() {
    for (GangId id : new ArrayList<>(nominations.keySet())) {
      if (!pending.containsKey(id) || !waitsForVictims(id)) {
        dropNomination(id);
      }
    }
  }

  CycleState cycleState(long now, List<Reservation> reservations) {
    return new CycleState(
        now,
        ledger,
        quota,
        pending.values(),
        Collections.unmodifiableMap(running),
        policy.permits(),
        victims.keySet(),
        reservations,
        attained,
        random);
  }

  boolean waitsForVictims(GangId preemptor) {
    for (Eviction eviction : victims.values()) {
      if (eviction.preemptor().equals(preemptor)) {
        return true;
      }
    }
    return false;
  }

  Allocation start(GangAttempt.Chosen chosen, long now) {
    Candidate candidate = chosen.candidate();
    Gang gang = candidate.gang();
    dropNomination(gang.id());
    AdmissionDecision admission =
        quota.admit(gang.queue(), candidate.acceleratorId(), candidate.devices());
    if (!admission.allowed()) {
      throw new IllegalStateException("quota refused a placement its filter passed: " + admission);
    }
    Allocation allocation =
        new Allocation(
            gang,
            candidate.pool(),
            candidate.acceleratorId(),
            chosen.placement().devices(),
            gang.milliPerDevice(),
            chosen.placement().spans(),
            now,
            admission.borrows(),
            -1);
    return run(allocation);
  }

  Allocation startOnHost(Gang gang, int node, long now) {
    return run(Allocation.onHost(gang, cluster.poolIndexOfNode(node), node, now));
  }

  private Allocation run(Allocation allocation) {
    if (!pending.containsKey(allocation.id())) {
      throw new IllegalStateException(allocation.id() + " is not pending; it cannot start");
    }
    ledger.take(allocation);
    pending.remove(allocation.id());
    nominations.remove(allocation.id());
    running.put(allocation.id(), allocation);
    return allocation;
  }

  private void release(Allocation allocation, long now) {
    running.remove(allocation.id());
    if (victims.remove(allocation.id()) == null) {
      releaseQuota(allocation); // a victim's quota went when it was told to stop
    }
    ledger.release(allocation);
    attained.merge(allocation.id().workload(), AttainedService.of(allocation, now), Double::sum);
  }

  private void releaseQuota(Allocation allocation) {
    if (!allocation.isHostOnly()) {
      quota.release(
          allocation.gang().queue(), allocation.acceleratorId(), allocation.quotaDevices());
    }
  }

  void requeue(Allocation allocation, long now) {
    release(allocation, now);
    pending.put(allocation.id(), allocation.gang());
  }
}
