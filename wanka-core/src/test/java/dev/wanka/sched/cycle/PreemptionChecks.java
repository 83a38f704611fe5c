package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.CheckedRun.WHOLE;
import static dev.wanka.sched.cycle.CheckedRun.straddledGroup;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.SchedulerEvents.RunCycle;
import dev.wanka.sched.cycle.SchedulerPropertyTest.Law;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.quota.AdmissionDecision;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.workload.AcceleratorChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * P5, priority and preemption: the checks of a {@link CheckedRun} after every cycle, and at a
 * fixpoint.
 */
final class PreemptionChecks {
  private PreemptionChecks() {}

  /**
   * Whether P5 counts low-priority shares as victims too (the brief's "all running, preemptible,
   * lower-priority allocations"); the scheduler never preempts shares.
   */
  static final boolean PREEMPT_SHARES = true;

  // ---- P5 ----

  static void checkPreemption(CheckedRun run, RunCycle event) {
    long now = event.now();
    for (Eviction eviction : run.s.evictions()) {
      if (eviction.deadlineSeconds() <= now) {
        run.violate(
            Law.PREEMPTION,
            "grace",
            event,
            eviction.victim()
                + " still runs after a cycle at "
                + now
                + ", past its deadline "
                + eviction.deadlineSeconds());
      }
      Optional<Allocation> running = run.s.allocationOf(eviction.victim().id());
      if (running.isEmpty() || !running.get().equals(eviction.victim())) {
        run.violate(
            Law.PREEMPTION,
            "ghost-victim",
            event,
            eviction.victim() + " is a victim but not running");
      }
    }
    Set<GangId> evicting = new HashSet<>();
    Set<GangId> waiting = new HashSet<>();
    for (Eviction eviction : run.s.evictions()) {
      evicting.add(eviction.victim().id());
      waiting.add(eviction.preemptor());
    }
    for (Map.Entry<GangId, PendingReason> entry : run.last.pending().entrySet()) {
      if (entry.getValue().code() == ReasonCode.PREEMPTING && !waiting.contains(entry.getKey())) {
        run.violate(
            Law.PREEMPTION,
            "preempting-nothing",
            event,
            entry.getKey()
                + " is PREEMPTING ("
                + entry.getValue().message()
                + ") but no victim of it is in its grace period");
      }
    }
    Set<GangId> pendingIds = new HashSet<>();
    for (Gang gang : run.s.pending()) {
      pendingIds.add(gang.id());
    }
    for (Reservation reservation : run.last.reservations()) {
      if (!pendingIds.contains(reservation.gang())) {
        run.violate(
            Law.PREEMPTION,
            "stale-reservation",
            event,
            "the cycle reports reservation "
                + reservation
                + (reservation.preemptor() ? " (preemptor)" : "")
                + ", but "
                + reservation.gang()
                + " is not pending");
      }
    }
    for (Eviction eviction : run.last.preempted()) {
      String pair = eviction.victim().id() + " for " + eviction.preemptor();
      String reverse = eviction.preemptor() + " for " + eviction.victim().id();
      if (run.preemptions.contains(reverse)) {
        run.violate(
            Law.PREEMPTION,
            "ping-pong",
            event,
            eviction.preemptor()
                + " preempts "
                + eviction.victim().id()
                + " ("
                + eviction.reason()
                + "), which earlier preempted it");
      }
      run.preemptions.add(pair);
    }
    // a fixpoint: a second cycle at the same time that changed nothing (a cycle that still
    // preempted or started work judged some gangs on a state it then changed)
    if (run.previous instanceof RunCycle
        && ((RunCycle) run.previous).now() == now
        && run.last.started().isEmpty()
        && run.last.preempted().isEmpty()
        && run.last.evicted().isEmpty()) {
      checkFixpoint(run, event, evicting, waiting);
    }
  }

  /**
   * After two cycles at the same time, the second deciding nothing: no gang pending with a reason
   * (other than one waiting for its own victims; shares, which are placed differently, are left
   * out) would fit, for any candidate (accepted type x pool x size), if every running, preemptible,
   * lower-priority allocation in that pool that is not already evicting stopped — those of the
   * gang's own queue, and those of another queue when all of them fit within what that queue
   * borrows (priority never pushes another queue below its guarantee): their devices on UP nodes
   * freed on a copy of the free capacity, their quota on a copy of the quota ledger. Where the
   * brief is read narrowly, on purpose: victims are taken per pool as the scheduler plans them;
   * devices of other gangs' reservations stay unusable (the backfill permit protects them) and the
   * gang's own EASY hold is given back to it; a placement the tensor-parallel permit refuses does
   * not count (P7 covers it). Shares count as victims ({@link #PREEMPT_SHARES}), reported under
   * their own tag.
   */
  static void checkFixpoint(
      CheckedRun run, RunCycle event, Set<GangId> evicting, Set<GangId> waiting) {
    Map<GangId, Gang> pending = new TreeMap<>();
    for (Gang gang : run.s.pending()) {
      pending.put(gang.id(), gang);
    }
    for (Map.Entry<GangId, PendingReason> entry : run.last.pending().entrySet()) {
      GangId id = entry.getKey();
      Gang gang = pending.get(id);
      if (gang == null || waiting.contains(id) || gang.isShare() || !gang.needsDevices()) {
        continue;
      }
      run.fixpointPending++;
      for (AcceleratorChoice choice : gang.accelerators()) {
        for (int pool = 0; pool < run.cluster.pools().size(); pool++) {
          if (!run.cluster.pools().get(pool).accelerator().id().equals(choice.acceleratorId())) {
            continue;
          }
          for (int size : gang.sizes()) {
            Candidate candidate = new Candidate(gang, pool, choice.acceleratorId(), size);
            if (DevicePlacer.neverFits(run.cluster, candidate).isPresent()) {
              continue;
            }
            List<Allocation> lower = new ArrayList<>();
            Map<String, Long> lowerByQueue = new TreeMap<>();
            for (Allocation a : run.s.running()) {
              if (a.pool() == pool
                  && a.gang().isPreemptible()
                  && a.gang().priority() < gang.priority()
                  && !evicting.contains(a.id())) {
                lower.add(a);
                lowerByQueue.merge(a.gang().queue(), a.quotaDevices(), Long::sum);
              }
            }
            // priority never pushes another queue below its guarantee: other queues' gangs
            // count only where all of that queue's candidates fit in what it borrows
            List<Allocation> victims = new ArrayList<>();
            List<Allocation> wholeVictims = new ArrayList<>();
            for (Allocation a : lower) {
              String queue = a.gang().queue();
              if (queue.equals(gang.queue())
                  || lowerByQueue.get(queue) <= run.s.quota().borrowed(queue, a.acceleratorId())) {
                victims.add(a);
                if (a.milliPerDevice() >= WHOLE) {
                  wholeVictims.add(a);
                }
              }
            }
            Optional<int[]> fit = fitsWithout(run, candidate, wholeVictims);
            if (fit.isPresent()) {
              // the devices it would get are free already: only quota stops it
              boolean quotaOnly = fitsWithout(run, candidate, wholeVictims, false).isPresent();
              run.violate(
                  Law.PREEMPTION,
                  quotaOnly ? "could-run-blocked-by-quota" : "could-run",
                  event,
                  couldRun(entry, candidate, fit.get(), wholeVictims)
                      + (quotaOnly
                          ? "; the devices are free already, only the victims' quota is needed"
                          : ""));
            }
            if (PREEMPT_SHARES && wholeVictims.size() < victims.size()) {
              fit = fitsWithout(run, candidate, victims);
              if (fit.isPresent()) {
                run.violate(
                    Law.PREEMPTION,
                    "could-run-by-preempting-shares",
                    event,
                    couldRun(entry, candidate, fit.get(), victims));
              }
            }
          }
        }
      }
    }
  }

  private static String couldRun(
      Map.Entry<GangId, PendingReason> entry,
      Candidate candidate,
      int[] devices,
      List<Allocation> victims) {
    return entry.getKey()
        + " (priority "
        + candidate.gang().priority()
        + ") is pending with "
        + entry.getValue().code()
        + " \""
        + entry.getValue().message()
        + "\", but "
        + candidate
        + " fits on devices "
        + Arrays.toString(devices)
        + " once these lower-priority preemptible gangs stop: "
        + victims;
  }

  /**
   * The devices the candidate would get, quota permitting, if the victims stopped; empty when it
   * would not fit or the tensor-parallel permit would refuse the placement.
   */
  private static Optional<int[]> fitsWithout(
      CheckedRun run, Candidate candidate, List<Allocation> victims) {
    return fitsWithout(run, candidate, victims, true);
  }

  /** As above; with {@code devices} false the victims give back only their quota. */
  private static Optional<int[]> fitsWithout(
      CheckedRun run, Candidate candidate, List<Allocation> victims, boolean devices) {
    DeviceLedger ledger = run.s.devices();
    GangId id = candidate.gang().id();
    FreeCapacity free = ledger.free().copy();
    for (Reservation reservation : run.last.reservations()) {
      if (reservation.gang().equals(id) && !reservation.preemptor()) {
        for (int d : reservation.devices()) {
          if (ledger.isHeld(d)) {
            free.release(d);
          }
        }
      }
    }
    QuotaLedger quota = run.s.quota().copy();
    Map<Integer, Integer> sharesFreed = new TreeMap<>();
    for (Allocation a : victims) {
      quota.release(a.gang().queue(), a.acceleratorId(), a.quotaDevices());
      for (int d : a.devices()) {
        if (!devices
            || ledger.nodeState(run.cluster.nodeOf(d)) != NodeState.UP
            || ledger.deviceState(d) != NodeState.UP) {
          continue;
        }
        if (a.milliPerDevice() >= WHOLE) {
          if (!free.isFree(d)) {
            free.release(d);
          }
        } else {
          sharesFreed.merge(d, a.milliPerDevice(), Integer::sum);
        }
      }
    }
    for (Map.Entry<Integer, Integer> shares : sharesFreed.entrySet()) {
      int d = shares.getKey();
      if (shares.getValue() == ledger.shareUsedMilli(d) && !free.isFree(d)) {
        free.release(d);
      }
    }
    for (Reservation reservation : run.last.reservations()) {
      if (!reservation.gang().equals(id)) {
        for (int d : reservation.devices()) {
          if (free.isFree(d)) {
            free.take(d);
          }
        }
      }
    }
    AdmissionDecision admission =
        quota.canAdmit(candidate.gang().queue(), candidate.acceleratorId(), candidate.devices());
    if (!admission.allowed() || admission.borrows() && !candidate.gang().isPreemptible()) {
      // a non-preemptible gang may not borrow: it could not give the devices back
      return Optional.empty();
    }
    var placement = DevicePlacer.place(free, candidate);
    if (placement.isEmpty()
        || straddledGroup(run.cluster, candidate.gang(), placement.get().devices()) >= 0) {
      // a placement the tensor-parallel permit refuses: the placer offers no other, and
      // that the gang could fit elsewhere is the idle-pool law's business (P7)
      return Optional.empty();
    }
    return Optional.of(placement.get().devices());
  }
}
