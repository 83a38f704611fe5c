package dev.wanka.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Small clusters drawn by hand, with every expected number worked out in the comments. The
 * clusters:
 *
 * <pre>
 * FAT_TREE   2-tier fat-tree, 4 nodes per leaf; pool h100: 10 nodes x 8 H100 = 80 devices.
 *            leaf groups: g0 = nodes 0-3, g1 = nodes 4-7, g2 = nodes 8-9 (partial).
 *
 * RAILS      2-tier rail-optimized, 3 nodes per leaf; pool r: 6 nodes x 8 H100, 4 NICs of 400G,
 *            so two devices share each rail. g0 = nodes 0-2 on rail switches 0-3,
 *            g1 = nodes 3-5 on rail switches 4-7; device with local index i is on rail i / 2.
 *
 * POOLS      3-tier fat-tree, 2 nodes per leaf, 2 leaf groups per spine group, oversubscription
 *            2 at the leaf and 4 at the spine.
 *            pool a: 3 x 8 H100, nodes 0-2, devices 0-23,  groups g0 = {0,1}, g1 = {2}
 *            pool b: 4 x 8 A100, nodes 3-6, devices 24-55, nodesPerLeaf 4, g2 = {3..6}
 *            pool c: 3 x 8 910B3, nodes 7-9, devices 56-79, g3 = {7,8}, g4 = {9}
 *            spine groups (leaf group / 2): s0 = {g0,g1}, s1 = {g2,g3}, s2 = {g4}
 *
 * NVL72      2-tier rail-optimized, 72 nodes per leaf; pool nvl72: 90 trays x 4 GB200 = 360
 *            devices, 18 trays per NVLink domain, 4 NICs of 400G per tray.
 *            domains d0..d4 = nodes 0-17, 18-35, 36-53, 54-71, 72-89;
 *            g0 = nodes 0-71 (d0..d3), g1 = nodes 72-89 (d4, partial).
 * </pre>
 */
class ClusterTest {
  private static final double GB = 1e9;

  static final Cluster FAT_TREE = ClusterSpecs.fatTree(4).pool("h100", "h100-sxm", 10, 8).cluster();

  static final Cluster RAILS =
      ClusterSpecs.railOptimized(3).pool("r", "h100-sxm", 6, 8).nics(4, 400).cluster();

  static final Cluster POOLS =
      ClusterSpecs.fabric(3, FabricLayout.FAT_TREE, 2)
          .leavesPerSpine(2)
          .oversubscription(2, 4)
          .pool("a", "h100-sxm", 3, 8)
          .pool("b", "a100-sxm-80gb", 4, 8)
          .nodesPerLeaf(4)
          .pool("c", "ascend-910b3", 3, 8)
          .cluster();

  static final Cluster NVL72 =
      ClusterSpecs.railOptimized(72)
          .pool("nvl72", "gb200-b200", 90, 4)
          .domainNodes(18)
          .nics(4, 400)
          .cluster();

  static Cluster h100TenK() {
    try {
      String yaml = Files.readString(Path.of("../examples/clusters/h100-10k.yaml"));
      return Cluster.build(ClusterSpecReader.read("h100-10k.yaml", yaml, ClusterSpecs.CATALOG));
    } catch (IOException e) {
      throw new AssertionError("cannot read the example", e);
    }
  }

  /** A known bandwidth figure, bytes per second. */
  private static double bytesPerSecond(Cluster cluster, int a, int b) {
    return cluster.bandwidthBytesPerSecond(a, b).asOptional().orElseThrow();
  }

  @Nested
  class TheFixture {
    @Test
    void buildsTheSameFabricAndPoolsAsTheReaderDoesForTheTenThousandGpuExample() {
      ClusterSpec inCode =
          ClusterSpecs.railOptimized(32)
              .oversubscription(1)
              .pool("h100", "h100-sxm", 1280, 8)
              .nics(8, 400)
              .capexPerNode(2_500_000)
              .nodeOverheadWatts(4600)
              .prices("CNY", 0.6)
              .pue(1.25)
              .build();
      ClusterSpec read = h100TenK().spec();

      assertThat(inCode.fabric()).isEqualTo(read.fabric());
      assertThat(inCode.pools()).isEqualTo(read.pools());
      assertThat(inCode.prices()).isEqualTo(read.prices());
      assertThat(inCode.pue()).isEqualTo(read.pue());
    }

    @Test
    void rejectsWhatTheReaderWouldReject() {
      // 3 tiers without leavesPerSpine; a domain of 22 trays x 4 = 88 GPUs (NVLink limit 72); a
      // domain of 5 trays under a leaf of 72 (5 does not divide 72); GB200 without a NIC figure;
      // capex without prices.
      assertThatThrownBy(() -> ClusterSpecs.fabric(3, FabricLayout.FAT_TREE, 4).build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(
              () ->
                  ClusterSpecs.fatTree(72)
                      .pool("p", "gb200-b200", 18, 4)
                      .domainNodes(22)
                      .nics(4, 400)
                      .build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(
              () ->
                  ClusterSpecs.fatTree(72)
                      .pool("p", "gb200-b200", 18, 4)
                      .domainNodes(5)
                      .nics(4, 400)
                      .build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> ClusterSpecs.fatTree(4).pool("p", "gb200-b200", 18, 4).build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(
              () -> ClusterSpecs.fatTree(4).pool("p", "h100", 1, 8).capexPerNode(1).build())
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class WhereADeviceSits {
    @Test
    void countsDevicesNodesDomainsLeafGroupsAndSpineGroups() {
      // 10 x 8 = 80 devices; 10 single-node domains; ceil(10 / 4) = 3 leaf groups; 2 tiers: one
      // spine group; fat-tree: one leaf switch per group.
      assertThat(FAT_TREE.deviceCount()).isEqualTo(80);
      assertThat(FAT_TREE.nodeCount()).isEqualTo(10);
      assertThat(FAT_TREE.domainCount()).isEqualTo(10);
      assertThat(FAT_TREE.leafGroupCount()).isEqualTo(3);
      assertThat(FAT_TREE.leafSwitchCount()).isEqualTo(3);
      assertThat(FAT_TREE.spineGroupCount()).isEqualTo(1);
      assertThat(FAT_TREE.tiers()).isEqualTo(2);
    }

    @Test
    void findsTheNodeLocalIndexDomainLeafGroupAndSpineGroupOfADevice() {
      // Device 27: node 27 / 8 = 3, local 27 - 24 = 3, leaf group 3 / 4 = 0.
      assertThat(FAT_TREE.nodeOf(27)).isEqualTo(3);
      assertThat(FAT_TREE.localIndexOf(27)).isEqualTo(3);
      assertThat(FAT_TREE.domainOf(27)).isEqualTo(3);
      assertThat(FAT_TREE.leafGroupOf(27)).isEqualTo(0);
      assertThat(FAT_TREE.leafSwitchOf(27)).isEqualTo(0);
      assertThat(FAT_TREE.spineGroupOf(27)).isEqualTo(0);
      // Device 40: node 5, local 0, leaf group 5 / 4 = 1.
      assertThat(FAT_TREE.nodeOf(40)).isEqualTo(5);
      assertThat(FAT_TREE.localIndexOf(40)).isEqualTo(0);
      assertThat(FAT_TREE.leafGroupOf(40)).isEqualTo(1);
      assertThat(FAT_TREE.leafSwitchOf(40)).isEqualTo(1);
      // Device 79, the last: node 9, local 7, leaf group 2.
      assertThat(FAT_TREE.nodeOf(79)).isEqualTo(9);
      assertThat(FAT_TREE.localIndexOf(79)).isEqualTo(7);
      assertThat(FAT_TREE.leafGroupOf(79)).isEqualTo(2);
      assertThat(FAT_TREE.leafSwitchOf(79)).isEqualTo(2);
      assertThat(FAT_TREE.poolOf(79).name()).isEqualTo("h100");
      assertThat(FAT_TREE.poolIndexOf(79)).isZero();
    }

    @Test
    void givesTheDeviceRangeOfANode() {
      // Node 5 holds devices 5 x 8 = 40 .. 47.
      assertThat(FAT_TREE.firstDeviceOfNode(5)).isEqualTo(40);
      assertThat(FAT_TREE.devicesOnNode(5)).isEqualTo(8);
      assertThat(FAT_TREE.firstDeviceOfNode(0)).isZero();
      assertThat(FAT_TREE.firstDeviceOfNode(9)).isEqualTo(72);
      assertThat(FAT_TREE.devicesOnNode(9)).isEqualTo(8);
    }

    @Test
    void leavesAPartialLastLeafGroupWhenNodesAreNotAMultipleOfNodesPerLeaf() {
      // 10 nodes, 4 per leaf: groups start at nodes 0, 4 and 8; the last holds 10 - 8 = 2.
      assertThat(FAT_TREE.firstNodeOfLeafGroup(0)).isZero();
      assertThat(FAT_TREE.firstNodeOfLeafGroup(1)).isEqualTo(4);
      assertThat(FAT_TREE.firstNodeOfLeafGroup(2)).isEqualTo(8);
      assertThat(FAT_TREE.nodesInLeafGroup(0)).isEqualTo(4);
      assertThat(FAT_TREE.nodesInLeafGroup(1)).isEqualTo(4);
      assertThat(FAT_TREE.nodesInLeafGroup(2)).isEqualTo(2);
      assertThat(FAT_TREE.leafGroupOfNode(9)).isEqualTo(2);
    }

    @Test
    void namesNodesByPoolAndOneBasedIndexZeroPaddedToAtLeastThreeDigits() {
      // 10 nodes need 2 digits, padded to the minimum of 3.
      assertThat(FAT_TREE.nodeName(0)).isEqualTo("h100-001");
      assertThat(FAT_TREE.nodeName(9)).isEqualTo("h100-010");
      // Device 27 is local device 3 of node 3, the pool's 4th node.
      assertThat(FAT_TREE.deviceName(27)).isEqualTo("h100-004/3");
    }

    @Test
    void padsNamesToTheWidthOfTheLargestNodeIndexOfThePool() {
      // 1,280 nodes need 4 digits; device 3 is local 3 of node 1; device 10,239 is local 7 of
      // node 1,280.
      Cluster tenK = h100TenK();
      assertThat(tenK.deviceName(3)).isEqualTo("h100-0001/3");
      assertThat(tenK.nodeName(1279)).isEqualTo("h100-1280");
      assertThat(tenK.deviceName(10_239)).isEqualTo("h100-1280/7");
    }

    @Test
    void givesEveryFatTreeLeafGroupOneSwitch() {
      // Every device of nodes 4-7 (devices 32..63) enters leaf switch 1.
      for (int device = 32; device < 64; device++) {
        assertThat(FAT_TREE.leafSwitchOf(device)).as("device %d", device).isEqualTo(1);
      }
    }

    @Test
    void putsDeviceIOfEveryNodeInARailGroupOnRailSwitchI() {
      // h100-10k: 8 NICs per node, 32 nodes per group, so 8 rail switches per group.
      // Device 3 (node 0, local 3) and device 31 x 8 + 3 = 251 (node 31, local 3) share rail
      // switch 3; device 32 x 8 + 3 = 259 is node 32, in group 1, rail switch 8 + 3 = 11.
      Cluster tenK = h100TenK();
      assertThat(tenK.leafSwitchOf(3)).isEqualTo(3);
      assertThat(tenK.leafSwitchOf(251)).isEqualTo(3);
      assertThat(tenK.leafSwitchOf(259)).isEqualTo(11);
      // 1,280 / 32 = 40 groups x 8 rails = 320 leaf switches.
      assertThat(tenK.leafGroupCount()).isEqualTo(40);
      assertThat(tenK.leafSwitchCount()).isEqualTo(320);
    }

    @Test
    void letsTwoDevicesShareARailWhenANodeHasHalfAsManyNicsAsDevices() {
      // 4 NICs for 8 devices: rail = local x 4 / 8 = local / 2.
      // Devices 4 and 5 (node 0, locals 4, 5) and 13 (node 1, local 5) all use rail 2.
      assertThat(RAILS.leafSwitchOf(4)).isEqualTo(2);
      assertThat(RAILS.leafSwitchOf(5)).isEqualTo(2);
      assertThat(RAILS.leafSwitchOf(13)).isEqualTo(2);
      assertThat(RAILS.leafSwitchOf(0)).isEqualTo(0);
      assertThat(RAILS.leafSwitchOf(1)).isEqualTo(0);
      // Device 30: node 3 (group 1, switches 4-7), local 6, rail 3: switch 4 + 3 = 7.
      assertThat(RAILS.leafSwitchOf(30)).isEqualTo(7);
      assertThat(RAILS.leafSwitchOf(47)).isEqualTo(7);
      assertThat(RAILS.leafSwitchOf(24)).isEqualTo(4);
      // 2 groups x 4 rails.
      assertThat(RAILS.leafSwitchCount()).isEqualTo(8);
    }

    @Test
    void numbersPoolsInOrderAndNeverLetThemShareALeafGroup() {
      assertThat(POOLS.deviceCount()).isEqualTo(80);
      assertThat(POOLS.nodeCount()).isEqualTo(10);
      assertThat(POOLS.firstNodeOfPool(0)).isZero();
      assertThat(POOLS.firstNodeOfPool(1)).isEqualTo(3);
      assertThat(POOLS.firstNodeOfPool(2)).isEqualTo(7);
      assertThat(POOLS.poolOf(23).name()).isEqualTo("a");
      assertThat(POOLS.poolOf(24).name()).isEqualTo("b");
      assertThat(POOLS.poolOf(55).name()).isEqualTo("b");
      assertThat(POOLS.poolIndexOf(56)).isEqualTo(2);
      assertThat(POOLS.poolIndexOfNode(6)).isEqualTo(1);
      // Pool a's third node sits alone in g1 though a leaf holds 2: pool b starts a new group.
      assertThat(POOLS.leafGroupOf(23)).isEqualTo(1);
      assertThat(POOLS.nodesInLeafGroup(1)).isEqualTo(1);
      assertThat(POOLS.leafGroupOf(24)).isEqualTo(2);
      // Pool b uses its own nodesPerLeaf of 4: one group of nodes 3-6.
      assertThat(POOLS.firstNodeOfLeafGroup(2)).isEqualTo(3);
      assertThat(POOLS.nodesInLeafGroup(2)).isEqualTo(4);
      assertThat(POOLS.leafGroupOf(56)).isEqualTo(3);
      assertThat(POOLS.leafGroupOf(79)).isEqualTo(4);
      assertThat(POOLS.leafGroupCount()).isEqualTo(5);
    }

    @Test
    void letsLeafGroupsOfDifferentPoolsShareASpineGroupInThreeTiers() {
      // Spine group = leaf group / 2: g0, g1 -> s0; g2 (pool b), g3 (pool c) -> s1; g4 -> s2.
      assertThat(POOLS.spineGroupOf(0)).isEqualTo(0);
      assertThat(POOLS.spineGroupOf(23)).isEqualTo(0);
      assertThat(POOLS.spineGroupOf(55)).isEqualTo(1);
      assertThat(POOLS.spineGroupOf(56)).isEqualTo(1);
      assertThat(POOLS.spineGroupOf(72)).isEqualTo(2);
      assertThat(POOLS.spineGroupOfLeafGroup(4)).isEqualTo(2);
      assertThat(POOLS.spineGroupCount()).isEqualTo(3);
    }

    @Test
    void namesNodesWithinTheirOwnPool() {
      // Node 3 is pool b's first; node 9 is pool c's third; device 56 is local 0 of node 7.
      assertThat(POOLS.nodeName(3)).isEqualTo("b-001");
      assertThat(POOLS.nodeName(9)).isEqualTo("c-003");
      assertThat(POOLS.deviceName(56)).isEqualTo("c-001/0");
      assertThat(POOLS.deviceName(55)).isEqualTo("b-004/7");
    }

    @Test
    void groupsNodesIntoMultiNodeScaleUpDomainsInsideOneLeafGroup() {
      // 90 trays / 18 = 5 domains; 90 / 72 = 2 leaf groups (72 + 18); 2 x 4 rail switches.
      assertThat(NVL72.deviceCount()).isEqualTo(360);
      assertThat(NVL72.domainCount()).isEqualTo(5);
      assertThat(NVL72.leafGroupCount()).isEqualTo(2);
      assertThat(NVL72.leafSwitchCount()).isEqualTo(8);
      // Device 71: node 71 / 4 = 17, the last tray of d0; device 72: node 18, the first of d1.
      assertThat(NVL72.domainOf(71)).isEqualTo(0);
      assertThat(NVL72.domainOf(72)).isEqualTo(1);
      // Device 287: node 71, d3, g0; device 288: node 72, d4, g1.
      assertThat(NVL72.domainOf(287)).isEqualTo(3);
      assertThat(NVL72.leafGroupOf(287)).isEqualTo(0);
      assertThat(NVL72.domainOf(288)).isEqualTo(4);
      assertThat(NVL72.leafGroupOf(288)).isEqualTo(1);
      assertThat(NVL72.domainOfNode(89)).isEqualTo(4);
      // Rails: 4 NICs for 4 devices; device 287 is local 3 (rail 3), 288 local 0 of group 1.
      assertThat(NVL72.leafSwitchOf(287)).isEqualTo(3);
      assertThat(NVL72.leafSwitchOf(288)).isEqualTo(4);
    }

    @Test
    void rejectsDevicesNodesAndLeafGroupsOutOfRange() {
      assertThatThrownBy(() -> FAT_TREE.nodeOf(80)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.nodeOf(-1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.leafSwitchOf(80))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.firstDeviceOfNode(10))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.devicesOnNode(10))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.devicesOnNode(-1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.nodesInLeafGroup(3))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.firstNodeOfLeafGroup(-1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.nodeName(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Nested
  class LowestCommonTier {
    @Test
    void isDeviceForOneDeviceAndNodeForTwoOfOneNode() {
      assertThat(FAT_TREE.lowestCommonTier(27, 27)).isEqualTo(Tier.DEVICE);
      // Devices 24..31 are node 3.
      assertThat(FAT_TREE.lowestCommonTier(24, 31)).isEqualTo(Tier.NODE);
    }

    @Test
    void isLeafWithinALeafGroupAndSpineAcrossGroupsOfATwoTierFabric() {
      // Device 0 (node 0) and 31 (node 3): both g0. Device 32 is node 4, g1.
      assertThat(FAT_TREE.lowestCommonTier(0, 31)).isEqualTo(Tier.LEAF);
      assertThat(FAT_TREE.lowestCommonTier(0, 32)).isEqualTo(Tier.SPINE);
      assertThat(FAT_TREE.lowestCommonTier(79, 0)).isEqualTo(Tier.SPINE);
    }

    @Test
    void isScaleUpDomainOnlyForDifferentNodesOfAMultiNodeDomain() {
      // NVL72: devices 0 and 3 share node 0; 71 is node 17, still d0; 72 is node 18 in d1 but
      // g0; 288 is node 72, g1.
      assertThat(NVL72.lowestCommonTier(0, 3)).isEqualTo(Tier.NODE);
      assertThat(NVL72.lowestCommonTier(0, 71)).isEqualTo(Tier.SCALE_UP_DOMAIN);
      assertThat(NVL72.lowestCommonTier(0, 72)).isEqualTo(Tier.LEAF);
      assertThat(NVL72.lowestCommonTier(0, 288)).isEqualTo(Tier.SPINE);
      // With single-node domains no pair is SCALE_UP_DOMAIN.
      assertThat(tiersOfAllPairs(FAT_TREE)).doesNotContain(Tier.SCALE_UP_DOMAIN);
    }

    @Test
    void isCoreOnlyAcrossSpineGroupsOfAThreeTierFabric() {
      // POOLS: 0 (g0, s0) and 23 (g1, s0): SPINE; 0 and 24 (g2, s1): CORE;
      // 55 (b, g2, s1) and 56 (c, g3, s1): SPINE although the pools differ; 72 is s2.
      assertThat(POOLS.lowestCommonTier(0, 8)).isEqualTo(Tier.LEAF);
      assertThat(POOLS.lowestCommonTier(0, 23)).isEqualTo(Tier.SPINE);
      assertThat(POOLS.lowestCommonTier(0, 24)).isEqualTo(Tier.CORE);
      assertThat(POOLS.lowestCommonTier(55, 56)).isEqualTo(Tier.SPINE);
      assertThat(POOLS.lowestCommonTier(56, 72)).isEqualTo(Tier.CORE);
    }

    @Test
    void neverGivesCoreInATwoTierFabric() {
      // Every one of the 80 x 80 and 360 x 360 pairs.
      assertThat(tiersOfAllPairs(FAT_TREE))
          .containsExactlyInAnyOrder(Tier.DEVICE, Tier.NODE, Tier.LEAF, Tier.SPINE);
      assertThat(tiersOfAllPairs(NVL72))
          .containsExactlyInAnyOrder(
              Tier.DEVICE, Tier.NODE, Tier.SCALE_UP_DOMAIN, Tier.LEAF, Tier.SPINE);
      assertThat(tiersOfAllPairs(RAILS)).doesNotContain(Tier.CORE);
    }

    @Test
    void ofASetIsTheFarthestTierBetweenAnyTwoOfItsDevices() {
      assertThat(FAT_TREE.lowestCommonTier(5)).isEqualTo(Tier.DEVICE);
      assertThat(FAT_TREE.lowestCommonTier(5, 5, 5)).isEqualTo(Tier.DEVICE);
      assertThat(FAT_TREE.lowestCommonTier(0, 1, 7)).isEqualTo(Tier.NODE);
      assertThat(NVL72.lowestCommonTier(0, 4, 71)).isEqualTo(Tier.SCALE_UP_DOMAIN);
      assertThat(NVL72.lowestCommonTier(0, 71, 287)).isEqualTo(Tier.LEAF);
      // The farthest pair need not involve the first device: 8 and 23 are g0 and g1.
      assertThat(POOLS.lowestCommonTier(0, 8, 23)).isEqualTo(Tier.SPINE);
      assertThat(POOLS.lowestCommonTier(0, 1, 24, 2)).isEqualTo(Tier.CORE);
      assertThat(POOLS.lowestCommonTier(60, 56, 8)).isEqualTo(Tier.CORE);
    }

    @Test
    void ofNoDevicesIsRejected() {
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(new int[0]))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofAPairWithADeviceOutOfRangeIsRejected() {
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(0, 80))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(80, 80))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(-1, 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.bandwidthBytesPerSecond(0, 80))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofASetWithADeviceOutOfRangeIsRejected() {
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(new int[] {80}))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> FAT_TREE.lowestCommonTier(new int[] {0, 1, -1}))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofASetWithADeviceOutOfRangeAfterACorePairIsRejected() {
      // Devices 0 and 24 already span two spine groups (CORE); device 80 does not exist.
      assertThatThrownBy(() -> POOLS.lowestCommonTier(new int[] {0, 24, 80}))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private Set<Tier> tiersOfAllPairs(Cluster cluster) {
      Set<Tier> seen = EnumSet.noneOf(Tier.class);
      for (int a = 0; a < cluster.deviceCount(); a++) {
        for (int b = 0; b < cluster.deviceCount(); b++) {
          seen.add(cluster.lowestCommonTier(a, b));
        }
      }
      return seen;
    }
  }

  @Nested
  class Bandwidth {
    @Test
    void toItselfIsTheDevicesMemoryBandwidth() {
      // H100: 3.35 TB/s = 3.35e12 B/s.
      assertThat(bytesPerSecond(FAT_TREE, 27, 27)).isCloseTo(3.35e12, within(1.0));
      // Ascend 910B3: 1.6 TB/s.
      assertThat(bytesPerSecond(POOLS, 60, 60)).isCloseTo(1.6e12, within(1.0));
    }

    @Test
    void withinANodeIsTheScaleUpLinkEachWay() {
      // H100 NVLink 900 GB/s counted both ways: 450 GB/s each way.
      assertThat(bytesPerSecond(FAT_TREE, 24, 31)).isCloseTo(450 * GB, within(1.0));
      // A100 NVLink3 600 GB/s both ways: 300 GB/s.
      assertThat(bytesPerSecond(POOLS, 24, 25)).isCloseTo(300 * GB, within(1.0));
      // Ascend 910B3 HCCS 196 GB/s, already one way.
      assertThat(bytesPerSecond(POOLS, 56, 63)).isCloseTo(196 * GB, within(1.0));
    }

    @Test
    void withinAMultiNodeDomainIsTheScaleUpLinkEachWay() {
      // GB200 NVLink5 1,800 GB/s both ways: 900 GB/s between trays 0 and 17 of one rack.
      assertThat(bytesPerSecond(NVL72, 0, 71)).isCloseTo(900 * GB, within(1.0));
    }

    @Test
    void underOneLeafIsTheDevicesShareOfItsNodesNics() {
      // FAT_TREE: one 400 Gb/s NIC per H100 = 50 GB/s; devices 0 and 31 share g0.
      assertThat(bytesPerSecond(FAT_TREE, 0, 31)).isCloseTo(50 * GB, within(1.0));
      // RAILS: 4 x 400 Gb/s / 8 devices = 200 Gb/s = 25 GB/s; devices 0 (node 0), 8 (node 1).
      assertThat(bytesPerSecond(RAILS, 0, 8)).isCloseTo(25 * GB, within(1.0));
      // NVL72: 4 x 400 Gb/s / 4 = 50 GB/s between different racks of g0 (devices 0 and 72).
      assertThat(bytesPerSecond(NVL72, 0, 72)).isCloseTo(50 * GB, within(1.0));
    }

    @Test
    void acrossLeafGroupsUnderOneSpineIsTheNicOverTheLeafOversubscription() {
      // POOLS: devices 0 (g0) and 16 (node 2, g1), both s0, H100 50 GB/s / 2 = 25 GB/s.
      assertThat(bytesPerSecond(POOLS, 0, 16)).isCloseTo(25 * GB, within(1.0));
      // A non-blocking 2-tier fabric divides by 1: FAT_TREE devices 0 and 32, 50 GB/s.
      assertThat(bytesPerSecond(FAT_TREE, 0, 32)).isCloseTo(50 * GB, within(1.0));
      // 2:1 at the leaf of a 2-tier fat-tree: 50 / 2 = 25 GB/s.
      Cluster blocking =
          ClusterSpecs.fatTree(4).oversubscription(2).pool("h100", "h100", 8, 8).cluster();
      assertThat(bytesPerSecond(blocking, 0, 32)).isCloseTo(25 * GB, within(1.0));
    }

    @Test
    void acrossSpineGroupsIsTheNicOverTheLeafTimesSpineOversubscription() {
      // POOLS: devices 56 (c, s1) and 72 (c, s2): 910B3 200 Gb/s = 25 GB/s / (2 x 4) = 3.125.
      assertThat(bytesPerSecond(POOLS, 56, 72)).isCloseTo(3.125 * GB, within(1.0));
    }

    @Test
    void betweenPoolsIsLimitedByTheSlowerNic() {
      // POOLS: device 0 (H100, 50 GB/s) and 24 (A100, 200 Gb/s = 25 GB/s) across spine groups:
      // min(50, 25) / (2 x 4) = 3.125 GB/s, whichever way round.
      assertThat(bytesPerSecond(POOLS, 0, 24)).isCloseTo(3.125 * GB, within(1.0));
      assertThat(bytesPerSecond(POOLS, 24, 0)).isCloseTo(3.125 * GB, within(1.0));
      // 2-tier, 2:1 at the leaf: min(50, 25) / 2 = 12.5 GB/s between the pools.
      Cluster mixed =
          ClusterSpecs.fatTree(2)
              .oversubscription(2)
              .pool("fast", "h100-sxm", 2, 8)
              .pool("slow", "a100-sxm-80gb", 2, 8)
              .cluster();
      assertThat(bytesPerSecond(mixed, 0, 16)).isCloseTo(12.5 * GB, within(1.0));
      assertThat(bytesPerSecond(mixed, 16, 0)).isCloseTo(12.5 * GB, within(1.0));
    }

    @Test
    void isUnknownWhereTheCatalogLacksTheFigure() {
      // Hygon K100: scale-up bandwidth and memory bandwidth unknown; NICs given in the spec.
      Cluster hygon =
          ClusterSpecs.fatTree(4).pool("k100", "hygon-k100", 2, 8).nics(8, 200).cluster();
      assertThat(hygon.bandwidthBytesPerSecond(0, 1)).isInstanceOf(Figure.Unknown.class);
      assertThat(hygon.bandwidthBytesPerSecond(0, 0)).isInstanceOf(Figure.Unknown.class);
      // Between nodes the NIC decides: 200 Gb/s = 25 GB/s.
      assertThat(bytesPerSecond(hygon, 0, 8)).isCloseTo(25 * GB, within(1.0));
    }
  }

  @Nested
  class Totals {
    @Test
    void ofTheTenThousandGpuExample() {
      Cluster tenK = h100TenK();
      ClusterTotals totals = tenK.totals();

      // 1,280 nodes x 8 = 10,240 devices.
      assertThat(tenK.deviceCount()).isEqualTo(10_240);
      assertThat(tenK.nodeCount()).isEqualTo(1_280);
      // BF16: 10,240 x 989 TFLOPS / 1000 = 10,127.36 PFLOPS; FP8: 10,240 x 1,979 / 1000 =
      // 20,264.96.
      assertThat(totals.peakPflops(Precision.BF16).known()).isCloseTo(10_127.36, within(1e-6));
      assertThat(totals.peakPflops(Precision.BF16).complete()).isTrue();
      assertThat(totals.peakPflops(Precision.FP8).known()).isCloseTo(20_264.96, within(1e-6));
      // Memory: 10,240 x 80 GB = 819,200 GB = 819.2 TB.
      assertThat(totals.memoryTB().known()).isCloseTo(819.2, within(1e-9));
      // Injection: 8 x 400 Gb/s / 8 = 400 Gb/s = 50 GB/s per GPU; x 10,240 = 512 TB/s.
      assertThat(totals.injectionBytesPerSecond()).isCloseTo(512e12, within(1.0));
      // Bisection: non-blocking, so half the injection: 256 TB/s.
      assertThat(totals.bisectionBytesPerSecond()).isCloseTo(256e12, within(1.0));
      // IT power: 10,240 x 700 W + 1,280 x 4,600 W = 7,168,000 + 5,888,000 = 13,056,000 W.
      assertThat(totals.itPowerWatts().known()).isCloseTo(13_056_000, within(1e-6));
      assertThat(totals.itPowerWatts().complete()).isTrue();
      // Facility: x 1.25 PUE = 16,320,000 W.
      assertThat(totals.facilityPowerWatts())
          .hasValueSatisfying(
              facility -> assertThat(facility.known()).isCloseTo(16_320_000, within(1e-6)));
      // Energy: 16,320 kW x 8,766 h x 0.6 CNY/kWh = 85,836,672 CNY a year.
      assertThat(totals.energyCostPerYear())
          .hasValueSatisfying(cost -> assertThat(cost).isCloseTo(85_836_672, within(1e-3)));
      // Capex: 1,280 x 2,500,000 = 3,200,000,000 CNY.
      assertThat(totals.capex())
          .hasValueSatisfying(capex -> assertThat(capex.known()).isCloseTo(3.2e9, within(1e-3)));
      // Per 100 PFLOPS: 3.2e9 / (10,127.36 / 100) = 3.2e9 / 101.2736 = 31,597,573.3 CNY.
      assertThat(totals.capexPer100PflopsBf16())
          .hasValueSatisfying(
              perHundred -> assertThat(perHundred).isCloseTo(31_597_573.3, within(0.1)));
    }

    @Test
    void bisectionOfATwoTierFabricWithSeveralLeavesIsHalfTheInjectionOverTheLeafRatio() {
      // 10 x 8 H100 at 50 GB/s: injection 80 x 50 GB/s = 4 TB/s; 3 leaf groups, 2:1 at the
      // leaf: 4 / 2 / 2 = 1 TB/s.
      ClusterTotals totals =
          ClusterSpecs.fatTree(4)
              .oversubscription(2)
              .pool("h100", "h100-sxm", 10, 8)
              .cluster()
              .totals();
      assertThat(totals.injectionBytesPerSecond()).isCloseTo(4e12, within(1.0));
      assertThat(totals.bisectionBytesPerSecond()).isCloseTo(1e12, within(1.0));
    }

    @Test
    void bisectionOfAThreeTierFabricWithSeveralSpineGroupsDividesByLeafTimesSpine() {
      // POOLS: injection 24 x 50 + 32 x 25 + 24 x 25 GB/s = 1,200 + 800 + 600 = 2.6 TB/s;
      // 3 spine groups, 2 x 4 = 8: 2.6 / 2 / 8 = 0.1625 TB/s.
      ClusterTotals totals = POOLS.totals();
      assertThat(totals.injectionBytesPerSecond()).isCloseTo(2.6e12, within(1.0));
      assertThat(totals.bisectionBytesPerSecond()).isCloseTo(0.1625e12, within(1.0));
    }

    @Test
    void bisectionOfAThreeTierFabricWithOneSpineGroupDividesByTheLeafRatioOnly() {
      // 3 leaf groups of up to 4 nodes fit under one spine group of 4: 4 TB/s / 2 / 2 = 1 TB/s.
      Cluster onePod =
          ClusterSpecs.fabric(3, FabricLayout.FAT_TREE, 4)
              .leavesPerSpine(4)
              .oversubscription(2, 4)
              .pool("h100", "h100-sxm", 10, 8)
              .cluster();
      assertThat(onePod.spineGroupCount()).isEqualTo(1);
      assertThat(onePod.totals().bisectionBytesPerSecond()).isCloseTo(1e12, within(1.0));
    }

    @Test
    void bisectionUnderASingleLeafGroupIsHalfTheInjection() {
      // All 10 nodes under one leaf, so no cut climbs a 3:1 uplink: 4 TB/s / 2 = 2 TB/s.
      Cluster oneLeaf =
          ClusterSpecs.fatTree(16).oversubscription(3).pool("h100", "h100", 10, 8).cluster();
      assertThat(oneLeaf.leafGroupCount()).isEqualTo(1);
      assertThat(oneLeaf.totals().bisectionBytesPerSecond()).isCloseTo(2e12, within(1.0));
    }

    @Test
    void powerIsIncompleteAndNamesThePoolWhoseAcceleratorLacksATdp() {
      // h100: 2 x 8 x 700 W + 2 x 4,600 W = 11,200 + 9,200 = 20,400 W;
      // ascend (910B3, TDP unknown): only its node overhead, 2 x 1,000 W = 2,000 W.
      // Known: 22,400 W.
      ClusterTotals totals =
          ClusterSpecs.fatTree(4)
              .pool("h100", "h100-sxm", 2, 8)
              .nodeOverheadWatts(4600)
              .pool("ascend", "ascend-910b3", 2, 8)
              .nodeOverheadWatts(1000)
              .prices("CNY", 0.6)
              .pue(1.25)
              .cluster()
              .totals();
      assertThat(totals.itPowerWatts().known()).isCloseTo(22_400, within(1e-9));
      assertThat(totals.itPowerWatts().complete()).isFalse();
      assertThat(totals.itPowerWatts().unknown()).isFalse();
      assertThat(totals.itPowerWatts().missing())
          .singleElement()
          .satisfies(reason -> assertThat(reason).contains("pool 'ascend'").contains("tdpWatts"));
      // PUE scales what is known (22,400 x 1.25 = 28,000 W) and keeps it incomplete, so no
      // yearly energy bill is claimed.
      assertThat(totals.facilityPowerWatts())
          .hasValueSatisfying(
              facility -> {
                assertThat(facility.known()).isCloseTo(28_000, within(1e-9));
                assertThat(facility.complete()).isFalse();
              });
      assertThat(totals.energyCostPerYear()).isEmpty();
      // The BF16 peak is known for both: 16 x 989 + 16 x 295 = 15,824 + 4,720 = 20,544 TFLOPS.
      assertThat(totals.peakPflops(Precision.BF16).known()).isCloseTo(20.544, within(1e-9));
      assertThat(totals.peakPflops(Precision.BF16).complete()).isTrue();
    }

    @Test
    void capexIsIncompleteWhenAPoolLacksCapexPerNode() {
      // Pool a: 3 nodes x 1,000,000 = 3,000,000; pool b has no price.
      ClusterTotals totals =
          ClusterSpecs.fatTree(4)
              .prices("USD")
              .pool("a", "h100-sxm", 3, 8)
              .capexPerNode(1_000_000)
              .pool("b", "h100-sxm", 2, 8)
              .cluster()
              .totals();
      assertThat(totals.capex())
          .hasValueSatisfying(
              capex -> {
                assertThat(capex.known()).isCloseTo(3_000_000, within(1e-9));
                assertThat(capex.missing()).containsExactly("pool 'b': capexPerNode not given");
              });
      assertThat(totals.capexPer100PflopsBf16()).isEmpty();
    }

    @Test
    void capexIsAbsentWithoutPrices() {
      ClusterTotals totals = FAT_TREE.totals();
      assertThat(totals.capex()).isEmpty();
      assertThat(totals.capexPer100PflopsBf16()).isEmpty();
      assertThat(totals.facilityPowerWatts()).isEmpty();
      assertThat(totals.energyCostPerYear()).isEmpty();
    }
  }
}
