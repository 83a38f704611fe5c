package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.Reservation;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The decisions of one cycle, for the driver to carry out: gangs to start on their devices, gangs
 * to tell to stop (with their grace deadline), gangs whose grace ran out and whose devices were
 * taken back (they are pending again), the reservations standing, and why every pending gang is
 * still pending.
 */
public record CycleResult(
    long nowSeconds,
    List<Allocation> started,
    List<Eviction> preempted,
    List<Allocation> evicted,
    List<Reservation> reservations,
    SortedMap<GangId, PendingReason> pending) {
  public CycleResult {
    started = List.copyOf(started);
    preempted = List.copyOf(preempted);
    evicted = List.copyOf(evicted);
    reservations = List.copyOf(reservations);
    pending = Collections.unmodifiableSortedMap(new TreeMap<>(pending));
  }

  public PendingReason reasonFor(GangId gang) {
    return pending.get(gang);
  }
}
