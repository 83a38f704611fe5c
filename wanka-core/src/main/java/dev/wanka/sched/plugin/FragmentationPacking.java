package dev.wanka.sched.plugin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.fragmentation.FgdPolicy;
import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.PackingPolicy;
import dev.wanka.sched.fragmentation.PodPlacer;
import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sched.fragmentation.TypicalPods;
import dev.wanka.sched.placement.Placement;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Node packing by one of the FGD paper's policies ({@link PackingPolicy}): every schedulable node
 * of the pool with room is seen as a {@link GpuNode} holding what runs there now, and the policy's
 * filter, score, pick and GPU choice run as in the paper's simulator ({@link PodPlacer}). The
 * cluster model has no CPU or memory per node, so nodes get ample and requests ask none; FGD's
 * typical pods are the shapes of the single-node work pending and running in this cycle. O(nodes x
 * devices per node) per placement, plus the policy's scoring.
 */
final class FragmentationPacking implements NodePacking {
  /** CPU milli-cores and memory MiB of a node: the cluster model does not describe them. */
  private static final int AMPLE = Integer.MAX_VALUE / 4;

  private final String name;
  private final Function<CycleView, PackingPolicy> policyFor;

  FragmentationPacking(String name, Function<CycleView, PackingPolicy> policyFor) {
    this.name = name;
    this.policyFor = policyFor;
  }

  static FragmentationPacking fgd() {
    return new FragmentationPacking(
        "fgd", view -> new FgdPolicy(view.memo("fgd.typicalPods", () -> typicalPods(view))));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<Placement> place(Candidate candidate, CycleView view) {
    Cluster cluster = view.cluster();
    PoolSpec pool = cluster.pools().get(candidate.pool());
    DeviceLedger ledger = view.devices();
    List<GpuNode> nodes = new ArrayList<>();
    List<Integer> nodeIndex = new ArrayList<>();
    int first = cluster.firstNodeOfPool(candidate.pool());
    for (int node = first; node < first + pool.nodes(); node++) {
      if (ledger.nodeState(node) == DeviceLedger.NodeState.UP && hasRoom(ledger, node)) {
        nodes.add(asGpuNode(ledger, node));
        nodeIndex.add(node);
      }
    }
    PodPlacer placer = new PodPlacer(nodes, policyFor.apply(view));
    int chosen = placer.place(request(candidate.gang(), candidate.devices()), view.random());
    if (chosen < 0) {
      return Optional.empty();
    }
    int node = nodeIndex.get(chosen);
    int firstDevice = cluster.firstDeviceOfNode(node);
    int mask = placer.lastGpus();
    int[] devices = new int[Integer.bitCount(mask)];
    for (int i = 0, m = mask; m != 0; m &= m - 1) {
      devices[i++] = firstDevice + Integer.numberOfTrailingZeros(m);
    }
    return Optional.of(
        new Placement(devices, candidate.gang().isShare() ? Tier.DEVICE : Tier.NODE));
  }

  private static boolean hasRoom(DeviceLedger ledger, int node) {
    if (ledger.free().freeOnNode(node) > 0) {
      return true;
    }
    int first = ledger.cluster().firstDeviceOfNode(node);
    for (int device = first; device < first + ledger.cluster().devicesOnNode(node); device++) {
      int used = ledger.shareUsedMilli(device);
      if (used > 0 && used < GpuNode.MILLI_PER_GPU && ledger.isSchedulable(device)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node as the policies see it: each whole-device allocation as one pod on its devices, each
   * shared device as one pod of the share used, and devices held or unavailable (a device not UP
   * among them, shares and all) as taken.
   */
  private static GpuNode asGpuNode(DeviceLedger ledger, int node) {
    Cluster cluster = ledger.cluster();
    int first = cluster.firstDeviceOfNode(node);
    int count = cluster.devicesOnNode(node);
    String model = cluster.pools().get(cluster.poolIndexOfNode(node)).accelerator().id();
    GpuNode view = new GpuNode(cluster.nodeName(node), node, AMPLE, AMPLE, count, model);
    Map<Allocation, Integer> masks = new IdentityHashMap<>();
    for (int i = 0; i < count; i++) {
      int device = first + i;
      Allocation owner = ledger.ownerOf(device);
      int shared = ledger.shareUsedMilli(device);
      if (owner != null) {
        masks.merge(owner, 1 << i, (a, b) -> a | b);
      } else if (shared > 0 && ledger.isSchedulable(device)) {
        view.bind(new PodRequest(0, 0, 1, shared, Set.of()), 1 << i);
      } else if (!ledger.free().isFree(device)) {
        view.bind(new PodRequest(0, 0, 1, GpuNode.MILLI_PER_GPU, Set.of()), 1 << i);
      }
    }
    for (int mask : masks.values()) {
      view.bind(
          new PodRequest(0, 0, Integer.bitCount(mask), GpuNode.MILLI_PER_GPU, Set.of()), mask);
    }
    return view;
  }

  private static PodRequest request(Gang gang, int devices) {
    return gang.isShare()
        ? new PodRequest(0, 0, 1, gang.milliPerDevice(), Set.of())
        : new PodRequest(0, 0, devices, GpuNode.MILLI_PER_GPU, Set.of());
  }

  /** The shapes of single-node work pending and running now (a whole-node request when none). */
  private static TypicalPods typicalPods(CycleView view) {
    int largestNode = 0;
    for (PoolSpec pool : view.cluster().pools()) {
      largestNode = Math.max(largestNode, pool.devicesPerNode());
    }
    List<PodRequest> shapes = new ArrayList<>();
    for (Gang gang : view.pending()) {
      addShape(shapes, gang, gang.maxDevices(), largestNode);
    }
    for (Allocation allocation : view.running()) {
      addShape(shapes, allocation.gang(), allocation.size(), largestNode);
    }
    if (shapes.isEmpty()) {
      shapes.add(new PodRequest(0, 0, 1, GpuNode.MILLI_PER_GPU, Set.of()));
    }
    return TypicalPods.of(shapes);
  }

  private static void addShape(List<PodRequest> shapes, Gang gang, int devices, int largestNode) {
    if (gang.needsDevices() && devices <= Math.min(largestNode, GpuNode.MAX_GPUS)) {
      shapes.add(request(gang, devices));
    }
  }
}
