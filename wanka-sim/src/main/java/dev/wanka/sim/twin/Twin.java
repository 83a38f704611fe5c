package dev.wanka.sim.twin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sim.engine.EventQueue;
import dev.wanka.sim.engine.VirtualClock;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The digital twin's driver: the unchanged scheduler core ({@link Scheduler}) on a simulated
 * cluster, on a virtual clock. Jobs arrive at their submit times; after the events of each instant
 * one scheduling cycle runs; a started job completes after the run time the {@link RunTimeModel}
 * gives for the devices it got; a preempted job loses the work since its last checkpoint and waits
 * again. Parts of the cluster fail ({@link Outages}): the jobs there hang, holding their devices,
 * until the failure is detected; then they lose the work since their last checkpoint, wait again,
 * and spend the restart time when they start again. Deterministic: the same jobs, configuration,
 * policy and seed give the same run. Used once per run.
 */
public final class Twin {
  private static final int ARRIVAL = 1;
  private static final int COMPLETION = 2;
  private static final int CYCLE = 3;
  private static final int FAILURE = 4;
  private static final int DETECTION = 5;
  private static final int REPAIR = 6;

  /** Rounding slack when remaining work is turned into whole seconds. */
  private static final double SECONDS_SLACK = 1e-6;

  private final Cluster cluster;
  private final Scheduler scheduler;
  private final EventQueue events = new EventQueue();
  private final VirtualClock clock = new VirtualClock();
  private final List<SimJob> jobs;
  private final Map<WorkloadId, Integer> indexOf = new HashMap<>();
  private final JobState[] states;
  private final int[] arrivalOrder;
  private int nextArrival;
  private final RunTimeModel runTime;
  private final Recovery recovery;
  private final Outages outages;
  private int cycles;
  private final ClusterMeter meter;
  private final List<TimelineSample> timeline = new ArrayList<>();
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
    double remaining = 1; // share of the job's work still to do
    long firstStart = -1;
    long end = -1;
    long runningSince = -1;
    long progressFrom; // when this run makes progress: after the restart time, if it owes one
    long hungSince = -1; // when a failure stopped its progress while it still holds its devices
    double runSeconds; // the whole job's run time on its current devices
    boolean owesRestart;
    int fullDevices;
    int generation;
    int preemptions;
    int interruptions;
    long productiveSeconds;
    double lostDeviceSeconds;
    double heldDeviceSeconds;
  }

  /** A twin run without failures, each job running the duration it gives. */
  public Twin(
      Cluster cluster,
      SchedulerConfig config,
      SchedulerPolicy policy,
      long seed,
      List<SimJob> jobs) {
    this(
        cluster,
        config,
        policy,
        seed,
        jobs,
        RunTimeModel.asGiven(cluster),
        FailureModel.none(),
        Recovery.DEFAULT);
  }

  /**
   * A twin run in which jobs take the run times {@code runTime} gives, and parts of the cluster
   * fail as {@code failures} says (drawn from {@code seed}, apart from the scheduler's randomness)
   * and are recovered from as {@code recovery} says. Failures stop once every job has completed.
   *
   * @throws IllegalArgumentException if two jobs share an id, or a pool has no room for its spares
   */
  public Twin(
      Cluster cluster,
      SchedulerConfig config,
      SchedulerPolicy policy,
      long seed,
      List<SimJob> jobs,
      RunTimeModel runTime,
      FailureModel failures,
      Recovery recovery) {
    this.cluster = cluster;
    this.scheduler = new Scheduler(cluster, config, policy, seed);
    this.jobs = List.copyOf(jobs);
    this.runTime = runTime;
    this.recovery = recovery;
    this.states = new JobState[this.jobs.size()];
    for (int i = 0; i < this.jobs.size(); i++) {
      SimJob job = this.jobs.get(i);
      if (indexOf.put(job.workload().id(), i) != null) {
        throw new IllegalArgumentException(
            "jobs: workload id " + job.workload().id() + " appears twice; ids must be unique");
      }
      states[i] = new JobState();
    }
    this.arrivalOrder = arrivalOrder(this.jobs);
    scheduleNextArrival();
    this.unfinished = this.jobs.size();
    this.meter = new ClusterMeter(cluster, this.jobs);
    this.outages =
        new Outages(
            cluster, scheduler, failures, recovery, new SplittableRandom(seed ^ 0x5DEECE66DL));
    outages.scheduleNext(0, events, FAILURE);
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
   * {@code horizonSeconds}; in that last case the run ends at the horizon, the jobs still running
   * having held their devices until then.
   */
  public TwinResult run(long horizonSeconds) {
    while (unfinished > 0 && !events.isEmpty() && events.peekTime() <= horizonSeconds) {
      long now = events.peekTime();
      clock.advanceTo(now);
      meter.advanceTo(now);
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
          meter.sample(
              now, scheduler.devices(), scheduler.pending().size(), scheduler.running().size()));
    }
    // cut by the horizon: what runs then was running until it, not until the last event
    long end = unfinished > 0 && !events.isEmpty() ? horizonSeconds : clock.now();
    clock.advanceTo(end);
    meter.advanceTo(end);
    for (Allocation running : scheduler.running()) {
      JobState state = states[indexOf.get(running.id().workload())];
      state.heldDeviceSeconds += running.devicesHeld() * (end - running.startSeconds());
      state.productiveSeconds += progress(state, end);
    }
    List<JobOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobState state = states[i];
      outcomes.add(
          new JobOutcome(
              jobs.get(i).workload().id(),
              jobs.get(i).submitSeconds(),
              state.productiveSeconds,
              state.firstStart < 0 ? OptionalLong.empty() : OptionalLong.of(state.firstStart),
              state.end < 0 ? OptionalLong.empty() : OptionalLong.of(state.end),
              state.fullDevices,
              state.preemptions,
              state.interruptions,
              state.lostDeviceSeconds,
              state.heldDeviceSeconds));
    }
    return new TwinResult(
        outcomes,
        end,
        cycles,
        timeline,
        outages.records().size(),
        outages.records(),
        meter.deviceTime());
  }

  /**
   * The jobs' indices by submit time, ties in list order: the order they are submitted in. Only the
   * next arrival is in the event queue at any time, so the queue stays as deep as the running work,
   * not the whole trace.
   */
  private static int[] arrivalOrder(List<SimJob> jobs) {
    return IntStream.range(0, jobs.size())
        .boxed()
        .sorted(Comparator.comparingLong(i -> jobs.get(i).submitSeconds()))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private void scheduleNextArrival() {
    if (nextArrival < arrivalOrder.length) {
      int index = arrivalOrder[nextArrival++];
      events.schedule(jobs.get(index).submitSeconds(), ARRIVAL, index);
    }
  }

  private void handle(int kind, long payload, long now) {
    if (kind == ARRIVAL) {
      scheduler.submit(jobs.get((int) payload).workload());
      scheduleNextArrival();
    } else if (kind == COMPLETION) {
      complete((int) (payload >>> 32), (int) payload, now);
    } else if (kind == FAILURE) {
      Outages.Active failure = outages.fail(payload, now);
      if (failure != null) {
        for (Allocation hung : failure.stopped()) {
          hang(hung, now);
        }
        events.schedule(now + recovery.detectionSeconds(), DETECTION, failure.id());
      }
      if (unfinished > 0) {
        outages.scheduleNext(now, events, FAILURE);
      }
    } else if (kind == DETECTION) {
      for (Allocation stopped : outages.detect((int) payload, now)) {
        stop(stopped, now, true);
      }
      events.schedule(now + outages.failure((int) payload).mode().repairSeconds(), REPAIR, payload);
    } else if (kind == REPAIR) {
      outages.repair((int) payload, now);
    }
    // CYCLE: nothing to do but run the cycle that follows every instant with events
  }

  private void complete(int index, int generation, long now) {
    JobState state = states[index];
    if (state.generation != generation || state.runningSince < 0) {
      return; // stopped, or hung, since this completion was scheduled
    }
    for (Allocation done : scheduler.finish(jobs.get(index).workload().id(), now)) {
      meter.stopped(done);
      account(state, done, now, now - state.progressFrom);
    }
    state.end = now;
    state.runningSince = -1;
    unfinished--;
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

  /**
   * A job starts on an allocation: the run-time model says how long the whole job takes there; a
   * job interrupted by a failure first spends the restart time.
   */
  private void start(Allocation allocation, long now) {
    int index = indexOf.get(allocation.id().workload());
    JobState state = states[index];
    if (state.firstStart < 0) {
      state.firstStart = now;
      state.fullDevices = allocation.gang().maxDevices();
    }
    state.runningSince = now;
    state.progressFrom = now + (state.owesRestart ? recovery.restartSeconds() : 0);
    state.runSeconds = runTime.seconds(jobs.get(index), allocation);
    meter.started(allocation);
    state.generation++;
    long seconds = (long) Math.ceil(state.remaining * state.runSeconds - SECONDS_SLACK);
    events.schedule(
        state.progressFrom + Math.max(1, seconds),
        COMPLETION,
        ((long) index << 32) | (state.generation & 0xffffffffL));
  }

  /**
   * A failure stops a running job's progress; it keeps its devices, doing nothing, until the
   * failure is detected.
   */
  private void hang(Allocation allocation, long now) {
    JobState state = states[indexOf.get(allocation.id().workload())];
    if (state.hungSince >= 0) {
      return;
    }
    state.hungSince = now;
    state.generation++; // its completion will not come
    state.interruptions++;
    state.owesRestart = true;
  }

  /**
   * A job stops (preempted, or stopped by a detected failure): it keeps the work up to its last
   * checkpoint and loses the rest, and waits again. An interruption is counted when the failure
   * struck (or here, for a job stopped by a failure without hanging first).
   */
  private void stop(Allocation allocation, long now, boolean failure) {
    JobState state = states[indexOf.get(allocation.id().workload())];
    long progress = progress(state, now);
    long kept =
        allocation.gang().checkpointSeconds().isPresent()
            ? progress
                / allocation.gang().checkpointSeconds().getAsLong()
                * allocation.gang().checkpointSeconds().getAsLong()
            : 0;
    state.remaining = Math.max(0, state.remaining - kept / state.runSeconds);
    meter.stopped(allocation);
    account(state, allocation, now, kept);
    if (failure && state.hungSince < 0) {
      state.interruptions++;
    } else if (!failure) {
      state.preemptions++;
    }
    state.owesRestart = failure || state.hungSince >= 0 || now < state.progressFrom;
    state.hungSince = -1;
    state.runningSince = -1;
    state.generation++;
  }

  /**
   * A run on an allocation ends at {@code now}, {@code kept} seconds of its progress kept: the
   * devices were held from its start, and everything else it held them for is lost (work since the
   * checkpoint, the restart time, the time hung before detection).
   */
  private void account(JobState state, Allocation allocation, long now, long kept) {
    double held = allocation.devicesHeld() * (now - state.runningSince);
    state.heldDeviceSeconds += held;
    state.lostDeviceSeconds += held - allocation.devicesHeld() * kept;
    state.productiveSeconds += kept;
  }

  /** Seconds of progress in the current run by {@code now}: none while restarting or hung. */
  private static long progress(JobState state, long now) {
    long until = state.hungSince >= 0 ? state.hungSince : now;
    return Math.max(0, until - state.progressFrom);
  }
}
