package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Finds the cheapest set of victims among {@code eligible} whose stopping lets a candidate run: its
 * quota admits it, its topology fits the devices they free and the cycle's permits allow the
 * placement (all checked on a {@link WhatIf} copy). When the devices are already free, victims are
 * needed for quota alone and are taken cheapest first from anywhere. A victim that would make the
 * set unacceptable to the policy (taking more from a queue than it borrows) is passed over; any
 * subset of an acceptable set is acceptable, so pruning keeps it so. Victims cost the work they
 * would lose (devices times seconds since their last checkpoint), then their size, priority and
 * age. Candidates for the victims are grouped by the tier the gang must fit in (one leaf, one
 * spine...), so the victims all come from one group that can actually hold it; the few
 * cheapest-looking groups are tried, and the set found is pruned of victims it does not need.
 */
final class VictimSearch {
  /** Groups tried per search: each try copies the free capacity, O(cluster). */
  static final int GROUPS_TRIED = 8;

  /** Sets larger than this are not pruned (each prune step is another copy). */
  static final int MAX_PRUNED = 64;

  private VictimSearch() {}

  static Comparator<Allocation> cheapestFirst(long now) {
    return Comparator.comparingDouble((Allocation a) -> lostDeviceSeconds(a, now))
        .thenComparingInt(Allocation::size)
        .thenComparingInt(a -> a.gang().priority())
        .thenComparingLong(a -> -a.startSeconds())
        .thenComparing(Allocation::id);
  }

  static double lostDeviceSeconds(Allocation allocation, long now) {
    return allocation.devicesHeld() * allocation.workAtRiskSeconds(now);
  }

  static Optional<List<Allocation>> find(
      Candidate candidate,
      CycleView view,
      List<Allocation> eligible,
      Predicate<List<Allocation>> acceptable) {
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    Comparator<Allocation> cost = cheapestFirst(view.now());
    if (DevicePlacer.place(view.devices().free(), candidate).isPresent()) {
      // the devices are there: the victims are needed for quota (or a permit) alone
      List<Allocation> byCost = new ArrayList<>(eligible);
      byCost.sort(cost);
      return enough(candidate, view, byCost, acceptable)
          .map(found -> prune(candidate, view, found));
    }
    Cluster cluster = view.cluster();
    Tier scope = candidate.gang().widest();
    TreeMap<Integer, List<Allocation>> byGroup = new TreeMap<>();
    for (Allocation victim : eligible) {
      int[] devices = victim.devices();
      int lastGroup = Integer.MIN_VALUE;
      for (int device : devices) {
        int group = groupOf(cluster, scope, device);
        if (group != lastGroup) {
          List<Allocation> members = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
          if (members.isEmpty() || members.get(members.size() - 1) != victim) {
            members.add(victim);
          }
          lastGroup = group;
        }
      }
    }
    List<Integer> groups = promisingGroups(candidate, view, byGroup, cost);
    List<Allocation> best = null;
    double bestCost = Double.MAX_VALUE;
    List<Allocation> byCost = new ArrayList<>(eligible);
    byCost.sort(cost);
    for (int group : groups) {
      // the group's victims make room for the devices; the others may still be needed for quota
      List<Allocation> victims = byGroup.get(group);
      victims.sort(cost);
      Set<Allocation> inGroup = Collections.newSetFromMap(new IdentityHashMap<>());
      inGroup.addAll(victims);
      for (Allocation other : byCost) {
        if (!inGroup.contains(other)) {
          victims.add(other);
        }
      }
      Optional<List<Allocation>> found = enough(candidate, view, victims, acceptable);
      if (found.isPresent()) {
        List<Allocation> pruned = prune(candidate, view, found.get());
        double total = 0;
        for (Allocation victim : pruned) {
          total += lostDeviceSeconds(victim, view.now());
        }
        if (best == null || total < bestCost) {
          best = pruned;
          bestCost = total;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The groups whose free devices plus their victims' devices could hold the gang, ordered by the
   * cost of the cheapest victims that would cover the shortfall by count; the first few.
   */
  private static List<Integer> promisingGroups(
      Candidate candidate,
      CycleView view,
      TreeMap<Integer, List<Allocation>> byGroup,
      Comparator<Allocation> cost) {
    List<double[]> scored = new ArrayList<>();
    for (var entry : byGroup.entrySet()) {
      int group = entry.getKey();
      int free = freeIn(view, candidate, group);
      int shortfall = candidate.devices() - free;
      List<Allocation> victims = new ArrayList<>(entry.getValue());
      victims.sort(cost);
      double total = 0;
      for (Allocation victim : victims) {
        if (shortfall <= 0) {
          break;
        }
        shortfall -= victim.size();
        total += lostDeviceSeconds(victim, view.now());
      }
      if (shortfall <= 0) {
        scored.add(new double[] {total, group});
      }
    }
    scored.sort(Comparator.comparingDouble((double[] s) -> s[0]).thenComparingDouble(s -> s[1]));
    List<Integer> groups = new ArrayList<>();
    for (int i = 0; i < Math.min(GROUPS_TRIED, scored.size()); i++) {
      groups.add((int) scored.get(i)[1]);
    }
    return groups;
  }

  /** Victims in cost order until the candidate fits, or empty if even all of them do not do. */
  private static Optional<List<Allocation>> enough(
      Candidate candidate,
      CycleView view,
      List<Allocation> victims,
      Predicate<List<Allocation>> acceptable) {
    WhatIf whatIf = new WhatIf(view, candidate);
    List<Allocation> chosen = new ArrayList<>();
    for (Allocation victim : victims) {
      chosen.add(victim);
      if (!acceptable.test(chosen)) {
        chosen.remove(chosen.size() - 1);
        continue;
      }
      whatIf.stop(victim);
      if (whatIf.fits(candidate)) {
        return Optional.of(chosen);
      }
    }
    return Optional.empty();
  }

  /** Drops victims, most costly first, while the rest still make room. */
  private static List<Allocation> prune(
      Candidate candidate, CycleView view, List<Allocation> victims) {
    if (victims.size() <= 1 || victims.size() > MAX_PRUNED) {
      return victims;
    }
    List<Allocation> kept = new ArrayList<>(victims);
    for (int i = kept.size() - 1; i >= 0 && kept.size() > 1; i--) {
      List<Allocation> without = new ArrayList<>(kept);
      without.remove(i);
      WhatIf whatIf = new WhatIf(view, candidate);
      without.forEach(whatIf::stop);
      if (whatIf.fits(candidate)) {
        kept = without;
      }
    }
    return kept;
  }

  private static int groupOf(Cluster cluster, Tier scope, int device) {
    switch (scope) {
      case NODE:
        return cluster.nodeOf(device);
      case SCALE_UP_DOMAIN:
        return cluster.domainOf(device);
      case LEAF:
        return cluster.leafGroupOf(device);
      case SPINE:
        return cluster.spineGroupOf(device);
      default:
        return 0;
    }
  }

  private static int freeIn(CycleView view, Candidate candidate, int group) {
    FreeCapacity free = view.devices().free();
    switch (candidate.gang().widest()) {
      case NODE:
        return free.freeOnNode(group);
      case SCALE_UP_DOMAIN:
        return free.freeInDomain(group);
      case LEAF:
        return free.freeInLeafGroup(group);
      case SPINE:
        return free.freeInSpineGroup(candidate.pool(), group);
      default:
        return free.freeInPool(candidate.pool());
    }
  }
}
