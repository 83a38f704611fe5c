package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.Gang;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.workload.DeviceAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The preemption policies Wanka ships. */
public final class Preemptions {
  private Preemptions() {}

  /**
   * Priority: a gang may stop running gangs of lower priority whose class is preemptible, in its
   * pool, when that lets it run.
   */
  public static final Preempt PRIORITY =
      new Preempt() {
        @Override
        public String name() {
          return "priority";
        }

        @Override
        public Optional<PreemptionPlan> plan(Candidate candidate, CycleView view) {
          Gang gang = candidate.gang();
          List<Allocation> lower = new ArrayList<>();
          for (Allocation running : view.runningIn(candidate.pool())) {
            if (running.gang().priority() >= gang.priority()) {
              break;
            }
            if (running.gang().isPreemptible()) {
              lower.add(running);
            }
          }
          return search(view, candidate, lower)
              .map(
                  victims ->
                      new PreemptionPlan(
                          candidate,
                          victims,
                          "priority " + gang.priority() + " over lower-priority preemptible work"));
        }
      };

  /**
   * Quota reclaim: a queue asking for no more than its own guarantee takes it back from queues that
   * borrowed it (allocations admitted on loan), whatever their priority: borrowed devices are lent
   * on the understanding that they return.
   */
  public static final Preempt QUOTA_RECLAIM =
      new Preempt() {
        @Override
        public String name() {
          return "reclaim";
        }

        @Override
        public Optional<PreemptionPlan> plan(Candidate candidate, CycleView view) {
          Gang gang = candidate.gang();
          QueueTree tree = view.quota().tree();
          String type = candidate.acceleratorId();
          long guaranteed = tree.guaranteed(tree.indexOf(gang.queue()), type);
          long used = view.quota().used(gang.queue(), type);
          if (used + candidate.devices() > guaranteed) {
            return Optional.empty();
          }
          List<Allocation> borrowed =
              view.memo(
                  "reclaim.borrowed." + candidate.pool(),
                  () -> borrowedIn(view.runningIn(candidate.pool())));
          List<Allocation> eligible = new ArrayList<>();
          for (Allocation running : borrowed) {
            if (!running.gang().queue().equals(gang.queue())) {
              eligible.add(running);
            }
          }
          return search(view, candidate, eligible)
              .map(
                  victims ->
                      new PreemptionPlan(
                          candidate,
                          victims,
                          String.format(
                              "reclaims %s's guarantee of %d %s (it uses %d) from queues that"
                                  + " borrowed it",
                              gang.queue(), guaranteed, type, used)));
        }
      };

  public static final List<Preempt> ALL = List.of(QUOTA_RECLAIM, PRIORITY);

  private static List<Allocation> borrowedIn(List<Allocation> running) {
    List<Allocation> borrowed = new ArrayList<>();
    for (Allocation allocation : running) {
      if (allocation.borrowed()) {
        borrowed.add(allocation);
      }
    }
    return borrowed;
  }

  /** The cheapest victims among the eligible whole-device gangs not already stopping, if any. */
  private static Optional<List<Allocation>> search(
      CycleView view, Candidate candidate, List<Allocation> eligible) {
    List<Allocation> victims = new ArrayList<>();
    for (Allocation running : eligible) {
      if (running.milliPerDevice() == DeviceAmount.MILLI
          && !view.victims().contains(running.id())) {
        victims.add(running);
      }
    }
    return VictimSearch.find(candidate, view, victims);
  }
}
