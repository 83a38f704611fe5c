package dev.wanka.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Laws every cluster model obeys, over random specs: 1-4 pools of random catalog accelerators (with
 * NICs given where the catalog has no scale-out figure), 1-300 nodes of 1-16 devices, fat-tree or
 * rail-optimized, 2 or 3 tiers, oversubscribed or not, and multi-node scale-up domains wherever the
 * chip and the pool's leaf size allow one. Seeds are fixed so every run checks the same specs.
 *
 * <p>Devices are drawn as longs and mapped into the built cluster's range; a second device is
 * usually drawn near the first (within 8, 64 or 1,024 devices) so that pairs sharing a node, a
 * domain or a leaf group are common, not one in thousands.
 */
class ClusterPropertyTest {
  private static final List<Accelerator> CHIPS = ClusterSpecs.CATALOG.all();
  private static final int[] REACH = {8, 64, 1024, Integer.MAX_VALUE};

  // ---- generators ----------------------------------------------------------------------------

  /** One pool's random choices, resolved against the fabric and the chip in {@link #spec}. */
  record PoolDraw(
      int chip,
      int nodes,
      int devicesPerNode,
      int ownNodesPerLeaf,
      int domainPick,
      int nicsPerNode,
      double nicGbps) {}

  @Provide
  Arbitrary<ClusterSpec> specs() {
    Arbitrary<Double> ratios = Arbitraries.of(1.0, 1.5, 2.0, 4.0);
    return Combinators.combine(
            Arbitraries.of(2, 3),
            Arbitraries.of(FabricLayout.class),
            Arbitraries.integers().between(1, 40).withDistribution(RandomDistribution.uniform()),
            Arbitraries.integers().between(1, 8),
            ratios,
            ratios,
            pools().list().ofMinSize(1).ofMaxSize(4))
        .as(ClusterPropertyTest::spec);
  }

  private Arbitrary<PoolDraw> pools() {
    return Combinators.combine(
            Arbitraries.integers().between(0, CHIPS.size() - 1),
            Arbitraries.integers().between(1, 300).withDistribution(RandomDistribution.uniform()),
            Arbitraries.integers().between(1, 16),
            // 0: the fabric's nodesPerLeaf; otherwise the pool's own.
            Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(
                    1,
                    Arbitraries.integers()
                        .between(1, 40)
                        .withDistribution(RandomDistribution.uniform()))),
            Arbitraries.integers().between(0, 1_000),
            // 0: one NIC per device at the catalog's figure (when it has one).
            Arbitraries.integers().between(0, 16),
            Arbitraries.of(100.0, 200.0, 400.0, 800.0))
        .as(PoolDraw::new);
  }

  private static ClusterSpec spec(
      int tiers,
      FabricLayout layout,
      int nodesPerLeaf,
      int leavesPerSpine,
      double leafRatio,
      double spineRatio,
      List<PoolDraw> draws) {
    ClusterSpecs builder = ClusterSpecs.fabric(tiers, layout, nodesPerLeaf);
    if (tiers == 3) {
      builder.leavesPerSpine(leavesPerSpine).oversubscription(leafRatio, spineRatio);
    } else {
      builder.oversubscription(leafRatio);
    }
    for (int p = 0; p < draws.size(); p++) {
      PoolDraw draw = draws.get(p);
      Accelerator chip = CHIPS.get(draw.chip());
      int poolNodesPerLeaf = draw.ownNodesPerLeaf() == 0 ? nodesPerLeaf : draw.ownNodesPerLeaf();
      List<Integer> domains = validDomainNodes(chip, draw.devicesPerNode(), poolNodesPerLeaf);
      // Where the chip allows multi-node domains, use one three times in four.
      int pick = draw.domainPick();
      int domainNodes =
          domains.size() > 1 && pick % 4 != 0 ? domains.get(1 + pick % (domains.size() - 1)) : 1;
      // The reader wants whole domains: round the pool up to a multiple of the domain.
      int nodes = ceilDiv(draw.nodes(), domainNodes) * domainNodes;
      builder.pool("p" + p, chip, nodes, draw.devicesPerNode());
      builder.nodesPerLeaf(poolNodesPerLeaf);
      builder.domainNodes(domainNodes);
      boolean catalogNic = chip.scaleOutGbps().isKnown();
      if (draw.nicsPerNode() > 0 || !catalogNic) {
        int nics = draw.nicsPerNode() > 0 ? draw.nicsPerNode() : draw.devicesPerNode();
        boolean evenRails = draw.devicesPerNode() % nics == 0 || nics % draw.devicesPerNode() == 0;
        if (layout == FabricLayout.RAIL_OPTIMIZED && !evenRails) {
          nics = draw.devicesPerNode(); // the reader wants rails that share the devices evenly
        }
        builder.nics(nics, draw.nicGbps());
      }
    }
    return builder.build();
  }

  /**
   * What the reader allows: 1 always; more only for a chip with a scale-up fabric, within its
   * largest domain when that is known, and dividing the pool's nodesPerLeaf (the pool's node count
   * is then rounded up to whole domains).
   */
  private static List<Integer> validDomainNodes(
      Accelerator chip, int devicesPerNode, int nodesPerLeaf) {
    List<Integer> valid = new ArrayList<>();
    valid.add(1);
    Figure largest = chip.scaleUp().domainSize();
    if (largest instanceof Figure.Unsupported) {
      return valid;
    }
    for (int nodes = 2; nodes <= nodesPerLeaf; nodes++) {
      boolean fits =
          !largest.isKnown() || nodes * devicesPerNode <= largest.asOptional().getAsDouble();
      if (fits && nodesPerLeaf % nodes == 0) {
        valid.add(nodes);
      }
    }
    return valid;
  }

  // ---- device draws --------------------------------------------------------------------------

  private static int device(Cluster cluster, long draw) {
    return (int) Math.floorMod(draw, (long) cluster.deviceCount());
  }

  /** A device within REACH[reach] devices after {@code from}, wrapping round the cluster. */
  private static int near(Cluster cluster, int from, int reach, long draw) {
    long window = Math.min(REACH[reach], cluster.deviceCount());
    return (int) ((from + Math.floorMod(draw, window)) % cluster.deviceCount());
  }

  /**
   * A device in the same unit (node, domain, leaf group, spine group) as {@code device}: units are
   * contiguous runs of nodes, so scan out to the run's ends and draw a node, then a device.
   */
  private static int sameUnit(
      Cluster cluster, int device, IntUnaryOperator unitOfNode, long nodeDraw, long deviceDraw) {
    int node = cluster.nodeOf(device);
    int unit = unitOfNode.applyAsInt(node);
    int first = node;
    while (first > 0 && unitOfNode.applyAsInt(first - 1) == unit) {
      first--;
    }
    int last = node;
    while (last < cluster.nodeCount() - 1 && unitOfNode.applyAsInt(last + 1) == unit) {
      last++;
    }
    int chosen = first + (int) Math.floorMod(nodeDraw, (long) (last - first + 1));
    return cluster.firstDeviceOfNode(chosen)
        + (int) Math.floorMod(deviceDraw, (long) cluster.devicesOnNode(chosen));
  }

  // ---- where devices and nodes sit -----------------------------------------------------------

  @Property(tries = 200, seed = "20240601")
  void everyDeviceIsInsideTheDeviceRangeOfItsNode(@ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    for (int device = 0; device < cluster.deviceCount(); device++) {
      int node = cluster.nodeOf(device);
      int first = cluster.firstDeviceOfNode(node);
      assertThat(device)
          .isGreaterThanOrEqualTo(first)
          .isLessThan(first + cluster.devicesOnNode(node));
      assertThat(cluster.localIndexOf(device)).isEqualTo(device - first);
      assertThat(cluster.poolIndexOf(device)).isEqualTo(cluster.poolIndexOfNode(node));
    }
  }

  @Property(tries = 200, seed = "20240602")
  void nodeDeviceRangesTileTheDevicesWithNoGapsOrOverlaps(@ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    int next = 0;
    for (int node = 0; node < cluster.nodeCount(); node++) {
      assertThat(cluster.firstDeviceOfNode(node))
          .as("first device of node %d", node)
          .isEqualTo(next);
      PoolSpec pool = cluster.pools().get(cluster.poolIndexOfNode(node));
      assertThat(cluster.devicesOnNode(node)).isEqualTo(pool.devicesPerNode());
      next += cluster.devicesOnNode(node);
    }
    assertThat(next).isEqualTo(cluster.deviceCount());
  }

  @Property(tries = 200, seed = "20240603")
  void everyNodeIsInsideTheNodeRangeOfExactlyOneLeafGroupOfItsOwnPool(
      @ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    int next = 0;
    for (int group = 0; group < cluster.leafGroupCount(); group++) {
      // Leaf groups tile the nodes, so each node is in exactly one.
      int first = cluster.firstNodeOfLeafGroup(group);
      int size = cluster.nodesInLeafGroup(group);
      assertThat(first).as("first node of leaf group %d", group).isEqualTo(next);
      int pool = cluster.poolIndexOfNode(first);
      assertThat(size).isBetween(1, cluster.pools().get(pool).nodesPerLeaf());
      for (int node = first; node < first + size; node++) {
        assertThat(cluster.leafGroupOfNode(node)).isEqualTo(group);
        assertThat(cluster.poolIndexOfNode(node))
            .as("pools never share a leaf group")
            .isEqualTo(pool);
      }
      next += size;
    }
    assertThat(next).isEqualTo(cluster.nodeCount());
  }

  @Property(tries = 200, seed = "20240604")
  void domainsAreContiguousRunsInsideOneLeafGroup(@ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    int run = 1;
    assertThat(cluster.domainOfNode(0)).isZero();
    for (int node = 1; node < cluster.nodeCount(); node++) {
      int previous = cluster.domainOfNode(node - 1);
      int domain = cluster.domainOfNode(node);
      assertThat(domain).isBetween(previous, previous + 1);
      if (domain == previous) {
        run++;
        assertThat(cluster.leafGroupOfNode(node)).isEqualTo(cluster.leafGroupOfNode(node - 1));
        PoolSpec pool = cluster.pools().get(cluster.poolIndexOfNode(node));
        assertThat(run).isLessThanOrEqualTo(pool.domainNodes());
      } else {
        run = 1;
      }
    }
  }

  @Property(tries = 200, seed = "20240605")
  void countsAddUpToTheSpec(@ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    long devices = 0;
    int nodes = 0;
    int leafGroups = 0;
    int leafSwitches = 0;
    int domains = 0;
    boolean rails = spec.fabric().layout() == FabricLayout.RAIL_OPTIMIZED;
    for (int p = 0; p < spec.pools().size(); p++) {
      PoolSpec pool = spec.pools().get(p);
      assertThat(cluster.firstNodeOfPool(p)).isEqualTo(nodes);
      devices += (long) pool.nodes() * pool.devicesPerNode();
      nodes += pool.nodes();
      int groups = ceilDiv(pool.nodes(), pool.nodesPerLeaf());
      leafGroups += groups;
      leafSwitches += groups * (rails ? pool.nicsPerNode() : 1);
      domains += ceilDiv(pool.nodes(), pool.domainNodes());
    }
    int spineGroups =
        spec.fabric().tiers() == 2 ? 1 : ceilDiv(leafGroups, spec.fabric().leavesPerSpine());

    assertThat(cluster.deviceCount()).isEqualTo(devices).isEqualTo(spec.devices());
    assertThat(cluster.nodeCount()).isEqualTo(nodes);
    assertThat(cluster.leafGroupCount()).isEqualTo(leafGroups);
    assertThat(cluster.leafSwitchCount()).isEqualTo(leafSwitches);
    assertThat(cluster.domainCount()).isEqualTo(domains);
    assertThat(cluster.spineGroupCount()).isEqualTo(spineGroups);
    // The last node's domain and the last leaf group's spine group are the highest numbers.
    assertThat(cluster.domainOfNode(nodes - 1)).isEqualTo(domains - 1);
    assertThat(cluster.spineGroupOfLeafGroup(leafGroups - 1)).isEqualTo(spineGroups - 1);
  }

  @Property(tries = 200, seed = "20240606")
  void leafSwitchesAreNumberedGroupByGroupAndFollowTheLayout(@ForAll("specs") ClusterSpec spec) {
    Cluster cluster = Cluster.build(spec);
    boolean rails = spec.fabric().layout() == FabricLayout.RAIL_OPTIMIZED;
    int firstSwitch = 0;
    for (int group = 0; group < cluster.leafGroupCount(); group++) {
      int firstNode = cluster.firstNodeOfLeafGroup(group);
      PoolSpec pool = cluster.pools().get(cluster.poolIndexOfNode(firstNode));
      for (int node = firstNode; node < firstNode + cluster.nodesInLeafGroup(group); node++) {
        for (int local = 0; local < cluster.devicesOnNode(node); local++) {
          // Fat-tree: the group's one switch. Rail-optimized: device i is on the group's rail
          // i x nics / devices, so with fewer NICs than devices neighbours share a rail.
          int rail = rails ? local * pool.nicsPerNode() / pool.devicesPerNode() : 0;
          int device = cluster.firstDeviceOfNode(node) + local;
          assertThat(cluster.leafSwitchOf(device))
              .as("leaf switch of device %d", device)
              .isEqualTo(firstSwitch + rail);
        }
      }
      firstSwitch += rails ? pool.nicsPerNode() : 1;
    }
    assertThat(cluster.leafSwitchCount()).isEqualTo(firstSwitch);
  }

  // ---- lowest common tier --------------------------------------------------------------------

  @Property(tries = 200, seed = "20240607")
  void lowestCommonTierIsSymmetricAndIsDeviceExactlyForOneDevice(
      @ForAll("specs") ClusterSpec spec,
      @ForAll long first,
      @ForAll long second,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster cluster = Cluster.build(spec);
    int a = device(cluster, first);
    int b = near(cluster, a, reach, second);
    Tier tier = cluster.lowestCommonTier(a, b);
    assertThat(cluster.lowestCommonTier(b, a)).isEqualTo(tier);
    assertThat(tier == Tier.DEVICE).isEqualTo(a == b);
    assertThat(cluster.lowestCommonTier(a, a)).isEqualTo(Tier.DEVICE);
    assertThat(cluster.lowestCommonTier(new int[] {a, b})).isEqualTo(tier);
    if (cluster.tiers() == 2) {
      assertThat(tier).isNotEqualTo(Tier.CORE);
    }
  }

  @Property(tries = 200, seed = "20240608")
  void addingADeviceToASetNeverLowersItsTier(
      @ForAll("specs") ClusterSpec spec,
      @ForAll @Size(min = 1, max = 6) List<Long> draws,
      @ForAll long extra,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster cluster = Cluster.build(spec);
    int[] set = new int[draws.size()];
    set[0] = device(cluster, draws.get(0));
    for (int i = 1; i < set.length; i++) {
      set[i] = near(cluster, set[0], reach, draws.get(i));
    }
    int[] larger = Arrays.copyOf(set, set.length + 1);
    larger[set.length] = near(cluster, set[0], reach, extra);

    Tier tier = cluster.lowestCommonTier(set);
    assertThat(cluster.lowestCommonTier(larger)).isGreaterThanOrEqualTo(tier);
    // And a set's tier is that of its farthest pair, whichever device comes first.
    Tier farthest = Tier.DEVICE;
    for (int x : larger) {
      for (int y : larger) {
        farthest = farthest.max(cluster.lowestCommonTier(x, y));
      }
    }
    assertThat(cluster.lowestCommonTier(larger)).isEqualTo(farthest);
  }

  @Property(tries = 200, seed = "20240609")
  void lowestCommonTierIsUltrametric(
      @ForAll("specs") ClusterSpec spec,
      @ForAll long first,
      @ForAll long second,
      @ForAll long third,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster cluster = Cluster.build(spec);
    int a = device(cluster, first);
    int b = near(cluster, a, reach, second);
    int c = near(cluster, a, reach, third);
    // tier(a, c) <= max(tier(a, b), tier(b, c)), for every ordering of the three.
    int[][] orders = {{a, b, c}, {a, c, b}, {b, a, c}};
    for (int[] o : orders) {
      Tier direct = cluster.lowestCommonTier(o[0], o[2]);
      Tier viaMiddle =
          cluster.lowestCommonTier(o[0], o[1]).max(cluster.lowestCommonTier(o[1], o[2]));
      assertThat(direct).isLessThanOrEqualTo(viaMiddle);
    }
  }

  @Property(tries = 200, seed = "20240610")
  void devicesSharingANodeDomainLeafGroupOrSpineGroupAreAtMostThatFarApart(
      @ForAll("specs") ClusterSpec spec,
      @ForAll long first,
      @ForAll @Size(value = 8) List<Long> draws) {
    Cluster cluster = Cluster.build(spec);
    int a = device(cluster, first);

    int sameNode = sameUnit(cluster, a, node -> node, draws.get(0), draws.get(1));
    assertThat(cluster.nodeOf(sameNode)).isEqualTo(cluster.nodeOf(a));
    assertThat(cluster.lowestCommonTier(a, sameNode)).isLessThanOrEqualTo(Tier.NODE);

    int sameDomain = sameUnit(cluster, a, cluster::domainOfNode, draws.get(2), draws.get(3));
    assertThat(cluster.domainOf(sameDomain)).isEqualTo(cluster.domainOf(a));
    assertThat(cluster.lowestCommonTier(a, sameDomain)).isLessThanOrEqualTo(Tier.SCALE_UP_DOMAIN);
    if (cluster.poolOf(a).domainNodes() == 1) {
      assertThat(cluster.lowestCommonTier(a, sameDomain)).isLessThanOrEqualTo(Tier.NODE);
    }

    int sameLeaf = sameUnit(cluster, a, cluster::leafGroupOfNode, draws.get(4), draws.get(5));
    assertThat(cluster.leafGroupOf(sameLeaf)).isEqualTo(cluster.leafGroupOf(a));
    assertThat(cluster.lowestCommonTier(a, sameLeaf)).isLessThanOrEqualTo(Tier.LEAF);

    IntUnaryOperator spineOfNode =
        node -> cluster.spineGroupOfLeafGroup(cluster.leafGroupOfNode(node));
    int sameSpine = sameUnit(cluster, a, spineOfNode, draws.get(6), draws.get(7));
    assertThat(cluster.spineGroupOf(sameSpine)).isEqualTo(cluster.spineGroupOf(a));
    assertThat(cluster.lowestCommonTier(a, sameSpine)).isLessThanOrEqualTo(Tier.SPINE);
  }

  @Property(tries = 200, seed = "20240611")
  void devicesInDifferentUnitsAreFartherApartThanThoseUnits(
      @ForAll("specs") ClusterSpec spec,
      @ForAll long first,
      @ForAll long second,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster cluster = Cluster.build(spec);
    int a = device(cluster, first);
    int b = near(cluster, a, reach, second);
    Tier tier = cluster.lowestCommonTier(a, b);
    if (cluster.nodeOf(a) != cluster.nodeOf(b)) {
      assertThat(tier).isGreaterThan(Tier.NODE);
    }
    if (cluster.domainOf(a) != cluster.domainOf(b)) {
      assertThat(tier).isGreaterThan(Tier.SCALE_UP_DOMAIN);
    }
    if (cluster.leafGroupOf(a) != cluster.leafGroupOf(b)) {
      assertThat(tier).isGreaterThan(Tier.LEAF);
    }
    if (cluster.spineGroupOf(a) != cluster.spineGroupOf(b)) {
      assertThat(tier).isEqualTo(Tier.CORE);
    }
  }

  // ---- bandwidth and determinism -------------------------------------------------------------

  @Property(tries = 200, seed = "20240612")
  void bandwidthIsSymmetric(
      @ForAll("specs") ClusterSpec spec,
      @ForAll long first,
      @ForAll long second,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster cluster = Cluster.build(spec);
    int a = device(cluster, first);
    int b = near(cluster, a, reach, second);
    assertThat(cluster.bandwidthBytesPerSecond(a, b))
        .isEqualTo(cluster.bandwidthBytesPerSecond(b, a));
  }

  @Property(tries = 200, seed = "20240613")
  void buildingTwiceFromTheSameSpecGivesIdenticalAnswers(
      @ForAll("specs") ClusterSpec spec,
      @ForAll @Size(value = 16) List<Long> draws,
      @ForAll @IntRange(min = 0, max = 3) int reach) {
    Cluster one = Cluster.build(spec);
    Cluster two = Cluster.build(spec);

    assertThat(two.deviceCount()).isEqualTo(one.deviceCount());
    assertThat(two.domainCount()).isEqualTo(one.domainCount());
    assertThat(two.leafGroupCount()).isEqualTo(one.leafGroupCount());
    assertThat(two.leafSwitchCount()).isEqualTo(one.leafSwitchCount());
    assertThat(two.spineGroupCount()).isEqualTo(one.spineGroupCount());
    for (int d = 0; d < one.deviceCount(); d++) {
      assertThat(two.nodeOf(d)).isEqualTo(one.nodeOf(d));
      assertThat(two.domainOf(d)).isEqualTo(one.domainOf(d));
      assertThat(two.leafGroupOf(d)).isEqualTo(one.leafGroupOf(d));
      assertThat(two.leafSwitchOf(d)).isEqualTo(one.leafSwitchOf(d));
      assertThat(two.spineGroupOf(d)).isEqualTo(one.spineGroupOf(d));
      assertThat(two.poolIndexOf(d)).isEqualTo(one.poolIndexOf(d));
    }
    for (int i = 0; i < draws.size(); i += 2) {
      int a = device(one, draws.get(i));
      int b = near(one, a, reach, draws.get(i + 1));
      assertThat(two.deviceName(a)).isEqualTo(one.deviceName(a));
      assertThat(two.lowestCommonTier(a, b)).isEqualTo(one.lowestCommonTier(a, b));
      assertThat(two.bandwidthBytesPerSecond(a, b)).isEqualTo(one.bandwidthBytesPerSecond(a, b));
    }
    ClusterTotals x = one.totals();
    ClusterTotals y = two.totals();
    for (Precision precision : Precision.values()) {
      assertThat(y.peakPflops(precision)).isEqualTo(x.peakPflops(precision));
    }
    assertThat(y.memoryTB()).isEqualTo(x.memoryTB());
    assertThat(y.itPowerWatts()).isEqualTo(x.itPowerWatts());
    assertThat(y.injectionBytesPerSecond()).isEqualTo(x.injectionBytesPerSecond());
    assertThat(y.bisectionBytesPerSecond()).isEqualTo(x.bisectionBytesPerSecond());
    assertThat(y.capex()).isEqualTo(x.capex());
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
