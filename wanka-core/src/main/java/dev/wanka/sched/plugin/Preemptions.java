package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.Gang;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.QuotaLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The preemption policies Wanka ships. Both keep one rule: a preemption never pushes another queue
 * below its guarantee — victims from another queue come only out of what that queue borrows now.
 * Otherwise the victims' queue could reclaim its guarantee right back, and two queues would preempt
 * each other forever.
 */
public final class Preemptions {
  private Preemptions() {}

  /**
   * Priority: a gang may stop running gangs of lower priority whose class is preemptible, in its
   * pool, when that lets it run: gangs of its own queue, and gangs of other queues as far as those
   * queues borrow.
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
            if (running.gang().isPreemptible()
                && (running.gang().queue().equals(gang.queue())
                    || borrows(view.quota(), running))) {
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
   * Quota reclaim: a queue asking for no more than its own guarantee takes it back from preemptible
   * gangs of queues that borrow, whatever their priority: borrowed devices are lent on the
   * understanding that they return.
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
          Map<String, List<Allocation>> byQueue =
              view.memo(
                  "reclaim.borrowing." + candidate.pool(),
                  () -> borrowingByQueue(view, candidate.pool()));
          List<Allocation> borrowing = new ArrayList<>();
          byQueue.forEach(
              (queue, allocations) -> {
                if (!queue.equals(gang.queue())) {
                  borrowing.addAll(allocations);
                }
              });
          return search(view, candidate, borrowing)
              .map(
                  victims ->
                      new PreemptionPlan(
                          candidate,
                          victims,
                          String.format(
                              "reclaims %s's guarantee of %d %s (it uses %d) from"
                                  + " queues that borrowed it",
                              gang.queue(), guaranteed, type, used)));
        }
      };

  public static final List<Preempt> ALL = List.of(QUOTA_RECLAIM, PRIORITY);

  /**
   * The preemptible gangs of a pool whose queues borrow, by queue, as of the first reclaim of the
   * cycle (the budget rule checks the borrowing again when victims are chosen).
   */
  private static Map<String, List<Allocation>> borrowingByQueue(CycleView view, int pool) {
    Map<String, List<Allocation>> byQueue = new TreeMap<>();
    for (Allocation running : view.runningIn(pool)) {
      if (running.gang().isPreemptible() && borrows(view.quota(), running)) {
        byQueue.computeIfAbsent(running.gang().queue(), q -> new ArrayList<>()).add(running);
      }
    }
    return byQueue;
  }

  private static boolean borrows(QuotaLedger quota, Allocation allocation) {
    return !allocation.isHostOnly()
        && quota.borrowed(allocation.gang().queue(), allocation.acceleratorId()) > 0;
  }

  /** The cheapest victims among the eligible gangs still running and not already stopping. */
  private static Optional<List<Allocation>> search(
      CycleView view, Candidate candidate, List<Allocation> eligible) {
    List<Allocation> victims = new ArrayList<>();
    for (Allocation running : eligible) {
      if (view.isRunning(running) && !view.victims().contains(running.id())) {
        victims.add(running);
      }
    }
    return VictimSearch.find(
        candidate, view, victims, withinBorrowing(view.quota(), candidate.gang().queue()));
  }

  /**
   * Sets of victims that take from every other queue no more than it borrows of each type, so none
   * falls below its guarantee.
   */
  private static Predicate<List<Allocation>> withinBorrowing(QuotaLedger quota, String own) {
    return victims -> {
      Map<String, Long> taken = new HashMap<>();
      for (Allocation victim : victims) {
        String queue = victim.gang().queue();
        if (queue.equals(own)) {
          continue;
        }
        String key = queue + "\u0000" + victim.acceleratorId();
        long total = taken.merge(key, victim.quotaDevices(), Long::sum);
        if (total > quota.borrowed(queue, victim.acceleratorId())) {
          return false;
        }
      }
      return true;
    };
  }
}
