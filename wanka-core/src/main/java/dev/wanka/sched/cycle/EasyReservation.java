package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.GangId;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.workload.DeviceAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EASY backfill reservation for the head-of-line gang (Lifka, "The ANL/IBM SP scheduling
 * system", 1995; Mu'alem and Feitelson, 2001): on a what-if copy of the free capacity, running
 * gangs of its pool are ended in the order of their expected end (a victim's at its grace deadline)
 * until the gang fits; that time is the reservation's start and the devices it would get there are
 * reserved. Gangs without an estimated run time never end in this picture, so a pool full of them
 * gives no reservation.
 */
final class EasyReservation {
  private EasyReservation() {}

  static Optional<Reservation> plan(
      Candidate candidate,
      DeviceLedger ledger,
      Collection<Allocation> running,
      Map<GangId, Eviction> victims,
      long now) {
    List<long[]> ends = new ArrayList<>();
    List<Allocation> ending = new ArrayList<>();
    for (Allocation allocation : running) {
      if (allocation.pool() != candidate.pool()
          || allocation.milliPerDevice() < DeviceAmount.MILLI) {
        continue;
      }
      long end = allocation.estimatedEndSeconds().orElse(Long.MAX_VALUE);
      Eviction eviction = victims.get(allocation.id());
      if (eviction != null) {
        end = Math.min(end, eviction.deadlineSeconds());
      }
      if (end != Long.MAX_VALUE) {
        ends.add(new long[] {Math.max(now, end), ending.size()});
        ending.add(allocation);
      }
    }
    ends.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
    FreeCapacity free = ledger.free().copy();
    for (int i = 0; i < ends.size(); i++) {
      long at = ends.get(i)[0];
      end(ending.get((int) ends.get(i)[1]), ledger, free);
      while (i + 1 < ends.size() && ends.get(i + 1)[0] == at) {
        i++;
        end(ending.get((int) ends.get(i)[1]), ledger, free);
      }
      Optional<Placement> placement = DevicePlacer.place(free, candidate);
      if (placement.isPresent()) {
        return Optional.of(new Reservation(candidate, placement.get().devices(), at, false));
      }
    }
    return Optional.empty();
  }

  private static void end(Allocation allocation, DeviceLedger ledger, FreeCapacity free) {
    for (int device : allocation.devices()) {
      if (ledger.isSchedulable(device) && !ledger.isHeld(device) && !free.isFree(device)) {
        free.release(device);
      }
    }
  }
}
