package dev.wanka.sched.plugin;

import dev.wanka.catalog.Precision;
import dev.wanka.sched.Gang;
import dev.wanka.sched.placement.Placement;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The scores Wanka ships, and their weights in the total. */
public final class Scores {
  private Scores() {}

  /**
   * Heterogeneity-aware type choice, after Gavel (Narayanan et al., OSDI'20): the gang's throughput
   * on the candidate (relative throughput of the type times the devices it gets) per unit of cost,
   * normalized by the best any accepted type could give at full size. Throughput per type is the
   * user's relative throughput when the workload gives one for every type it accepts, else the
   * catalog's dense BF16 peak; cost per device is the pool's node price over its devices when every
   * accepted pool is priced, else all types cost the same. An elastic gang's smaller size scores
   * lower in proportion.
   */
  public static final Score HETEROGENEITY =
      new Score() {
        @Override
        public String name() {
          return "heterogeneity";
        }

        @Override
        public double score(Candidate candidate, Placement placement, CycleView view) {
          Gang gang = candidate.gang();
          Cluster cluster = view.cluster();
          boolean userThroughput =
              gang.accelerators().stream().allMatch(c -> c.relativeThroughput().isPresent());
          boolean priced = true;
          for (PoolSpec pool : cluster.pools()) {
            if (accepts(gang, pool) && pool.capexPerNode().isEmpty()) {
              priced = false;
            }
          }
          double best = 0;
          for (PoolSpec pool : cluster.pools()) {
            if (accepts(gang, pool)) {
              best = Math.max(best, value(gang, pool, gang.maxDevices(), userThroughput, priced));
            }
          }
          PoolSpec pool = cluster.pools().get(candidate.pool());
          double value = value(gang, pool, candidate.devices(), userThroughput, priced);
          return best > 0 ? Math.min(1, value / best) : 1;
        }
      };

  private static boolean accepts(Gang gang, PoolSpec pool) {
    return gang.accelerators().stream()
        .anyMatch(c -> c.acceleratorId().equals(pool.accelerator().id()));
  }

  private static double value(
      Gang gang, PoolSpec pool, int devices, boolean userThroughput, boolean priced) {
    double throughput = 1;
    if (userThroughput) {
      for (AcceleratorChoice choice : gang.accelerators()) {
        if (choice.acceleratorId().equals(pool.accelerator().id())) {
          throughput = choice.relativeThroughput().getAsDouble();
        }
      }
    } else {
      OptionalDouble peak = pool.accelerator().peak(Precision.BF16).asOptional();
      throughput = peak.orElse(1);
    }
    double costPerDevice = priced ? pool.capexPerNode().getAsDouble() / pool.devicesPerNode() : 1;
    return throughput * devices / Math.max(costPerDevice, 1e-9);
  }

  /**
   * Topology compactness: 1 for a gang on one node (or one device), falling linearly to 0 for one
   * spread over the core; halved when the workload prefers a narrower scope than it got.
   */
  public static final Score TOPOLOGY =
      new Score() {
        @Override
        public String name() {
          return "topology";
        }

        @Override
        public double score(Candidate candidate, Placement placement, CycleView view) {
          Tier spans = placement.spans().compareTo(Tier.NODE) < 0 ? Tier.NODE : placement.spans();
          double linear =
              1.0
                  - (spans.ordinal() - Tier.NODE.ordinal())
                      / (double) (Tier.CORE.ordinal() - Tier.NODE.ordinal());
          Optional<Tier> preferred = candidate.gang().preferred();
          if (preferred.isPresent() && spans.compareTo(preferred.get()) > 0) {
            return linear / 2;
          }
          return linear;
        }
      };

  /** A score and its weight in the total. */
  public record Weighted(Score score, double weight) {}

  public static final List<Weighted> ALL =
      List.of(new Weighted(HETEROGENEITY, 1.0), new Weighted(TOPOLOGY, 0.25));
}
