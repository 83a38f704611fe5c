package dev.wanka.sched.plugin;

import dev.wanka.sched.fragmentation.BestFitPolicy;
import dev.wanka.sched.fragmentation.DotProductPolicy;
import dev.wanka.sched.fragmentation.GpuClusteringPolicy;
import dev.wanka.sched.fragmentation.GpuPackingPolicy;
import dev.wanka.sched.fragmentation.RandomPolicy;
import dev.wanka.sched.placement.Placement;
import java.util.List;
import java.util.Optional;

/** The node packings Wanka ships, by name. */
public final class NodePackings {
  private NodePackings() {}

  /**
   * Indexed best fit (the default): the node with the fewest free devices that holds the request,
   * and for a share the device with the least room that holds it: O(log n) per placement.
   */
  public static final NodePacking TIGHTEST =
      new NodePacking() {
        @Override
        public String name() {
          return "tightest";
        }

        @Override
        public Optional<Placement> place(Candidate candidate, CycleView view) {
          return candidate.gang().isShare()
              ? DevicePlacer.placeShare(view.devices(), candidate)
              : DevicePlacer.place(view.devices().free(), candidate);
        }
      };

  /** The FGD paper's policies, scoring every node of the pool with room: O(nodes) per placement. */
  public static final NodePacking FGD = FragmentationPacking.fgd();

  public static final NodePacking BEST_FIT =
      new FragmentationPacking("best-fit", view -> new BestFitPolicy());

  public static final NodePacking DOT_PRODUCT =
      new FragmentationPacking("dot-product", view -> new DotProductPolicy());

  public static final NodePacking GPU_PACKING =
      new FragmentationPacking("gpu-packing", view -> new GpuPackingPolicy());

  public static final NodePacking GPU_CLUSTERING =
      new FragmentationPacking("gpu-clustering", view -> new GpuClusteringPolicy());

  public static final NodePacking RANDOM =
      new FragmentationPacking("random", view -> new RandomPolicy());

  public static final List<NodePacking> ALL =
      List.of(TIGHTEST, FGD, BEST_FIT, DOT_PRODUCT, GPU_PACKING, GPU_CLUSTERING, RANDOM);

  public static Optional<NodePacking> byName(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(NodePacking::name).toList();
  }
}
