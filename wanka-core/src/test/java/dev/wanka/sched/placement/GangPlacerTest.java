package dev.wanka.sched.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.topology.Tier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GangPlacerTest {
  /**
   * 24 nodes of 8 H100: leaf groups of 4 nodes (0-3, 4-7, ...), spine groups of 2 leaf groups
   * (nodes 0-7, 8-15, 16-23).
   */
  static final Cluster CLUSTER =
      Cluster.build(
          ClusterSpecReader.read(
              "gangs.yaml",
              """
              name: gangs
              fabric: {tiers: 3, layout: rail-optimized, nodesPerLeaf: 4, leavesPerSpine: 2}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 24, devicesPerNode: 8}
              """,
              Catalog.bundled()));

  private static void takeOneDeviceOn(FreeCapacity free, int... nodes) {
    for (int node : nodes) {
      free.take(free.nextFreeDevice(node, CLUSTER.firstDeviceOfNode(node)));
    }
  }

  /** The cluster with up to {@code busyDevices} devices taken at random. */
  private static FreeCapacity randomlyBusy(long seed, int busyDevices) {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < busyDevices; i++) {
      int device = random.nextInt(CLUSTER.deviceCount());
      if (free.isFree(device)) {
        free.take(device);
      }
    }
    return free;
  }

  private static Set<Integer> nodesOf(Placement placement) {
    Set<Integer> nodes = new HashSet<>();
    for (int device : placement.devices()) {
      nodes.add(CLUSTER.nodeOf(device));
    }
    return nodes;
  }

  @Test
  void aGangThatFitsInOneLeafIsNotSpreadOverTwo() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    takeOneDeviceOn(free, 0); // leaf 0 keeps only 3 idle nodes

    Placement placement = new GangPlacer(free).place(0, 32, Tier.CORE).orElseThrow();

    assertThat(placement.spans()).isEqualTo(Tier.LEAF);
    assertThat(nodesOf(placement)).containsExactlyInAnyOrder(4, 5, 6, 7);
  }

  @Test
  void aSingleNodeRequestTakesTheBestFittingNode() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    for (int i = 0; i < 5; i++) {
      takeOneDeviceOn(free, 3); // node 3: 3 free
    }
    for (int i = 0; i < 3; i++) {
      takeOneDeviceOn(free, 9); // node 9: 5 free
    }

    Placement placement = new GangPlacer(free).place(0, 3, Tier.NODE).orElseThrow();

    assertThat(nodesOf(placement)).containsExactly(3);
    assertThat(placement.spans()).isEqualTo(Tier.NODE);
  }

  @Test
  void aGangWiderThanALeafFillsTheFullestLeavesOfOneSpine() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    takeOneDeviceOn(free, 0, 1, 2); // spine 0: leaves with 1 and 4 idle nodes
    takeOneDeviceOn(free, 8); // spine 1: leaves with 3 and 4 idle nodes
    // spine 2: two leaves of 4 idle nodes

    Placement placement = new GangPlacer(free).place(0, 6 * 8, Tier.SPINE).orElseThrow();

    // Spine 1 is the tightest spine with 6 idle nodes; its full leaf first, then 2 of the other.
    assertThat(placement.spans()).isEqualTo(Tier.SPINE);
    assertThat(nodesOf(placement)).containsExactlyInAnyOrder(12, 13, 14, 15, 9, 10);
  }

  @Test
  void aRequiredTierThatIsTooNarrowGivesAReasonWithTheLargestBlock() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    takeOneDeviceOn(free, 0, 4, 8, 12, 16, 20); // every leaf keeps 3 idle nodes
    GangPlacer placer = new GangPlacer(free);

    assertThat(placer.place(0, 32, Tier.LEAF)).isEmpty();
    assertThat(placer.explain(0, 32, Tier.LEAF))
        .isEqualTo(
            "needs 32 h100-sxm (4 whole nodes) within one leaf; the largest free block of whole"
                + " nodes in a leaf of pool h100 is 24");
    assertThat(placer.place(0, 32, Tier.SPINE).orElseThrow().spans()).isEqualTo(Tier.SPINE);
  }

  @Test
  void aGangLargerThanASpineSpansTheCore() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    Placement placement = new GangPlacer(free).place(0, 12 * 8, Tier.CORE).orElseThrow();

    assertThat(placement.spans()).isEqualTo(Tier.CORE);
    assertThat(placement.size()).isEqualTo(96);
    assertThat(new GangPlacer(free).place(0, 12 * 8, Tier.SPINE)).isEmpty();
  }

  @Test
  void aSpreadGangTakesTheRoomLeftOnPartlyUsedNodesOfOneLeaf() {
    FreeCapacity free = new FreeCapacity(CLUSTER);
    for (int node = 4; node < 8; node++) {
      for (int i = 0; i < 4; i++) {
        takeOneDeviceOn(free, node); // leaf 1: four nodes with 4 free each
      }
    }

    Placement placement = new GangPlacer(free).placeSpread(0, 16, 4, Tier.LEAF).orElseThrow();

    // Leaf 0 is idle and would hold the gang too, but leaf 1 has the least room that fits.
    assertThat(placement.spans()).isEqualTo(Tier.LEAF);
    assertThat(nodesOf(placement)).containsExactlyInAnyOrder(4, 5, 6, 7);
    for (int device : placement.devices()) {
      assertThat(free.isFree(device)).isTrue();
    }
  }

  @Test
  void aSpreadGangThatNeedsMoreNodesThanALeafHasSpansASpine() {
    FreeCapacity free = new FreeCapacity(CLUSTER);

    Placement placement = new GangPlacer(free).placeSpread(0, 6 * 2, 2, Tier.SPINE).orElseThrow();

    assertThat(placement.spans()).isEqualTo(Tier.SPINE);
    assertThat(nodesOf(placement)).hasSize(6);
    assertThat(new GangPlacer(free).placeSpread(0, 6 * 2, 2, Tier.LEAF)).isEmpty();
  }

  @Property(tries = 200, seed = "20261130")
  void placementsUseFreeDistinctDevicesAndTheNarrowestTierThatHasRoom(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 150) int busyDevices,
      @ForAll @IntRange(min = 1, max = 24) int nodes) {
    FreeCapacity free = randomlyBusy(seed, busyDevices);
    Optional<Placement> placement = new GangPlacer(free).place(0, nodes * 8, Tier.CORE);

    int idle = 0;
    int mostInALeaf = 0;
    for (int group = 0; group < CLUSTER.leafGroupCount(); group++) {
      idle += free.idleNodesInLeafGroup(group);
      mostInALeaf = Math.max(mostInALeaf, free.idleNodesInLeafGroup(group));
    }
    assertThat(placement.isPresent()).isEqualTo(idle >= nodes);
    if (placement.isPresent()) {
      int[] devices = placement.get().devices();
      assertThat(devices).hasSize(nodes * 8);
      assertThat(Arrays.stream(devices).distinct().count()).isEqualTo(devices.length);
      for (int device : devices) {
        assertThat(free.isFree(device)).isTrue();
      }
      for (int node : nodesOf(placement.get())) {
        assertThat(free.isIdle(node)).isTrue();
      }
      assertThat(placement.get().spans()).isEqualTo(CLUSTER.lowestCommonTier(devices));
      if (nodes > 1 && mostInALeaf >= nodes) {
        assertThat(placement.get().spans()).isLessThanOrEqualTo(Tier.LEAF);
      }
    }
  }

  @Property(tries = 200, seed = "20261201")
  void spreadGangsPutTheirShareOnNodesWithRoomAndFitWheneverEnoughNodesHaveRoom(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 150) int busyDevices,
      @ForAll @IntRange(min = 0, max = 2) int perNodeLog,
      @ForAll @IntRange(min = 2, max = 24) int nodes) {
    FreeCapacity free = randomlyBusy(seed, busyDevices);
    int perNode = 1 << perNodeLog; // 1, 2 or 4 of 8
    Optional<Placement> placement =
        new GangPlacer(free).placeSpread(0, nodes * perNode, perNode, Tier.CORE);

    long withRoom =
        IntStream.range(0, CLUSTER.nodeCount()).filter(n -> free.freeOnNode(n) >= perNode).count();
    assertThat(placement.isPresent()).isEqualTo(withRoom >= nodes);
    if (placement.isPresent()) {
      int[] devices = placement.get().devices();
      assertThat(Arrays.stream(devices).distinct().count()).isEqualTo((long) nodes * perNode);
      for (int device : devices) {
        assertThat(free.isFree(device)).isTrue();
      }
      assertThat(nodesOf(placement.get())).hasSize(nodes);
    }
  }
}
