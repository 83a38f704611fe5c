package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.CheckedRun.crashed;
import static dev.wanka.sched.cycle.RandomWorld.describe;
import static dev.wanka.sched.cycle.RandomWorld.workload;
import static dev.wanka.sched.cycle.RandomWorld.world;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.CheckedRun.Crash;
import dev.wanka.sched.cycle.CheckedRun.Violation;
import dev.wanka.sched.cycle.RandomWorld.World;
import dev.wanka.sched.cycle.SchedulerPropertyTest.Law;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The events of {@link SchedulerPropertyTest}, what a driver tells the scheduler or asks of it, and
 * random sequences of them: the next event drawn from the scheduler's state, and a whole sequence
 * drawn from a seed and run on a {@link CheckedRun}.
 */
final class SchedulerEvents {
  private SchedulerEvents() {}

  // ---- events -----------------------------------------------------------------------------------

  /** One thing the driver tells the scheduler or asks of it; concrete, so it can be replayed. */
  interface Event {
    void applyTo(CheckedRun run);
  }

  record Submit(Workload workload) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      run.s.submit(workload);
      List<GangId> ids = new ArrayList<>();
      for (Gang gang : Gang.of(workload)) {
        ids.add(gang.id());
      }
      run.live.put(workload.id(), ids);
    }

    @Override
    public String toString() {
      return "submit " + describe(workload);
    }
  }

  /** Completion or cancellation; a no-op in a shrunk replay where the workload is not live. */
  record Finish(WorkloadId id, long now) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      if (run.live.containsKey(id)) {
        run.s.finish(id, now);
        run.live.remove(id);
        run.usageDroppedOutsideTheScheduler();
      }
    }

    @Override
    public String toString() {
      return "finish " + id + " at " + now;
    }
  }

  record Stop(GangId gang, long now) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      run.s.stopped(gang, now);
      run.usageDroppedOutsideTheScheduler();
    }

    @Override
    public String toString() {
      return "stopped " + gang + " at " + now;
    }
  }

  record SetNode(int node, NodeState state, long now) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      run.s.setNodeState(node, state, now);
      if (state == NodeState.DOWN) {
        run.usageDroppedOutsideTheScheduler();
      }
    }

    @Override
    public String toString() {
      return "node " + node + " " + state + " at " + now;
    }
  }

  record SetDevice(int device, NodeState state, long now) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      run.s.setDeviceState(device, state, now);
      if (state == NodeState.DOWN) {
        run.usageDroppedOutsideTheScheduler();
      }
    }

    @Override
    public String toString() {
      return "device " + device + " " + state + " at " + now;
    }
  }

  record RunCycle(long now) implements Event {
    @Override
    public void applyTo(CheckedRun run) {
      run.last = run.s.cycle(now);
      run.clock = now;
    }

    @Override
    public String toString() {
      return "cycle(" + now + ")";
    }
  }

  /** The next event, drawn from the scheduler's state: what a driver could say now. */
  static Event next(CheckedRun run, SplittableRandom r) {
    Scheduler s = run.s;
    if (run.previous instanceof RunCycle && r.nextInt(100) < 45) {
      return new RunCycle(run.clock); // the same time again: a fixpoint
    }
    int roll = r.nextInt(100);
    if (roll < 35 && run.live.size() < 40) {
      boolean late = run.nextId > 12 && r.nextBoolean();
      return new Submit(workload(run.nextId++, run.clock, r, run.world, late));
    }
    if (roll < 55) {
      int kind = r.nextInt(20);
      long dt = kind < 5 ? 0 : kind < 17 ? 1 + r.nextInt(30) : 31 + r.nextInt(170);
      return new RunCycle(run.clock + dt);
    }
    List<Allocation> running = new ArrayList<>(s.running());
    if (roll < 66 && !running.isEmpty()) {
      List<Allocation> done = new ArrayList<>();
      for (Allocation a : running) {
        if (a.estimatedEndSeconds().isPresent()
            && a.estimatedEndSeconds().getAsLong() <= run.clock) {
          done.add(a);
        }
      }
      if (!done.isEmpty()) {
        return new Finish(done.get(r.nextInt(done.size())).id().workload(), run.clock);
      }
      if (r.nextInt(3) == 0) {
        return new Finish(running.get(r.nextInt(running.size())).id().workload(), run.clock);
      }
    }
    if (roll < 70 && !run.live.isEmpty()) {
      List<WorkloadId> ids = new ArrayList<>(run.live.keySet());
      return new Finish(ids.get(r.nextInt(ids.size())), run.clock);
    }
    if (roll < 80) {
      List<Eviction> evictions = new ArrayList<>(s.evictions());
      if (!evictions.isEmpty() && r.nextInt(4) != 0) {
        return new Stop(evictions.get(r.nextInt(evictions.size())).victim().id(), run.clock);
      }
      if (!running.isEmpty() && r.nextInt(3) == 0) {
        return new Stop(running.get(r.nextInt(running.size())).id(), run.clock);
      }
    }
    if (roll < 86) {
      return nextDeviceState(s, run.cluster, run.clock, r);
    }
    if (roll < 92) {
      Cluster cluster = run.cluster;
      List<Integer> notUp = new ArrayList<>();
      for (int node = 0; node < cluster.nodeCount(); node++) {
        if (s.devices().nodeState(node) != NodeState.UP) {
          notUp.add(node);
        }
      }
      int node =
          !notUp.isEmpty() && (3 * notUp.size() > cluster.nodeCount() || r.nextBoolean())
              ? notUp.get(r.nextInt(notUp.size()))
              : r.nextInt(cluster.nodeCount());
      NodeState now = s.devices().nodeState(node);
      NodeState state;
      if (now == NodeState.UP) {
        state = r.nextInt(10) < 6 ? NodeState.DOWN : NodeState.CORDONED;
      } else if (r.nextInt(4) != 0) {
        state = NodeState.UP;
      } else {
        state = now == NodeState.DOWN ? NodeState.CORDONED : NodeState.DOWN;
      }
      return new SetNode(node, state, run.clock);
    }
    return new RunCycle(run.clock + 1 + r.nextInt(60));
  }

  /** A device fails, is cordoned or comes back; devices not UP are picked more often. */
  private static Event nextDeviceState(Scheduler s, Cluster cluster, long now, SplittableRandom r) {
    List<Integer> notUp = new ArrayList<>();
    for (int device = 0; device < cluster.deviceCount(); device++) {
      if (s.devices().deviceState(device) != NodeState.UP) {
        notUp.add(device);
      }
    }
    int device =
        !notUp.isEmpty() && r.nextBoolean()
            ? notUp.get(r.nextInt(notUp.size()))
            : r.nextInt(cluster.deviceCount());
    NodeState state =
        s.devices().deviceState(device) == NodeState.UP
            ? (r.nextInt(10) < 6 ? NodeState.DOWN : NodeState.CORDONED)
            : (r.nextInt(4) != 0 ? NodeState.UP : NodeState.DOWN);
    return new SetDevice(device, state, now);
  }

  // ---- running a sequence -----------------------------------------------------------------------

  record Outcome(
      World world, List<Event> events, CheckedRun run, Violation violation, Crash crash) {}

  /** Draws a world and a sequence from the seed, running and checking as it goes. */
  static Outcome explore(long seed, Set<Law> laws) {
    SplittableRandom r = new SplittableRandom(seed);
    World world = world(r);
    CheckedRun run = new CheckedRun(world, laws);
    List<Event> events = new ArrayList<>();
    int length = 30 + r.nextInt(51);
    try {
      for (int i = 0; i < length; i++) {
        Event event = next(run, r);
        events.add(event);
        run.step(event);
      }
      long end = run.clock + 1 + r.nextInt(60);
      for (int i = 0; i < 2; i++) {
        Event event = new RunCycle(end);
        events.add(event);
        run.step(event);
      }
    } catch (Violation v) {
      return new Outcome(world, events, run, v, null);
    } catch (Crash c) {
      Violation v = laws.contains(Law.NO_CRASH) ? crashed(c) : null;
      return new Outcome(world, events, run, v, c);
    }
    return new Outcome(world, events, run, null, null);
  }
}
