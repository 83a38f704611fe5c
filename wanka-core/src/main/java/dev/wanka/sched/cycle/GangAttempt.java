package dev.wanka.sched.cycle;

import dev.wanka.sched.Gang;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.CycleView;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.plugin.Filter;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.plugin.Scores;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.AcceleratorChoice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One gang's pass through the extension points: for every candidate (accepted type x pool x size,
 * in the user's order of preference, largest size first) the filters, the placement, the permits
 * and the scores; the best-scoring placement wins. When none is found it says why, from the
 * candidate that got furthest.
 */
final class GangAttempt {
  /** A placement that passed every filter and permit, with its total score. */
  record Chosen(Candidate candidate, Placement placement, double score) {}

  /**
   * What the attempt found.
   *
   * @param chosen the winning placement, if any
   * @param blocked candidates that passed the filters but found too few free devices (they may get
   *     a reservation)
   * @param fitting candidates their pool could ever hold (quota or free devices permitting), for
   *     preemption
   * @param reason why nothing was chosen (meaningless when something was)
   */
  record Outcome(
      Optional<Chosen> chosen,
      List<Candidate> blocked,
      List<Candidate> fitting,
      PendingReason reason) {}

  private GangAttempt() {}

  static List<Candidate> candidates(Gang gang, Cluster cluster) {
    List<Candidate> candidates = new ArrayList<>();
    for (AcceleratorChoice choice : gang.accelerators()) {
      for (int pool = 0; pool < cluster.pools().size(); pool++) {
        PoolSpec spec = cluster.pools().get(pool);
        if (spec.accelerator().id().equals(choice.acceleratorId())) {
          for (int size : gang.sizes()) {
            candidates.add(new Candidate(gang, pool, choice.acceleratorId(), size));
          }
        }
      }
    }
    return candidates;
  }

  static Outcome evaluate(Gang gang, CycleView view, SchedulerPolicy policy) {
    List<Candidate> candidates = candidates(gang, view.cluster());
    if (candidates.isEmpty()) {
      return new Outcome(Optional.empty(), List.of(), List.of(), noAccelerator(gang, view));
    }
    Chosen best = null;
    List<Candidate> blocked = new ArrayList<>();
    List<Candidate> fitting = new ArrayList<>();
    ReasonCode furthest = null;
    Set<String> messages = new LinkedHashSet<>();
    int placedPool = -1;
    for (Candidate candidate : candidates) {
      if (candidate.pool() == placedPool) {
        continue; // a smaller elastic size in a pool where a larger one was placed
      }
      Rejection rejection = null;
      for (Filter filter : policy.filters()) {
        Optional<String> why = filter.reject(candidate, view);
        if (why.isPresent()) {
          rejection = new Rejection(filter.code(), why.get());
          break;
        }
      }
      if (rejection == null || rejection.code != ReasonCode.NEVER_FITS) {
        fitting.add(candidate);
      }
      Optional<Placement> placement = Optional.empty();
      if (rejection == null) {
        placement =
            DevicePlacer.fitsOnOneNode(view.cluster(), candidate)
                ? policy.nodePacking().place(candidate, view)
                : DevicePlacer.place(view.devices().free(), candidate);
        if (placement.isEmpty()) {
          blocked.add(candidate);
          rejection =
              new Rejection(
                  ReasonCode.NO_FREE_DEVICES,
                  DevicePlacer.explain(view.devices().free(), candidate)
                      + quotaNote(candidate, view));
        }
      }
      if (rejection == null) {
        Optional<String> why = view.permitDenial(candidate, placement.get());
        if (why.isPresent()) {
          rejection = new Rejection(ReasonCode.NOT_PERMITTED, why.get());
        }
      }
      if (rejection != null) {
        if (furthest == null || stage(rejection.code) > stage(furthest)) {
          furthest = rejection.code;
          messages.clear();
        }
        if (rejection.code == furthest) {
          messages.add(prefix(candidate, candidates) + rejection.message);
        }
        continue;
      }
      placedPool = candidate.pool();
      double score = 0;
      for (Scores.Weighted weighted : policy.scores()) {
        score += weighted.weight() * weighted.score().score(candidate, placement.get(), view);
      }
      if (best == null || score > best.score() + 1e-12) {
        best = new Chosen(candidate, placement.get(), score);
      }
    }
    PendingReason reason =
        best != null ? null : new PendingReason(furthest, String.join("; ", messages));
    return new Outcome(Optional.ofNullable(best), blocked, fitting, reason);
  }

  private record Rejection(ReasonCode code, String message) {}

  /** How far a candidate got: later stages make the more useful reason. */
  private static int stage(ReasonCode code) {
    switch (code) {
      case NEVER_FITS:
        return 0;
      case QUOTA:
        return 1;
      case NO_FREE_DEVICES:
        return 2;
      default:
        return 3;
    }
  }

  /** With several candidates, each reason says which type (and size) it is about. */
  private static String prefix(Candidate candidate, List<Candidate> all) {
    boolean oneType =
        all.stream().allMatch(c -> c.acceleratorId().equals(candidate.acceleratorId()));
    boolean oneSize = candidate.gang().sizes().size() == 1;
    List<String> parts = new ArrayList<>();
    if (!oneType) {
      parts.add(candidate.acceleratorId());
    }
    if (!oneSize) {
      parts.add(candidate.devices() + " devices");
    }
    return parts.isEmpty() ? "" : String.join(", ", parts) + ": ";
  }

  /** How much of its quota the gang's queue uses, when it has a limit for the type. */
  private static String quotaNote(Candidate candidate, CycleView view) {
    var tree = view.quota().tree();
    String queue = candidate.gang().queue();
    long max = tree.max(tree.indexOf(queue), candidate.acceleratorId());
    if (max <= 0) {
      return "";
    }
    long used = view.quota().used(queue, candidate.acceleratorId());
    return "; queue "
        + queue
        + " uses "
        + Math.round(100.0 * used / max)
        + "% of its "
        + candidate.acceleratorId()
        + " quota ("
        + used
        + " of "
        + max
        + ")";
  }

  private static PendingReason noAccelerator(Gang gang, CycleView view) {
    List<String> accepted =
        gang.accelerators().stream().map(AcceleratorChoice::acceleratorId).toList();
    List<String> present =
        view.cluster().pools().stream().map(p -> p.accelerator().id()).distinct().toList();
    return new PendingReason(
        ReasonCode.NO_ACCELERATOR,
        "accepts "
            + String.join(", ", accepted)
            + "; cluster "
            + view.cluster().name()
            + " has only "
            + String.join(", ", present));
  }
}
