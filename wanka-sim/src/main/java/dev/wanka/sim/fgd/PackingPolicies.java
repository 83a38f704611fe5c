package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.BestFitPolicy;
import dev.wanka.sched.fragmentation.DotProductPolicy;
import dev.wanka.sched.fragmentation.FgdPolicy;
import dev.wanka.sched.fragmentation.GpuClusteringPolicy;
import dev.wanka.sched.fragmentation.GpuPackingPolicy;
import dev.wanka.sched.fragmentation.PackingPolicy;
import dev.wanka.sched.fragmentation.RandomPolicy;
import dev.wanka.sched.fragmentation.TypicalPods;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The six policies of the FGD paper's experiment, by the names its result files use (PROTOCOL §4),
 * in its order. A name is also accepted in any case and as the scheduler's node-packing name
 * ({@code best-fit}, {@code dot-product}, ...).
 */
public final class PackingPolicies {
  /** The paper's names, in its order (the published files number them 01..06 so). */
  public static final List<String> NAMES =
      List.of("Random", "DotProd", "GpuClustering", "GpuPacking", "BestFit", "FGD");

  private static final List<String> PACKING_NAMES =
      List.of("random", "dot-product", "gpu-clustering", "gpu-packing", "best-fit", "fgd");

  private PackingPolicies() {}

  /** The paper's name for {@code name}, if it names one of the six. */
  public static Optional<String> canonical(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < NAMES.size(); i++) {
      if (NAMES.get(i).toLowerCase(Locale.ROOT).equals(lower)
          || PACKING_NAMES.get(i).equals(lower)) {
        return Optional.of(NAMES.get(i));
      }
    }
    return Optional.empty();
  }

  /** The message for a name that is not a policy. */
  public static String notAPolicy(String name) {
    return "'" + name + "' is not an FGD experiment policy; allowed: " + String.join(", ", NAMES);
  }

  /** Only Random draws random numbers; the other five give the same run for the same order. */
  public static boolean isDeterministic(String name) {
    return !name.equals("Random");
  }

  /** A new instance (policies keep scratch state) of the policy with the paper's name. */
  public static PackingPolicy create(String name, TypicalPods typicalPods) {
    switch (name) {
      case "Random":
        return new RandomPolicy();
      case "DotProd":
        return new DotProductPolicy();
      case "GpuClustering":
        return new GpuClusteringPolicy();
      case "GpuPacking":
        return new GpuPackingPolicy();
      case "BestFit":
        return new BestFitPolicy();
      case "FGD":
        return new FgdPolicy(typicalPods);
      default:
        throw new IllegalArgumentException(notAPolicy(name));
    }
  }
}
