package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.workload.DeviceAmount;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as it would be if some running gangs stopped: copies of the free capacity
 * (O(cluster)) and the quota ledger, changed as victims are stopped. A shared device comes free
 * only when every share on it has stopped; devices on nodes that are not UP, or promised to another
 * gang's reservation, never come free.
 */
final class WhatIf {
  private final CycleView view;
  private final FreeCapacity free;
  private final QuotaLedger quota;
  private final Map<Integer, Integer> sharesLeft = new HashMap<>();

  /** Devices other gangs' reservations hold: stopping their user does not free them here. */
  private final BitSet reservedForOthers = new BitSet();

  /**
   * The cluster now. Victims in their grace period have given their quota to their preemptors
   * already; their devices stay taken, promised to those preemptors.
   */
  WhatIf(CycleView view, Candidate candidate) {
    this.view = view;
    this.free = view.devices().free().copy();
    this.quota = view.quota().copy();
    for (Reservation reservation : view.reservations()) {
      if (!reservation.gang().equals(candidate.gang().id())) {
        for (int device : reservation.devices()) {
          reservedForOthers.set(device);
        }
      }
    }
  }

  void stop(Allocation victim) {
    DeviceLedger ledger = view.devices();
    for (int device : victim.devices()) {
      if (victim.milliPerDevice() < DeviceAmount.MILLI) {
        int left =
            sharesLeft.getOrDefault(device, ledger.shareUsedMilli(device))
                - victim.milliPerDevice();
        sharesLeft.put(device, left);
        if (left > 0) {
          continue;
        }
      }
      if (ledger.isSchedulable(device)
          && !ledger.isHeld(device)
          && !reservedForOthers.get(device)
          && !free.isFree(device)) {
        free.release(device);
      }
    }
    if (!victim.isHostOnly()) {
      quota.release(victim.gang().queue(), victim.acceleratorId(), victim.quotaDevices());
    }
  }

  /** Whether the candidate's quota admits it and it has a placement every permit allows. */
  boolean fits(Candidate candidate) {
    if (Filters.quotaDenial(quota, candidate).isPresent()) {
      return false;
    }
    Optional<Placement> placement = DevicePlacer.place(free, candidate);
    return placement.isPresent() && view.permitDenial(candidate, placement.get()).isEmpty();
  }
}
