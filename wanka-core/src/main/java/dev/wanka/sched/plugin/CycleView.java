package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.topology.Cluster;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** What a plugin may read during one scheduling cycle. Plugins never change it. */
public interface CycleView {
  /** The cycle's time, in seconds on the driver's clock. */
  long now();

  Cluster cluster();

  DeviceLedger devices();

  QuotaLedger quota();

  /** Every pending gang, by id. */
  Collection<Gang> pending();

  /**
   * The cycle's source of randomness: seeded once per scheduler, drawn in a fixed order, so the
   * same inputs give the same decisions.
   */
  SplittableRandom random();

  /**
   * A value computed at most once per cycle (for plugins that need a summary of the queue, such as
   * FGD's typical pods).
   */
  <T> T memo(String key, Supplier<T> compute);

  /** Whether this allocation is still running (not stopped earlier in the cycle). */
  boolean isRunning(Allocation allocation);

  /** Why the cycle's permits refuse this placement, or empty when they all allow it. */
  Optional<String> permitDenial(Candidate candidate, Placement placement);

  /** Every running allocation, in the order they started. */
  Collection<Allocation> running();

  /**
   * The gangs running in one pool at the start of the cycle, lowest priority first (then the most
   * recently started first).
   */
  List<Allocation> runningIn(int pool);

  /** Running gangs already chosen as preemption victims (in their grace period). */
  Set<GangId> victims();

  /** The reservations standing in this cycle. */
  List<Reservation> reservations();

  /** Device-seconds a workload has received so far, for least-attained-service ordering. */
  double attainedDeviceSeconds(GangId gang);

  /** A tenant's dominant share of the cluster's devices (DRF), from 0 to 1. */
  double dominantShare(String tenant);
}
