package dev.wanka.sim.twin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sim.engine.EventQueue;
import dev.wanka.sim.engine.VirtualClock;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The digital twin's driver: the unchanged scheduler core ({@link Scheduler}) on a simulated
 * cluster, on a virtual clock. Jobs arrive at their submit times; after the events of each instant
 * one scheduling cycle runs; a started job completes after its duration (stretched when an elastic
 * job got fewer devices than its maximum); a preempted job loses the work since its last checkpoint
 * and waits again. Deterministic: the same jobs, configuration, policy and seed give the same run.
 * Used once per run.
 */
public final class Twin {
  private static final int ARRIVAL = 1;
  private static final int COMPLETION = 2;
  private static final int CYCLE = 3;
  private static final int FAILURE = 4;
  private static final int REPAIR = 5;

  private final Cluster cluster;
  private final Scheduler scheduler;
  private final EventQueue events = new EventQueue();
  private final VirtualClock clock = new VirtualClock();
  private final List<SimJob> jobs;
  private final Map<WorkloadId, Integer> indexOf = new HashMap<>();
  private final JobState[] states;
  private int cycles;
  private double busyDeviceSeconds;
  private double busyDevices;
  private final List<TimelineSample> timeline = new ArrayList<>();
  private final FailureModel failures;
  private final SplittableRandom failureRandom;
  private int failuresSoFar;
  private int unfinished;
  private Progress progress = (now, completed, total) -> {};
  private int progressEveryCycles = Integer.MAX_VALUE;

  /** What a run reports as it goes: the virtual time, and how many of its jobs have completed. */
  @FunctionalInterface
  public interface Progress {
    void at(long nowSeconds, int completedJobs, int totalJobs);
  }

  /** What the twin tracks of one job while it runs. */
  private static final class JobState {
    double remainingSeconds; // of work at full size
    long firstStart = -1;
    long end = -1;
    long runningSince = -1;
    int runningDevices;
    int fullDevices;
    int generation;
    int preemptions;
    int interruptions;
    double lostDeviceSeconds;
  }

  /** A twin run without failures. */
  public Twin(
      Cluster cluster,
      SchedulerConfig config,
      SchedulerPolicy policy,
      long seed,
      List<SimJob> jobs) {
    this(cluster, config, policy, seed, jobs, new FailureModel(List.of()));
  }

  /**
   * A twin run in which nodes fail as {@code failures} says: failures arrive cluster-wide as a
   * Poisson process (drawn from {@code seed}, apart from the scheduler's randomness), each takes
   * one node, chosen uniformly, DOWN for its mode's repair time; the jobs on it are interrupted and
   * lose the work since their last checkpoint. Failures stop once every job has completed.
   */
  public Twin(
      Cluster cluster,
      SchedulerConfig config,
      SchedulerPolicy policy,
      long seed,
      List<SimJob> jobs,
      FailureModel failures) {
    this.cluster = cluster;
    this.scheduler = new Scheduler(cluster, config, policy, seed);
    this.jobs = List.copyOf(jobs);
    this.failures = failures;
    this.failureRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.states = new JobState[this.jobs.size()];
    for (int i = 0; i < this.jobs.size(); i++) {
      SimJob job = this.jobs.get(i);
      if (indexOf.put(job.workload().id(), i) != null) {
        throw new IllegalArgumentException(
            "jobs: workload id " + job.workload().id() + " appears twice; ids must be unique");
      }
      JobState state = new JobState();
      state.remainingSeconds = job.durationSeconds();
      states[i] = state;
      events.schedule(job.submitSeconds(), ARRIVAL, i);
    }
    this.unfinished = this.jobs.size();
    scheduleNextFailure(0);
  }

  /** The next failure anywhere in the cluster after {@code now}, if failures are on. */
  private void scheduleNextFailure(long now) {
    double perSecond = failures.perNodeHour() * cluster.nodeCount() / 3600;
    if (!(perSecond > 0) || unfinished == 0) {
      return;
    }
    double gap = -StrictMath.log(1 - failureRandom.nextDouble()) / perSecond;
    double pick = failureRandom.nextDouble() * failures.perNodeHour();
    int mode = 0;
    for (double sum = failures.modes().get(0).perNodeHour();
        sum < pick && mode < failures.modes().size() - 1;
        sum += failures.modes().get(mode).perNodeHour()) {
      mode++;
    }
    long node = failureRandom.nextInt(cluster.nodeCount());
    events.schedule(now + Math.max(1, (long) Math.ceil(gap)), FAILURE, ((long) mode << 32) | node);
  }

  /** Calls {@code progress} after every {@code everyCycles} cycles of the run. */
  public Twin reportingProgress(int everyCycles, Progress progress) {
    if (everyCycles < 1) {
      throw new IllegalArgumentException(
          "everyCycles: " + everyCycles + " is not allowed: must be >= 1");
    }
    this.progressEveryCycles = everyCycles;
    this.progress = progress;
    return this;
  }

  /**
   * Runs until every job has completed, or nothing more can happen, or the next event lies beyond
   * {@code horizonSeconds}.
   */
  public TwinResult run(long horizonSeconds) {
    while (unfinished > 0 && !events.isEmpty() && events.peekTime() <= horizonSeconds) {
      long now = events.peekTime();
      clock.advanceTo(now);
      while (!events.isEmpty() && events.peekTime() == now) {
        events.take();
        handle(events.takenKind(), events.takenPayload(), now);
      }
      apply(scheduler.cycle(now), now);
      cycles++;
      if (cycles % progressEveryCycles == 0) {
        progress.at(now, jobs.size() - unfinished, jobs.size());
      }
      timeline.add(
          new TimelineSample(
              now, busyDevices, scheduler.pending().size(), scheduler.running().size()));
    }
    long end = clock.now();
    for (Allocation running : scheduler.running()) {
      busyDeviceSeconds += deviceSeconds(running, end - running.startSeconds());
    }
    List<JobOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobState state = states[i];
      outcomes.add(
          new JobOutcome(
              jobs.get(i).workload().id(),
              jobs.get(i).submitSeconds(),
              jobs.get(i).durationSeconds(),
              state.firstStart < 0 ? OptionalLong.empty() : OptionalLong.of(state.firstStart),
              state.end < 0 ? OptionalLong.empty() : OptionalLong.of(state.end),
              state.fullDevices,
              state.preemptions,
              state.interruptions,
              state.lostDeviceSeconds));
    }
    return new TwinResult(
        outcomes, end, cycles, cluster.deviceCount(), busyDeviceSeconds, timeline, failuresSoFar);
  }

  private void handle(int kind, long payload, long now) {
    if (kind == ARRIVAL) {
      scheduler.submit(jobs.get((int) payload).workload());
    } else if (kind == COMPLETION) {
      int index = (int) (payload >>> 32);
      int generation = (int) payload;
      JobState state = states[index];
      if (state.generation == generation && state.runningSince >= 0) {
        for (Allocation done : scheduler.finish(jobs.get(index).workload().id(), now)) {
          busyDeviceSeconds += deviceSeconds(done, now - done.startSeconds());
          busyDevices -= done.devicesHeld();
        }
        state.end = now;
        state.runningSince = -1;
        unfinished--;
      }
    } else if (kind == FAILURE) {
      fail((int) payload, (int) (payload >>> 32), now);
    } else if (kind == REPAIR) {
      scheduler.setNodeState((int) payload, DeviceLedger.NodeState.UP, now);
    }
    // CYCLE: nothing to do but run the cycle that follows every instant with events
  }

  /** A node fails: its gangs are interrupted; it comes back after the mode's repair time. */
  private void fail(int node, int mode, long now) {
    if (scheduler.devices().nodeState(node) != DeviceLedger.NodeState.DOWN) {
      failuresSoFar++;
      for (Allocation interrupted :
          scheduler.setNodeState(node, DeviceLedger.NodeState.DOWN, now)) {
        stop(interrupted, now, true);
      }
      events.schedule(now + failures.modes().get(mode).repairSeconds(), REPAIR, node);
    }
    scheduleNextFailure(now);
  }

  private void apply(CycleResult result, long now) {
    for (Allocation stopped : result.evicted()) {
      stop(stopped, now, false);
    }
    for (Allocation started : result.started()) {
      start(started, now);
    }
    result.preempted().stream()
        .mapToLong(eviction -> eviction.deadlineSeconds())
        .filter(deadline -> deadline > now)
        .distinct()
        .forEach(deadline -> events.schedule(deadline, CYCLE, 0));
  }

  private void start(Allocation allocation, long now) {
    int index = indexOf.get(allocation.id().workload());
    JobState state = states[index];
    if (state.firstStart < 0) {
      state.firstStart = now;
      state.fullDevices = allocation.gang().maxDevices();
    }
    state.runningSince = now;
    state.runningDevices = Math.max(1, allocation.size());
    busyDevices += allocation.devicesHeld();
    state.generation++;
    long seconds = (long) Math.ceil(state.remainingSeconds * fullSizeOver(state));
    events.schedule(
        now + Math.max(1, seconds),
        COMPLETION,
        ((long) index << 32) | (state.generation & 0xffffffffL));
  }

  /**
   * A stopped job keeps the work up to its last checkpoint and loses the rest; it counts as an
   * interruption when a failure stopped it, else as a preemption.
   */
  private void stop(Allocation allocation, long now, boolean failure) {
    int index = indexOf.get(allocation.id().workload());
    JobState state = states[index];
    long ran = now - state.runningSince;
    long kept =
        allocation.gang().checkpointSeconds().isPresent()
            ? ran
                / allocation.gang().checkpointSeconds().getAsLong()
                * allocation.gang().checkpointSeconds().getAsLong()
            : 0;
    state.remainingSeconds = Math.max(0, state.remainingSeconds - kept / fullSizeOver(state));
    state.lostDeviceSeconds += deviceSeconds(allocation, ran - kept);
    busyDeviceSeconds += deviceSeconds(allocation, ran);
    busyDevices -= allocation.devicesHeld();
    if (failure) {
      state.interruptions++;
    } else {
      state.preemptions++;
    }
    state.runningSince = -1;
    state.generation++;
  }

  /** How much longer the job takes on the devices it got than at full size. */
  private static double fullSizeOver(JobState state) {
    return state.fullDevices <= 0 ? 1 : (double) state.fullDevices / state.runningDevices;
  }

  private static double deviceSeconds(Allocation allocation, long seconds) {
    return allocation.devicesHeld() * seconds;
  }
}
