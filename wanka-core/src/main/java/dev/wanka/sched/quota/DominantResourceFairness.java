package dev.wanka.sched.quota;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI'11) between tenants. A tenant's dominant share is
 * the maximum over resources of its usage divided by the cluster's capacity of that resource; with
 * weights, the share is divided by the tenant's weight. The tenant with the lowest (weighted)
 * dominant share is served first; ties go by tenant name. Resources are named by strings
 * (accelerator catalog ids, {@code cpu}, {@code memory-gb}, ...) and counted in whole units.
 */
public final class DominantResourceFairness {
  private final Map<String, Long> capacity;

  /** Capacity per resource; every amount must be positive. */
  public DominantResourceFairness(Map<String, Long> capacity) {
    if (capacity.isEmpty()) {
      throw new IllegalArgumentException("DRF needs the capacity of at least one resource");
    }
    capacity.forEach(
        (resource, amount) -> {
          if (amount == null || amount <= 0) {
            throw new IllegalArgumentException(
                "capacity of '" + resource + "' is " + amount + "; allowed: a positive amount");
          }
        });
    this.capacity = Map.copyOf(new TreeMap<>(capacity));
  }

  public Map<String, Long> capacity() {
    return capacity;
  }

  /** The dominant share of one tenant's usage, with weight 1. */
  public TenantShare share(String tenant, Map<String, Long> usage) {
    return share(tenant, usage, 1.0);
  }

  /** The dominant share of one tenant's usage and its weight (positive). */
  public TenantShare share(String tenant, Map<String, Long> usage, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of tenant '" + tenant + "' is " + weight + "; allowed: a positive number");
    }
    String dominant = "";
    double best = 0;
    for (Map.Entry<String, Long> e : new TreeMap<>(usage).entrySet()) {
      Long cap = capacity.get(e.getKey());
      if (cap == null) {
        if (e.getValue() != 0) {
          throw new IllegalArgumentException(
              "tenant '"
                  + tenant
                  + "' uses resource '"
                  + e.getKey()
                  + "' which has no capacity; known: "
                  + String.join(", ", new TreeMap<>(capacity).keySet()));
        }
        continue;
      }
      double s = (double) e.getValue() / cap;
      if (s > best || dominant.isEmpty()) {
        best = s;
        dominant = e.getKey();
      }
    }
    return new TenantShare(tenant, dominant, best, weight);
  }

  /**
   * Tenants by ascending weighted dominant share, ties by name; a tenant missing from {@code
   * weights} has weight 1.
   */
  public List<TenantShare> order(
      Map<String, Map<String, Long>> usageByTenant, Map<String, Double> weights) {
    List<TenantShare> shares = new ArrayList<>();
    for (Map.Entry<String, Map<String, Long>> e : new TreeMap<>(usageByTenant).entrySet()) {
      shares.add(share(e.getKey(), e.getValue(), weights.getOrDefault(e.getKey(), 1.0)));
    }
    shares.sort(
        Comparator.comparingDouble(TenantShare::weightedShare).thenComparing(TenantShare::tenant));
    return List.copyOf(shares);
  }

  /** {@link #order(Map, Map)} with every weight 1. */
  public List<TenantShare> order(Map<String, Map<String, Long>> usageByTenant) {
    return order(usageByTenant, Map.of());
  }

  /**
   * Progressive filling, the paper's Algorithm 1: repeatedly launch one task of the tenant with the
   * lowest weighted dominant share whose next task still fits, until none fits. Returns tasks
   * launched per tenant, in tenant name order.
   */
  public Map<String, Integer> progressiveFilling(
      Map<String, Map<String, Long>> demandPerTask, Map<String, Double> weights) {
    Map<String, Map<String, Long>> usage = new TreeMap<>();
    Map<String, Integer> tasks = new LinkedHashMap<>();
    for (String tenant : new TreeMap<>(demandPerTask).keySet()) {
      usage.put(tenant, new TreeMap<>());
      tasks.put(tenant, 0);
    }
    Map<String, Long> consumed = new TreeMap<>();
    while (true) {
      String chosen = null;
      for (TenantShare s : order(usage, weights)) {
        if (fits(demandPerTask.get(s.tenant()), consumed)) {
          chosen = s.tenant();
          break;
        }
      }
      if (chosen == null) {
        return tasks;
      }
      Map<String, Long> demand = demandPerTask.get(chosen);
      boolean any = false;
      for (Map.Entry<String, Long> d : demand.entrySet()) {
        consumed.merge(d.getKey(), d.getValue(), Long::sum);
        usage.get(chosen).merge(d.getKey(), d.getValue(), Long::sum);
        any |= d.getValue() > 0;
      }
      if (!any) {
        throw new IllegalArgumentException(
            "tenant '"
                + chosen
                + "' has a task that demands nothing; progressive filling needs some demand");
      }
      tasks.merge(chosen, 1, Integer::sum);
    }
  }

  private boolean fits(Map<String, Long> demand, Map<String, Long> consumed) {
    for (Map.Entry<String, Long> d : demand.entrySet()) {
      Long cap = capacity.get(d.getKey());
      if (cap == null || consumed.getOrDefault(d.getKey(), 0L) + d.getValue() > cap) {
        return false;
      }
    }
    return true;
  }
}
