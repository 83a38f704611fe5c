package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.Preempt;
import dev.wanka.sched.plugin.PreemptionPlan;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.plugin.Reservation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One scheduling cycle of a {@link Scheduler}: takes back devices whose grace ran out, orders the
 * pending gangs, runs each through the extension points, preempts or reserves for those that cannot
 * run, lets short work backfill around the reservation, and collects a reason for every gang left
 * pending. Used once.
 */
final class Cycle {
  private final Scheduler scheduler;
  private final long now;
  private final DeviceLedger ledger;
  private final SchedulerPolicy policy;
  private final List<Allocation> started = new ArrayList<>();
  private final List<Eviction> preempted = new ArrayList<>();
  private final List<Allocation> evicted = new ArrayList<>();
  private final List<Reservation> reservations = new ArrayList<>();
  private final Map<GangId, PendingReason> reasons = new HashMap<>();
  private final List<Gang> order = new ArrayList<>();
  private final List<Gang> mayBackfill = new ArrayList<>();
  private CycleState view;
  private Reservation easy;

  /** Whether victims stopped at once during the cycle, freeing devices gangs before saw taken. */
  private boolean freedMidCycle;

  Cycle(Scheduler scheduler, long now) {
    this.scheduler = scheduler;
    this.now = now;
    this.ledger = scheduler.devices();
    this.policy = scheduler.policy();
  }

  CycleResult run() {
    for (Eviction eviction : scheduler.evictionsDueBy(now)) {
      evicted.add(eviction.victim());
      scheduler.requeue(eviction.victim(), now);
    }
    ledger.releaseHolds();
    reservations.addAll(scheduler.nominations());
    view = scheduler.cycleState(now, reservations);
    int nominated = orderPending();
    for (int next = 0; next < order.size(); next++) {
      if (next == nominated) {
        // the preemptors have had their turn: what is left of their devices is held from others
        holdAll();
      }
      consider(order.get(next));
    }
    retryAfterEvictions();
    backfill();
    scheduler.forgetSettledNominations();
    return new CycleResult(now, started, preempted, evicted, reservations, new TreeMap<>(reasons));
  }

  /** Preemptors waiting for their victims first, then the queue order; returns how many first. */
  private int orderPending() {
    List<Gang> rest = new ArrayList<>();
    for (Gang gang : scheduler.pending()) {
      if (scheduler.isNominated(gang.id())) {
        order.add(gang);
      } else {
        rest.add(gang);
      }
    }
    int nominated = order.size();
    rest.sort(policy.queueOrder().comparator(view));
    order.addAll(rest);
    return nominated;
  }

  private void start(GangAttempt.Chosen chosen) {
    Allocation allocation = scheduler.start(chosen, now);
    started.add(allocation);
    reasons.remove(allocation.id());
    reservations.removeIf(r -> r.gang().equals(allocation.id()));
  }

  private void consider(Gang gang) {
    if (!gang.needsDevices()) {
      OptionalInt node = HostPlacer.node(gang, ledger);
      if (node.isPresent()) {
        started.add(scheduler.startOnHost(gang, node.getAsInt(), now));
      } else {
        reasons.put(gang.id(), HostPlacer.why(gang, ledger));
      }
      return;
    }
    // a waiting preemptor's quota is its own: give it back while this gang is judged
    Optional<Reservation> nomination = scheduler.releaseClaim(gang.id());
    GangAttempt.Outcome outcome = GangAttempt.evaluate(gang, view, policy);
    if (outcome.chosen().isPresent()) {
      start(outcome.chosen().get());
      return;
    }
    if (nomination.isPresent() && scheduler.waitsForVictims(gang.id())) {
      scheduler.reclaim(nomination.get());
      reasons.put(gang.id(), preempting(gang.id()));
      return;
    }
    if (policy.preempts()) {
      Optional<PreemptionPlan> plan = preemptionPlan(outcome.fitting());
      if (plan.isPresent()) {
        preempt(plan.get());
        return;
      }
    }
    if (policy.backfill() && easy == null && !outcome.blocked().isEmpty()) {
      easy = reserve(outcome.blocked()).orElse(null);
      if (easy != null) {
        reservations.add(easy);
        holdAll();
        reasons.put(
            gang.id(),
            new PendingReason(
                ReasonCode.RESERVED,
                String.format(
                    "holds the backfill reservation: %d %s expected free by t=%d; %s",
                    easy.size(),
                    ledger.cluster().pools().get(easy.pool()).accelerator().id(),
                    easy.startSeconds(),
                    outcome.reason().message())));
        return;
      }
    }
    reasons.put(gang.id(), outcome.reason());
    if (easy != null
        && !outcome.blocked().isEmpty()
        && gang.estimatedSeconds().isPresent()
        && now + gang.estimatedSeconds().getAsLong() <= easy.startSeconds()) {
      mayBackfill.add(gang);
    }
  }

  private Optional<PreemptionPlan> preemptionPlan(List<Candidate> fitting) {
    for (Candidate candidate : fitting) {
      for (Preempt preempt : policy.preemptions()) {
        Optional<PreemptionPlan> plan = preempt.plan(candidate, view);
        if (plan.isPresent()) {
          return plan;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Carries out a plan: victims with no grace period stop at once, the others are told to stop by
   * their deadline and the preemptor waits for them, first in line, holding every victim's devices.
   * When every victim stopped at once the preemptor starts now. The victims stopped are pending
   * again and take their turn in this cycle.
   */
  private void preempt(PreemptionPlan plan) {
    Gang gang = plan.candidate().gang();
    long lastDeadline = now;
    List<Integer> devices = new ArrayList<>();
    int evictedBefore = evicted.size();
    for (Allocation victim : plan.victims()) {
      long deadline = now + victim.gang().graceSeconds();
      Eviction eviction = new Eviction(victim, gang.id(), deadline, plan.reason());
      preempted.add(eviction);
      for (int device : victim.devices()) {
        devices.add(device);
      }
      if (deadline <= now) {
        evicted.add(victim);
        scheduler.requeue(victim, now);
        freedMidCycle = true;
      } else {
        scheduler.evictLater(eviction);
        lastDeadline = Math.max(lastDeadline, deadline);
      }
    }
    if (lastDeadline == now) {
      GangAttempt.Outcome retry = GangAttempt.evaluate(gang, view, policy);
      if (retry.chosen().isPresent()) {
        start(retry.chosen().get());
      } else {
        reasons.put(gang.id(), retry.reason());
      }
    } else {
      Reservation nomination =
          new Reservation(
              plan.candidate(),
              devices.stream().mapToInt(Integer::intValue).toArray(),
              lastDeadline,
              true);
      scheduler.nominate(nomination);
      reservations.add(nomination);
      holdAll(); // the devices of victims stopped at once wait for the preemptor too
      reasons.put(gang.id(), preempting(gang.id()));
    }
    for (Allocation victim : evicted.subList(evictedBefore, evicted.size())) {
      order.add(victim.gang());
    }
  }

  private PendingReason preempting(GangId preemptor) {
    int count = 0;
    long deadline = 0;
    String why = "";
    for (Eviction eviction : scheduler.evictions()) {
      if (eviction.preemptor().equals(preemptor)) {
        count++;
        deadline = Math.max(deadline, eviction.deadlineSeconds());
        why = eviction.reason();
      }
    }
    return new PendingReason(
        ReasonCode.PREEMPTING,
        String.format(
            "preempting %d running gang%s (%s); they have until t=%d to checkpoint and exit",
            count, count == 1 ? "" : "s", why, deadline));
  }

  /** The earliest EASY reservation among the gang's blocked candidates. */
  private Optional<Reservation> reserve(List<Candidate> blocked) {
    Reservation best = null;
    for (Candidate candidate : blocked) {
      Optional<Reservation> planned =
          EasyReservation.plan(
              candidate, ledger, scheduler.running(), scheduler.evictionsByVictim(), now);
      if (planned.isPresent()
          && (best == null || planned.get().startSeconds() < best.startSeconds())) {
        best = planned.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Holds every reservation's devices that are free now (a preemptor's victims may have left
   * early), so that placement looks elsewhere; the backfill permit then needs to judge only work
   * that may use them because it ends first.
   */
  private void holdAll() {
    for (Reservation reservation : reservations) {
      for (int device : reservation.devices()) {
        if (ledger.free().isFree(device)) {
          ledger.hold(device);
        }
      }
    }
  }

  /**
   * When victims stopped at once freed devices mid-cycle, the gangs considered before that get one
   * more try, in the same order, at placement only (no further preemption or reservation), so no
   * device is left idle until the next cycle.
   */
  private void retryAfterEvictions() {
    if (!freedMidCycle) {
      return;
    }
    for (Gang gang : order) {
      if (!reasons.containsKey(gang.id())
          || !gang.needsDevices()
          || scheduler.isNominated(gang.id())
          || !scheduler.isPending(gang.id())) {
        continue;
      }
      Optional<GangAttempt.Chosen> chosen = GangAttempt.evaluate(gang, view, policy).chosen();
      if (chosen.isPresent()) {
        start(chosen.get());
      }
    }
  }

  /** EASY: work that ends before the reservation starts may use its devices meanwhile. */
  private void backfill() {
    if (easy == null || mayBackfill.isEmpty()) {
      return;
    }
    ledger.releaseHolds();
    for (Gang gang : mayBackfill) {
      if (!scheduler.isPending(gang.id())) {
        continue; // started by the retry after evictions
      }
      Optional<GangAttempt.Chosen> chosen = GangAttempt.evaluate(gang, view, policy).chosen();
      if (chosen.isPresent()) {
        start(chosen.get());
      }
    }
    holdAll();
  }
}
