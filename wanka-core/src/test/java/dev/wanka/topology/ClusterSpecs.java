package dev.wanka.topology;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.catalog.Figure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Builds {@link ClusterSpec} values in code, with the same defaults and checks as the YAML reader,
 * so a test can draw a cluster in a line or two:
 *
 * <pre>{@code
 * Cluster cluster =
 *     ClusterSpecs.fabric(3, FabricLayout.FAT_TREE, 2)
 *         .leavesPerSpine(2)
 *         .oversubscription(2, 4)
 *         .pool("a", "h100-sxm", 3, 8)
 *         .pool("b", "gb200-b200", 36, 4).domainNodes(18).nics(4, 400).nodesPerLeaf(36)
 *         .cluster();
 * }</pre>
 *
 * <p>Fabric settings apply to the whole cluster; {@code domainNodes}, {@code nics}, {@code
 * nodesPerLeaf}, {@code capexPerNode} and {@code nodeOverheadWatts} apply to the pool added last.
 * Accelerators come from {@link Catalog#bundled()}. A pool's NICs default, as in the reader, to one
 * per device at the catalog's scale-out figure. {@link #build()} rejects what the reader would
 * reject (a 3-tier fabric without leavesPerSpine, a domain too large for the chip or not dividing
 * the pool's nodesPerLeaf, no known NIC bandwidth, capex without prices, duplicate pool names), so
 * a test never models a cluster no spec file could describe.
 */
final class ClusterSpecs {
  static final Catalog CATALOG = Catalog.bundled();

  private final int tiers;
  private final FabricLayout layout;
  private final int nodesPerLeaf;
  private int leavesPerSpine;
  private double leafOversubscription = 1.0;
  private double spineOversubscription = 1.0;
  private String name = "test-cluster";
  private Optional<String> description = Optional.empty();
  private Optional<Prices> prices = Optional.empty();
  private OptionalDouble pue = OptionalDouble.empty();
  private final List<Pool> pools = new ArrayList<>();

  private ClusterSpecs(int tiers, FabricLayout layout, int nodesPerLeaf) {
    this.tiers = tiers;
    this.layout = layout;
    this.nodesPerLeaf = nodesPerLeaf;
  }

  /** A fabric of {@code tiers} (2 or 3) whose leaves hold {@code nodesPerLeaf} nodes by default. */
  static ClusterSpecs fabric(int tiers, FabricLayout layout, int nodesPerLeaf) {
    return new ClusterSpecs(tiers, layout, nodesPerLeaf);
  }

  /** A 2-tier non-blocking fat-tree. */
  static ClusterSpecs fatTree(int nodesPerLeaf) {
    return fabric(2, FabricLayout.FAT_TREE, nodesPerLeaf);
  }

  /** A 2-tier non-blocking rail-optimized fabric. */
  static ClusterSpecs railOptimized(int nodesPerLeaf) {
    return fabric(2, FabricLayout.RAIL_OPTIMIZED, nodesPerLeaf);
  }

  /** The catalog entry with this id or alias; fails loudly for a typo. */
  static Accelerator accelerator(String idOrAlias) {
    return CATALOG
        .find(idOrAlias)
        .orElseThrow(() -> new IllegalArgumentException(CATALOG.notFoundMessage(idOrAlias)));
  }

  // ---- the whole cluster ---------------------------------------------------------------------

  /** Leaf groups per spine group; needed by, and only allowed in, a 3-tier fabric. */
  ClusterSpecs leavesPerSpine(int leavesPerSpine) {
    this.leavesPerSpine = leavesPerSpine;
    return this;
  }

  /** The leaf tier's oversubscription (2-tier or 3-tier). */
  ClusterSpecs oversubscription(double leaf) {
    this.leafOversubscription = leaf;
    return this;
  }

  /** The leaf and spine tiers' oversubscription (3-tier only, unless spine is 1). */
  ClusterSpecs oversubscription(double leaf, double spine) {
    this.leafOversubscription = leaf;
    this.spineOversubscription = spine;
    return this;
  }

  ClusterSpecs name(String name) {
    this.name = name;
    return this;
  }

  ClusterSpecs description(String description) {
    this.description = Optional.of(description);
    return this;
  }

  ClusterSpecs prices(String currency) {
    this.prices = Optional.of(new Prices(currency, OptionalDouble.empty()));
    return this;
  }

  ClusterSpecs prices(String currency, double powerPerKwh) {
    this.prices = Optional.of(new Prices(currency, OptionalDouble.of(powerPerKwh)));
    return this;
  }

  ClusterSpecs pue(double pue) {
    this.pue = OptionalDouble.of(pue);
    return this;
  }

  // ---- pools ---------------------------------------------------------------------------------

  /** Adds a pool of {@code nodes} nodes of {@code devicesPerNode} devices of a catalog chip. */
  ClusterSpecs pool(String name, String acceleratorId, int nodes, int devicesPerNode) {
    return pool(name, accelerator(acceleratorId), nodes, devicesPerNode);
  }

  /** Adds a pool of any accelerator, e.g. a catalog entry with a figure changed. */
  ClusterSpecs pool(String name, Accelerator accelerator, int nodes, int devicesPerNode) {
    pools.add(new Pool(name, accelerator, nodes, devicesPerNode));
    return this;
  }

  /** Nodes per scale-up domain of the last pool (1, the default: the node is the domain). */
  ClusterSpecs domainNodes(int domainNodes) {
    last().domainNodes = domainNodes;
    return this;
  }

  /** NICs per node of the last pool and the bandwidth of one, Gb/s. */
  ClusterSpecs nics(int nicsPerNode, double nicGbps) {
    last().nicsPerNode = nicsPerNode;
    last().nicGbps = OptionalDouble.of(nicGbps);
    return this;
  }

  /** Nodes under one leaf group for the last pool, instead of the fabric's default. */
  ClusterSpecs nodesPerLeaf(int nodesPerLeaf) {
    last().nodesPerLeaf = nodesPerLeaf;
    return this;
  }

  ClusterSpecs capexPerNode(double capexPerNode) {
    last().capexPerNode = OptionalDouble.of(capexPerNode);
    return this;
  }

  ClusterSpecs nodeOverheadWatts(double nodeOverheadWatts) {
    last().nodeOverheadWatts = nodeOverheadWatts;
    return this;
  }

  // ---- results -------------------------------------------------------------------------------

  ClusterSpec build() {
    check(tiers == 2 || tiers == 3, "tiers must be 2 or 3, not " + tiers);
    check(nodesPerLeaf >= 1, "nodesPerLeaf must be at least 1");
    check(
        tiers == 3 ? leavesPerSpine >= 1 : leavesPerSpine == 0,
        "leavesPerSpine is needed by, and only allowed in, a 3-tier fabric");
    check(
        leafOversubscription >= 1 && spineOversubscription >= 1, "oversubscription is at least 1");
    check(tiers == 3 || spineOversubscription == 1, "spine oversubscription needs 3 tiers");
    check(!pools.isEmpty(), "a cluster needs at least one pool");
    Set<String> names = new HashSet<>();
    List<PoolSpec> specs = new ArrayList<>();
    for (Pool pool : pools) {
      check(names.add(pool.name), "pool names must be unique: " + pool.name);
      specs.add(pool.toSpec());
    }
    FabricSpec fabric =
        new FabricSpec(
            tiers,
            layout,
            nodesPerLeaf,
            leavesPerSpine,
            leafOversubscription,
            spineOversubscription);
    return new ClusterSpec(name, description, fabric, specs, prices, pue);
  }

  Cluster cluster() {
    return Cluster.build(build());
  }

  private Pool last() {
    check(!pools.isEmpty(), "add a pool first");
    return pools.get(pools.size() - 1);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private final class Pool {
    final String name;
    final Accelerator accelerator;
    final int nodes;
    final int devicesPerNode;
    int domainNodes = 1;
    int nicsPerNode;
    OptionalDouble nicGbps = OptionalDouble.empty();
    int nodesPerLeaf;
    OptionalDouble capexPerNode = OptionalDouble.empty();
    double nodeOverheadWatts;

    Pool(String name, Accelerator accelerator, int nodes, int devicesPerNode) {
      this.name = name;
      this.accelerator = accelerator;
      this.nodes = nodes;
      this.devicesPerNode = devicesPerNode;
      this.nicsPerNode = devicesPerNode;
      this.nodesPerLeaf = ClusterSpecs.this.nodesPerLeaf;
    }

    PoolSpec toSpec() {
      String where = "pool '" + name + "': ";
      check(nodes >= 1 && devicesPerNode >= 1, where + "nodes and devicesPerNode are at least 1");
      check(nicsPerNode >= 1 && nodesPerLeaf >= 1, where + "nics and nodesPerLeaf are at least 1");
      check(domainNodes >= 1, where + "domainNodes is at least 1");
      if (domainNodes > 1) {
        Figure largest = accelerator.scaleUp().domainSize();
        check(
            !(largest instanceof Figure.Unsupported),
            where + accelerator.id() + " has no scale-up fabric beyond the node");
        check(
            !largest.isKnown()
                || domainNodes * devicesPerNode <= largest.asOptional().getAsDouble(),
            where + "the domain is larger than " + accelerator.id() + " allows");
        check(nodesPerLeaf % domainNodes == 0, where + "domainNodes must divide nodesPerLeaf");
      }
      double gbps =
          nicGbps.isPresent()
              ? nicGbps.getAsDouble()
              : accelerator.scaleOutGbps().asOptional().orElse(0);
      check(gbps > 0, where + accelerator.id() + " has no known scale-out figure: call nics()");
      check(capexPerNode.isEmpty() || prices.isPresent(), where + "capexPerNode needs prices()");
      return new PoolSpec(
          name,
          accelerator,
          nodes,
          devicesPerNode,
          domainNodes,
          nicsPerNode,
          gbps,
          nodesPerLeaf,
          capexPerNode,
          nodeOverheadWatts,
          0,
          0);
    }
  }
}
