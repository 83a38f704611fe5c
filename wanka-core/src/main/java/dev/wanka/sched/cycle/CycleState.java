package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.placement.Placement;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.CycleView;
import dev.wanka.sched.plugin.Permit;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.quota.DominantResourceFairness;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@link CycleView} of one cycle: the scheduler's live state, plus summaries of the running
 * work that some plugins need (attained service, dominant shares, running gangs per pool), each
 * computed at most once per cycle and only when a plugin asks, as of the start of the cycle.
 */
final class CycleState implements CycleView {
  private final long now;
  private final DeviceLedger ledger;
  private final QuotaLedger quota;
  private final Collection<Gang> pending;
  private final Map<GangId, Allocation> running;
  private final List<Permit> permits;
  private final Set<GangId> victims;
  private final List<Reservation> reservations;
  private final Map<WorkloadId, Double> attainedBefore;
  private final SplittableRandom random;
  private final Map<String, Object> memos = new HashMap<>();

  CycleState(
      long now,
      DeviceLedger ledger,
      QuotaLedger quota,
      Collection<Gang> pending,
      Map<GangId, Allocation> running,
      List<Permit> permits,
      Set<GangId> victims,
      List<Reservation> reservations,
      Map<WorkloadId, Double> attainedBefore,
      SplittableRandom random) {
    this.now = now;
    this.ledger = ledger;
    this.quota = quota;
    this.pending = pending;
    this.running = running;
    this.permits = permits;
    this.victims = victims;
    this.reservations = reservations;
    this.attainedBefore = attainedBefore;
    this.random = random;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public Cluster cluster() {
    return ledger.cluster();
  }

  @Override
  public DeviceLedger devices() {
    return ledger;
  }

  @Override
  public QuotaLedger quota() {
    return quota;
  }

  @Override
  public Collection<Gang> pending() {
    return pending;
  }

  @Override
  public Collection<Allocation> running() {
    return running.values();
  }

  @Override
  public boolean isRunning(Allocation allocation) {
    return running.get(allocation.id()) == allocation;
  }

  @Override
  public Optional<String> permitDenial(Candidate candidate, Placement placement) {
    for (Permit permit : permits) {
      Optional<String> why = permit.deny(candidate, placement, this);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  @Override
  public SplittableRandom random() {
    return random;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T memo(String key, Supplier<T> compute) {
    Object value = memos.get(key);
    if (value == null) {
      value = compute.get();
      memos.put(key, value);
    }
    return (T) value;
  }

  @Override
  public List<Allocation> runningIn(int pool) {
    List<List<Allocation>> byPool = memo("cycle.runningByPool", this::runningByPool);
    return byPool.get(pool);
  }

  private List<List<Allocation>> runningByPool() {
    List<List<Allocation>> byPool = new ArrayList<>();
    for (int pool = 0; pool < cluster().pools().size(); pool++) {
      byPool.add(new ArrayList<>());
    }
    for (Allocation allocation : running.values()) {
      byPool.get(allocation.pool()).add(allocation);
    }
    for (List<Allocation> inPool : byPool) {
      inPool.sort(
          Comparator.comparingInt((Allocation a) -> a.gang().priority())
              .thenComparingLong(a -> -a.startSeconds())
              .thenComparing(Allocation::id));
    }
    return byPool;
  }

  @Override
  public Set<GangId> victims() {
    return victims;
  }

  @Override
  public List<Reservation> reservations() {
    return reservations;
  }

  @Override
  public double attainedDeviceSeconds(GangId gang) {
    Map<WorkloadId, Double> attained = memo("cycle.attained", this::attained);
    return attained.getOrDefault(gang.workload(), 0.0);
  }

  private Map<WorkloadId, Double> attained() {
    Map<WorkloadId, Double> attained = new HashMap<>(attainedBefore);
    for (Allocation allocation : running.values()) {
      attained.merge(allocation.id().workload(), AttainedService.of(allocation, now), Double::sum);
    }
    return attained;
  }

  @Override
  public double dominantShare(String tenant) {
    Map<String, Double> shares = memo("cycle.dominantShares", this::dominantShares);
    return shares.getOrDefault(tenant, 0.0);
  }

  private Map<String, Double> dominantShares() {
    Map<String, Map<String, Long>> usage = new TreeMap<>();
    for (Allocation allocation : running.values()) {
      if (!allocation.isHostOnly()) {
        usage
            .computeIfAbsent(allocation.gang().tenant(), t -> new TreeMap<>())
            .merge(allocation.acceleratorId(), allocation.quotaDevices(), Long::sum);
      }
    }
    Map<String, Long> capacity = new TreeMap<>();
    for (PoolSpec pool : cluster().pools()) {
      capacity.merge(pool.accelerator().id(), (long) pool.devices(), Long::sum);
    }
    DominantResourceFairness drf = new DominantResourceFairness(capacity);
    Map<String, Double> shares = new HashMap<>();
    usage.forEach((tenant, used) -> shares.put(tenant, drf.share(tenant, used).dominantShare()));
    return shares;
  }
}
