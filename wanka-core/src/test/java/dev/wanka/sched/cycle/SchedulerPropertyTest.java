package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.IdlePoolPlacement.idleProblems;
import static dev.wanka.sched.cycle.SchedulerEvents.explore;
import static dev.wanka.sched.cycle.Shrinker.difference;
import static dev.wanka.sched.cycle.Shrinker.replay;
import static dev.wanka.sched.cycle.Shrinker.report;
import static dev.wanka.sched.cycle.Shrinker.shrink;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.cycle.CheckedRun.Violation;
import dev.wanka.sched.cycle.SchedulerEvents.Event;
import dev.wanka.sched.cycle.SchedulerEvents.Outcome;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Laws of the scheduler core over random small clusters, random workloads and random event
 * sequences, checked after every event and every cycle.
 *
 * <p>Each try draws, from one long seed (a {@link SplittableRandom}): a cluster of 2-3 pools (H100
 * nodes of 8, H100 nodes of 4 in scale-up domains of 2, Trainium2 nodes of 8 in domains of 2 or 4;
 * 4-24 nodes, 2- or 3-tier fabric, leaves of 2 or 4 nodes); a queue tree {@code org/a}, {@code
 * org/b} (and {@code org/c}, and a top-level {@code solo}) with random guarantees, maxima and
 * borrowing policies; and 30-80 events: arrivals (rigid and elastic training gangs with or without
 * devices per node, topology required or preferred and tensor parallelism; inference services of
 * whole devices or shares; device tasks of whole devices or shares; six priority classes including
 * non-preemptible ones and ones with no grace period), completions and cancellations ({@code
 * finish}), victims exiting ({@code stopped}), nodes going DOWN, UP or CORDONED, and cycles that
 * advance time or repeat it. Every sequence ends with two cycles at the same time.
 *
 * <p>The policy is the default one, or (except for P5, which is about the default policy) now and
 * then another queue order, backfill off, or fewer preemptions.
 *
 * <p>The laws, each its own property over its own seeds and running only its own checks, so that
 * one broken law does not hide the others:
 *
 * <ul>
 *   <li>P0: no call throws. In the other properties an exception ends the sequence there (what was
 *       checked up to it stands).
 *   <li>P1: a whole device has at most one running allocation; shares of a device sum to at most
 *       1000 milli and never sit beside a whole owner; the ledger's owners and shares, its holds,
 *       {@link FreeCapacity} (free iff unused, not held and on an UP node) and all of its counts,
 *       and the shared-device index agree with the running allocations; nothing runs on a DOWN
 *       node.
 *   <li>P2: every allocation has one of its gang's sizes, in one pool of a type the gang accepts,
 *       its devices per node, within its required scope ({@link Cluster#lowestCommonTier}, which
 *       {@link Allocation#spans()} must equal), every tensor-parallel group in one scale-up domain.
 *   <li>P3: per queue and type, the ledger's use is the running allocations' in its subtree (a
 *       victim's quota passes to its preemptor when it is told to stop), never above the max;
 *       commitments derived from the rules (not read from the ledger) keep queues that may not
 *       borrow within their guarantee and the root within the guaranteed pool, and match {@link
 *       QuotaLedger#borrowed}.
 *   <li>P4: every gang of a live workload is pending or running, never both, never after its
 *       finish; after a cycle every pending gang has a reason with a message, and no reason is for
 *       a gang that is not pending.
 *   <li>P5: after every cycle no victim outlives its deadline, every victim runs, a PREEMPTING gang
 *       has victims in their grace period, the reservations reported are pending gangs', and no
 *       gang preempts one that preempted it; after two cycles at the same time, the fixpoint check
 *       of {@link PreemptionChecks#checkFixpoint}.
 *   <li>P6: the same events on a fresh cluster and scheduler give the same decisions, cycle by
 *       cycle.
 *   <li>P7: a gang that DevicePlacer.neverFits lets into a pool is placed on the idle pool, on
 *       devices it may run on.
 * </ul>
 *
 * <p>A violation is shrunk (delta debugging over the concrete events, replayed on a fresh
 * scheduler) and reported with the seed, the cluster, the queues, the policy and the minimal
 * events.
 */
class SchedulerPropertyTest {
  private static final int TRIES = 400;

  // ---- laws ------------------------------------------------------------------------------------

  enum Law {
    NO_CRASH("P0 the scheduler never throws on valid input"),
    DEVICES("P1 no device allocated twice; ledger and free capacity agree"),
    GANGS("P2 gangs all-or-nothing, where they may run"),
    QUOTA("P3 quota kept exactly"),
    NOTHING_DROPPED("P4 nothing dropped; every pending gang has a reason"),
    PREEMPTION("P5 priority and preemption"),
    DETERMINISM("P6 same events, same decisions");

    final String title;

    Law(String title) {
      this.title = title;
    }
  }

  @Property(
      tries = TRIES,
      seed = "20250701",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void theSchedulerNeverThrowsOnValidInput(@ForAll long seed) {
    holds(Law.NO_CRASH, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250702",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void noDeviceIsAllocatedTwiceAndTheLedgerAgrees(@ForAll long seed) {
    holds(Law.DEVICES, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250703",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void gangsRunWholeOnDevicesTheyAccept(@ForAll long seed) {
    holds(Law.GANGS, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250704",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void quotaUseMatchesTheRunningGangsAndStaysWithinTheRules(@ForAll long seed) {
    holds(Law.QUOTA, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250705",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void nothingIsDroppedAndEveryPendingGangSaysWhy(@ForAll long seed) {
    holds(Law.NOTHING_DROPPED, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250706",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void atAFixpointNoPendingGangCouldRunByPreemptingLowerPriorityWork(@ForAll long seed) {
    holds(Law.PREEMPTION, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250707",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void theSameEventsGiveTheSameDecisions(@ForAll long seed) {
    Outcome first = explore(seed, EnumSet.noneOf(Law.class));
    String difference = difference(first.world(), first.events());
    if (difference == null) {
      return;
    }
    List<Event> minimal =
        shrink(first.events(), events -> difference(first.world(), events) != null);
    String again = difference(first.world(), minimal);
    throw new AssertionError(
        report(
            seed,
            first.world(),
            first.events().size(),
            minimal,
            new Violation(Law.DETERMINISM, "differs", again != null ? again : difference)));
  }

  /**
   * P7, the placer's side of P5: a candidate that {@link DevicePlacer#neverFits} lets through (its
   * pool could hold it) is placed on the idle pool, on devices the gang may run on (its topology
   * scope, devices per node, tensor-parallel groups in one scale-up domain). Otherwise the gang
   * waits forever with a reason that says it is only waiting.
   */
  @Property(
      tries = TRIES,
      seed = "20250708",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void aGangItsPoolCanHoldIsPlacedOnTheIdlePool(@ForAll long seed) {
    List<String> problems = idleProblems(seed);
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.get(0));
    }
  }

  /** Runs one seed checking one law; shrinks and reports a violation. */
  private static void holds(Law law, long seed) {
    Outcome outcome = explore(seed, EnumSet.of(law));
    CheckedRun run = outcome.run();
    // the generator must make the laws matter: preemption in a good share of the sequences,
    // and (for P5) pending gangs to check at fixpoints
    Statistics.label("preempted").collect(run.preempted > 0);
    Statistics.label("preempted").coverage(c -> c.check(true).percentage(p -> p >= 10));
    if (law == Law.PREEMPTION) {
      Statistics.label("fixpoint with pending gangs").collect(run.fixpointPending > 0);
      Statistics.label("fixpoint with pending gangs")
          .coverage(c -> c.check(true).percentage(p -> p >= 50));
    }
    if (outcome.violation() == null) {
      return;
    }
    Violation found = outcome.violation();
    List<Event> minimal = shrink(outcome.world(), outcome.events(), law, found.tag);
    Violation again = replay(outcome.world(), minimal, law);
    throw new AssertionError(
        report(
            seed,
            outcome.world(),
            outcome.events().size(),
            minimal,
            again != null ? again : found));
  }
}
