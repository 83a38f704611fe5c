package dev.wanka.perf;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import dev.wanka.topology.FabricLayout;
import dev.wanka.topology.FabricSpec;
import dev.wanka.topology.PoolSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The devices a job runs on: a contiguous range of one pool of a cluster, so that the estimators
 * ask the topology model what bandwidth each communication group gets. Without a cluster spec the
 * job gets a standard one: nodes of 8 (fewer if the chip's scale-up domain is smaller), scale-up
 * domains as large as the chip's (up to the job's size), one NIC per device at the catalog's rate,
 * a non-blocking rail-optimized fabric.
 */
public final class DeviceAllocation {
  static final int STANDARD_NODE = 8;
  static final int STANDARD_NODES_PER_LEAF = 32;
  static final int STANDARD_LEAVES_PER_SPINE = 32;

  /** Stands in for an unknown NIC rate; never used, because such groups are refused. */
  private static final double UNKNOWN_NIC_GBPS = 1;

  private final Cluster cluster;
  private final PoolSpec pool;
  private final int first;
  private final int devices;
  private final boolean scaleOutKnown;

  private DeviceAllocation(Cluster cluster, int poolIndex, int devices, boolean scaleOutKnown) {
    this.cluster = cluster;
    this.scaleOutKnown = scaleOutKnown;
    this.pool = cluster.pools().get(poolIndex);
    this.first = cluster.firstDeviceOfNode(cluster.firstNodeOfPool(poolIndex));
    this.devices = devices;
  }

  /**
   * The first {@code devices} devices of the first pool of {@code accelerator} in the cluster.
   *
   * @throws InvalidSetupException naming {@code devices} or {@code accelerator} when no pool fits
   */
  public static DeviceAllocation inCluster(Cluster cluster, Accelerator accelerator, int devices) {
    List<PoolSpec> pools = cluster.pools();
    for (int i = 0; i < pools.size(); i++) {
      PoolSpec candidate = pools.get(i);
      if (candidate.accelerator().id().equals(accelerator.id())) {
        if (candidate.devices() < devices) {
          throw problem(
              "devices",
              devices
                  + " devices do not fit in pool '"
                  + candidate.name()
                  + "' of cluster '"
                  + cluster.name()
                  + "', which has "
                  + candidate.devices()
                  + " "
                  + accelerator.id());
        }
        return new DeviceAllocation(cluster, i, devices, true);
      }
    }
    throw problem(
        "accelerator",
        "cluster '"
            + cluster.name()
            + "' has no pool of "
            + accelerator.id()
            + "; its pools hold "
            + String.join(", ", pools.stream().map(p -> p.accelerator().id()).toList()));
  }

  /**
   * {@code devices} devices in the standard cluster described in the class comment. When the
   * catalog has no NIC rate for the chip, only groups inside one scale-up domain can be timed (a
   * group that needs the scale-out fabric is reported as missing data).
   */
  public static DeviceAllocation standalone(Accelerator accelerator, int devices) {
    Figure nic = accelerator.scaleOutGbps();
    int perNode = standardNodeDevices(accelerator);
    OptionalDouble domain = accelerator.scaleUp().domainSize().asOptional();
    int nodes = (devices + perNode - 1) / perNode;
    // A scale-up domain larger than a node (NVL72, a supernode) spans several nodes, but no more
    // than the job needs; nodes come in whole domains and leaf groups hold whole domains.
    int domainNodes = 1;
    if (domain.isPresent()
        && domain.getAsDouble() > perNode
        && domain.getAsDouble() % perNode == 0) {
      domainNodes = (int) Math.min(domain.getAsDouble() / perNode, nodes);
      nodes = (nodes + domainNodes - 1) / domainNodes * domainNodes;
    }
    int nodesPerLeaf = domainNodes * Math.max(1, STANDARD_NODES_PER_LEAF / domainNodes);
    int tiers = nodes > nodesPerLeaf * STANDARD_LEAVES_PER_SPINE ? 3 : 2;
    FabricSpec fabric =
        new FabricSpec(
            tiers,
            FabricLayout.RAIL_OPTIMIZED,
            nodesPerLeaf,
            tiers == 3 ? STANDARD_LEAVES_PER_SPINE : 0,
            1.0,
            1.0);
    PoolSpec pool =
        new PoolSpec(
            "standard",
            accelerator,
            nodes,
            perNode,
            domainNodes,
            perNode,
            nic.asOptional().orElse(UNKNOWN_NIC_GBPS),
            nodesPerLeaf,
            OptionalDouble.empty(),
            0,
            0,
            0);
    ClusterSpec spec =
        new ClusterSpec(
            "standard-" + accelerator.id(),
            Optional.empty(),
            fabric,
            List.of(pool),
            Optional.empty(),
            OptionalDouble.empty());
    return new DeviceAllocation(Cluster.build(spec), 0, devices, nic.isKnown());
  }

  /**
   * Power of one device at full load: its TDP plus its share of the node's overhead (CPUs, NICs,
   * fans); empty when the catalog has no TDP for the chip.
   */
  public OptionalDouble wattsPerDevice() {
    OptionalDouble tdp = pool.accelerator().tdpWatts().asOptional();
    if (tdp.isEmpty()) {
      return tdp;
    }
    return OptionalDouble.of(tdp.getAsDouble() + pool.nodeOverheadWatts() / pool.devicesPerNode());
  }

  /** Device memory a job can fill: the catalog's capacity times the usable fraction. */
  public double usableMemoryBytes(Calibration calibration) {
    return pool.accelerator().memoryGB().asOptional().getAsDouble()
        * 1e9
        * calibration.usableMemoryFraction();
  }

  /**
   * Devices per node of the standard cluster: 8, fewer if the chip's scale-up domain is smaller.
   */
  public static int standardNodeDevices(Accelerator accelerator) {
    OptionalDouble domain = accelerator.scaleUp().domainSize().asOptional();
    return domain.isPresent() && domain.getAsDouble() < STANDARD_NODE
        ? (int) domain.getAsDouble()
        : STANDARD_NODE;
  }

  public Accelerator accelerator() {
    return pool.accelerator();
  }

  public int devices() {
    return devices;
  }

  public PoolSpec pool() {
    return pool;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** Devices joined by one scale-up domain in this pool. */
  public int domainDevices() {
    return pool.devicesPerNode() * pool.domainNodes();
  }

  /**
   * The communication group of {@code size} members, {@code stride} devices apart, starting at the
   * allocation's first device (Megatron places tensor-parallel ranks innermost, so a group's stride
   * is the product of the parallel sizes inside it). Bandwidths are what collectives achieve: the
   * links' rates times the calibration's collective efficiencies.
   */
  public CommGroup group(int size, int stride, Calibration calibration) {
    int domain = domainDevices();
    int perDomain = stride >= domain ? 1 : Math.min(size, domain / stride);
    while (size % perDomain != 0) {
      perDomain--;
    }
    int last = first + (size - 1) * stride;
    double scaleOut = pool.nicBytesPerSecondPerDevice();
    if (perDomain < size && !scaleOutKnown) {
      Figure nic = pool.accelerator().scaleOutGbps();
      throw problem(
          "accelerator",
          "the catalog has no scale-out NIC rate for "
              + pool.accelerator().id()
              + " ("
              + nic.reason()
              + "), which a group of "
              + size
              + " devices over "
              + size / perDomain
              + " scale-up domains needs; describe the cluster with a cluster spec, or give the"
              + " rate in a --catalog override");
    }
    if (perDomain < size) {
      scaleOut = cluster.bandwidthBytesPerSecond(first, last).asOptional().orElse(scaleOut);
    }
    double scaleUp = scaleOut;
    if (perDomain > 1) {
      Figure link = pool.accelerator().scaleUp().bytesPerSecondEachWay();
      if (!link.isKnown()) {
        throw problem(
            "accelerator",
            "the catalog has no scale-up bandwidth for "
                + pool.accelerator().id()
                + " ("
                + link.reason()
                + "), which a group of "
                + perDomain
                + " devices in one domain needs; give it in a --catalog override");
      }
      scaleUp = link.asOptional().getAsDouble();
    }
    return new CommGroup(
        size,
        perDomain,
        scaleUp * calibration.scaleUpCollectiveEfficiency(),
        scaleOut * calibration.scaleOutCollectiveEfficiency(),
        calibration.scaleUpLatencySeconds(),
        calibration.scaleOutLatencySeconds());
  }

  private static InvalidSetupException problem(String field, String message) {
    return new InvalidSetupException(List.of(new SetupProblem(field, message)));
  }
}
