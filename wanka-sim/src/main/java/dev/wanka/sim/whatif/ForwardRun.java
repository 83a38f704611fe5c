package dev.wanka.sim.whatif;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sim.engine.EventQueue;
import dev.wanka.workload.InferenceService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One what-if run: a snapshot forked into a fresh {@link Scheduler} (its workloads submitted, its
 * running gangs restored on their devices, its node states set), then driven forward on an event
 * queue: one cycle at the snapshot's time and after the events of every later instant; a gang ends
 * after its estimate (scaled up when an elastic gang runs on fewer devices than its maximum); a
 * preempted gang keeps the work up to its last checkpoint. No failures. Stops when every gang
 * pending in the snapshot has started, when none of those left can ever start, or at the horizon.
 * Used once.
 */
final class ForwardRun {
  private static final int COMPLETION = 1;
  private static final int CYCLE = 2;

  private final Scheduler scheduler;
  private final long now;
  private final long unestimatedRunSeconds;
  private final EventQueue events = new EventQueue();
  private final Map<GangId, GangState> states = new HashMap<>();
  private final List<GangState> byIndex = new ArrayList<>();
  private final Set<GangId> waiting = new LinkedHashSet<>();
  private final SortedMap<GangId, PredictedStart> starts = new TreeMap<>();
  private int cycles;

  /** What the run tracks of a gang once it has run. */
  private static final class GangState {
    final int index;
    final GangId gang;
    boolean hasRun;
    double remainingSeconds; // of work at full size; infinite for a service
    long runningSince = -1;
    int runningDevices;
    int fullDevices;
    int generation;

    GangState(int index, GangId gang) {
      this.index = index;
      this.gang = gang;
    }
  }

  /**
   * @throws IllegalArgumentException naming the snapshot's field when its work cannot be re-created
   *     as it is (an unknown queue, devices taken twice, quota exceeded, a running gang on a DOWN
   *     node...)
   */
  ForwardRun(ClusterSnapshot snapshot, long unestimatedRunSeconds) {
    this.scheduler = new Scheduler(snapshot.cluster(), snapshot.config(), snapshot.policy());
    this.now = snapshot.nowSeconds();
    this.unestimatedRunSeconds = unestimatedRunSeconds;
    for (int i = 0; i < snapshot.workloads().size(); i++) {
      try {
        scheduler.submit(snapshot.workloads().get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("workloads[" + i + "]: " + e.getMessage(), e);
      }
    }
    for (int i = 0; i < snapshot.running().size(); i++) {
      RunningGang running = snapshot.running().get(i);
      Allocation allocation;
      try {
        allocation =
            running.isOnHost()
                ? scheduler.restoreOnHost(
                    running.gang(), running.hostNode(), running.startSeconds())
                : scheduler.restore(running.gang(), running.devices(), running.startSeconds());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("running[" + i + "]: " + e.getMessage(), e);
      }
      GangState state = stateOf(allocation.id());
      state.hasRun = true;
      state.fullDevices = allocation.gang().maxDevices();
      state.runningDevices = Math.max(1, allocation.size());
      state.remainingSeconds = restoredRemainingSeconds(running, allocation) / fullSizeOver(state);
      run(state, now);
    }
    snapshot
        .nodeStates()
        .forEach(
            (node, nodeState) -> {
              List<Allocation> interrupted = scheduler.setNodeState(node, nodeState, now);
              if (!interrupted.isEmpty()) {
                throw new IllegalArgumentException(
                    "nodeStates: node "
                        + snapshot.cluster().nodeName(node)
                        + " is "
                        + nodeState
                        + " but gang "
                        + interrupted.get(0).id()
                        + " runs on it; a snapshot's running gangs are on nodes that run work");
              }
            });
    scheduler.pending().forEach(gang -> waiting.add(gang.id()));
    events.schedule(now, CYCLE, 0);
  }

  /**
   * Seconds the restored gang still runs at its current size: to its expected end (none when that
   * has passed: it is taken to end now); without one, to {@code unestimatedRunSeconds} after its
   * start; a service runs on.
   */
  private double restoredRemainingSeconds(RunningGang running, Allocation allocation) {
    if (allocation.gang().workload() instanceof InferenceService) {
      return Double.POSITIVE_INFINITY;
    }
    long end =
        running.expectedEndSeconds().isPresent()
            ? running.expectedEndSeconds().getAsLong()
            : saturatedAdd(running.startSeconds(), unestimatedRunSeconds);
    return Math.max(0, end - now);
  }

  /** Runs forward to {@code horizonEndSeconds}; the predicted start of every gang pending now. */
  SortedMap<GangId, PredictedStart> run(long horizonEndSeconds) {
    CycleResult last = null;
    while (!waiting.isEmpty() && !events.isEmpty() && events.peekTime() <= horizonEndSeconds) {
      long time = events.peekTime();
      while (!events.isEmpty() && events.peekTime() == time) {
        events.take();
        if (events.takenKind() == COMPLETION) {
          complete(events.takenPayload(), time);
        }
      }
      last = scheduler.cycle(time);
      cycles++;
      apply(last, time);
      if (noneCanEverStart(last)) {
        break;
      }
    }
    for (GangId gang : waiting) {
      PendingReason reason = last == null ? null : last.reasonFor(gang);
      if (reason == null) {
        reason =
            new PendingReason(
                ReasonCode.NO_FREE_DEVICES,
                "no cycle ran within the horizon to " + horizonEndSeconds + " s");
      }
      starts.put(gang, PredictedStart.notWithinHorizon(gang, reason));
    }
    return starts;
  }

  int cycles() {
    return cycles;
  }

  /** Whether every gang still waiting was found unable ever to start. */
  private boolean noneCanEverStart(CycleResult result) {
    for (GangId gang : waiting) {
      PendingReason reason = result.reasonFor(gang);
      if (reason == null
          || reason.code() != ReasonCode.NEVER_FITS && reason.code() != ReasonCode.NO_ACCELERATOR) {
        return false;
      }
    }
    return true;
  }

  private void apply(CycleResult result, long time) {
    for (Allocation evicted : result.evicted()) {
      stop(evicted, time);
    }
    for (Allocation started : result.started()) {
      if (waiting.remove(started.id())) {
        starts.put(started.id(), PredictedStart.at(started.id(), time));
      }
      GangState state = stateOf(started.id());
      if (!state.hasRun) {
        state.hasRun = true;
        state.fullDevices = started.gang().maxDevices();
        state.remainingSeconds =
            started.gang().workload() instanceof InferenceService
                ? Double.POSITIVE_INFINITY
                : started.gang().estimatedSeconds().orElse(unestimatedRunSeconds);
      }
      state.runningDevices = Math.max(1, started.size());
      run(state, time);
    }
    result.preempted().stream()
        .mapToLong(eviction -> eviction.deadlineSeconds())
        .filter(deadline -> deadline > time)
        .distinct()
        .forEach(deadline -> events.schedule(deadline, CYCLE, 0));
  }

  /** The gang runs from {@code time}; its completion is scheduled unless it never ends. */
  private void run(GangState state, long time) {
    state.runningSince = time;
    state.generation++;
    double seconds = Math.ceil(state.remainingSeconds * fullSizeOver(state));
    if (Double.isFinite(seconds)) {
      events.schedule(
          saturatedAdd(time, (long) seconds),
          COMPLETION,
          ((long) state.index << 32) | (state.generation & 0xffffffffL));
    }
  }

  private void complete(long payload, long time) {
    GangState state = byIndex.get((int) (payload >>> 32));
    if (state.generation == (int) payload && state.runningSince >= 0) {
      scheduler.finish(state.gang.workload(), time);
      state.runningSince = -1;
    }
  }

  /**
   * A stopped gang keeps the work up to its last checkpoint and waits again. A restored gang may
   * lose more than it ran here: the work it did before the snapshot since its last checkpoint.
   */
  private void stop(Allocation allocation, long time) {
    GangState state = stateOf(allocation.id());
    long ran = time - state.runningSince;
    long kept = ran - allocation.workAtRiskSeconds(time);
    state.remainingSeconds = Math.max(0, state.remainingSeconds - kept / fullSizeOver(state));
    state.runningSince = -1;
    state.generation++;
  }

  private GangState stateOf(GangId gang) {
    return states.computeIfAbsent(
        gang,
        id -> {
          GangState state = new GangState(byIndex.size(), id);
          byIndex.add(state);
          return state;
        });
  }

  /** How much longer the gang takes on the devices it got than at full size. */
  private static double fullSizeOver(GangState state) {
    return state.fullDevices <= 0 ? 1 : (double) state.fullDevices / state.runningDevices;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
