package dev.wanka.sched.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FreeCapacityTest {
  /** Two pools on a 3-tier fabric: H100 nodes of 8, and GB200 trays of 4 in 18-tray domains. */
  static final Cluster MIXED =
      Cluster.build(
          ClusterSpecReader.read(
              "mixed.yaml",
              """
              name: mixed
              fabric:
                tiers: 3
                layout: rail-optimized
                nodesPerLeaf: 4
                leavesPerSpine: 2
              pools:
                - name: h100
                  accelerator: h100-sxm
                  nodes: 20
                  devicesPerNode: 8
                - name: nvl
                  accelerator: gb200-b200
                  nodes: 36
                  devicesPerNode: 4
                  domainNodes: 18
                  nodesPerLeaf: 18
                  nicGbps: 800
              """,
              Catalog.bundled()));

  @Test
  void everythingStartsFree() {
    FreeCapacity free = new FreeCapacity(MIXED);

    assertThat(free.freeInPool(0)).isEqualTo(160);
    assertThat(free.freeInPool(1)).isEqualTo(144);
    assertThat(free.largestFreeNode(0)).isEqualTo(8);
    assertThat(free.largestFreeDomain(1)).isEqualTo(72);
    assertThat(free.largestFreeLeafGroup(0)).isEqualTo(32);
    assertThat(free.largestFreeSpineGroup(0)).isEqualTo(64);
  }

  @Test
  void takingDevicesMovesTheSearches() {
    FreeCapacity free = new FreeCapacity(MIXED);
    for (int device = 0; device < 5; device++) {
      free.take(device); // 5 of node 0's 8
    }

    assertThat(free.freeOnNode(0)).isEqualTo(3);
    assertThat(free.firstNodeWithFree(0, 3)).isZero();
    assertThat(free.firstNodeWithFree(0, 4)).isEqualTo(1);
    assertThat(free.firstLeafGroupWithFree(0, 32)).isEqualTo(1);
    assertThat(free.nextFreeDevice(0, 0)).isEqualTo(5);

    free.release(2);
    assertThat(free.firstNodeWithFree(0, 4)).isZero();
    assertThat(free.nextFreeDevice(0, 0)).isEqualTo(2);
  }

  @Test
  void aDeviceIsNeverTakenTwiceNorReleasedTwice() {
    FreeCapacity free = new FreeCapacity(MIXED);
    free.take(7);

    assertThatThrownBy(() -> free.take(7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("h100-001/7 is already taken");
    free.release(7);
    assertThatThrownBy(() -> free.release(7)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> free.take(MIXED.deviceCount()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Property(tries = 100, seed = "20261130")
  void theIndexesAgreeWithCountingDevicesOneByOne(
      @ForAll @IntRange(min = 1, max = 600) int operations, @ForAll long seed) {
    FreeCapacity free = new FreeCapacity(MIXED);
    boolean[] taken = new boolean[MIXED.deviceCount()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < operations; i++) {
      int device = random.nextInt(MIXED.deviceCount());
      if (taken[device]) {
        free.release(device);
      } else {
        free.take(device);
      }
      taken[device] = !taken[device];
    }
    assertMatches(free, taken, random);
  }

  private static void assertMatches(FreeCapacity free, boolean[] taken, SplittableRandom random) {
    Cluster c = MIXED;
    int[] node = new int[c.nodeCount()];
    int[] domain = new int[c.domainCount()];
    int[] leaf = new int[c.leafGroupCount()];
    int[][] spine = new int[c.pools().size()][c.spineGroupCount()];
    for (int device = 0; device < c.deviceCount(); device++) {
      assertThat(free.isFree(device)).isEqualTo(!taken[device]);
      if (!taken[device]) {
        node[c.nodeOf(device)]++;
        domain[c.domainOf(device)]++;
        leaf[c.leafGroupOf(device)]++;
        spine[c.poolIndexOf(device)][c.spineGroupOf(device)]++;
      }
    }
    for (int n = 0; n < node.length; n++) {
      assertThat(free.freeOnNode(n)).isEqualTo(node[n]);
    }
    for (int d = 0; d < domain.length; d++) {
      assertThat(free.freeInDomain(d)).isEqualTo(domain[d]);
    }
    for (int g = 0; g < leaf.length; g++) {
      assertThat(free.freeInLeafGroup(g)).isEqualTo(leaf[g]);
    }
    int[] idleInDomain = new int[c.domainCount()];
    int[] idleInLeaf = new int[c.leafGroupCount()];
    int[][] idleInSpine = new int[c.pools().size()][c.spineGroupCount()];
    for (int n = 0; n < node.length; n++) {
      boolean idle = node[n] == c.devicesOnNode(n);
      assertThat(free.isIdle(n)).isEqualTo(idle);
      if (idle) {
        idleInDomain[c.domainOfNode(n)]++;
        idleInLeaf[c.leafGroupOfNode(n)]++;
        idleInSpine[c.poolIndexOfNode(n)][c.spineGroupOfLeafGroup(c.leafGroupOfNode(n))]++;
      }
    }
    for (int d = 0; d < domain.length; d++) {
      assertThat(free.idleNodesInDomain(d)).isEqualTo(idleInDomain[d]);
    }
    for (int g = 0; g < leaf.length; g++) {
      assertThat(free.idleNodesInLeafGroup(g)).isEqualTo(idleInLeaf[g]);
    }
    for (int pool = 0; pool < c.pools().size(); pool++) {
      for (int s = 0; s < c.spineGroupCount(); s++) {
        assertThat(free.freeInSpineGroup(pool, s)).isEqualTo(spine[pool][s]);
        assertThat(free.idleNodesInSpineGroup(pool, s)).isEqualTo(idleInSpine[pool][s]);
      }
      int perNode = c.pools().get(pool).devicesPerNode();
      int[] nodesWithFree = new int[perNode + 1];
      for (int n : nodesOf(pool)) {
        nodesWithFree[node[n]]++;
      }
      for (int k = 0; k <= perNode; k++) {
        assertThat(free.nodesWithFree(pool, k))
            .as("pool %d, %d free", pool, k)
            .isEqualTo(nodesWithFree[k]);
      }
      int wanted = 1 + random.nextInt(c.pools().get(pool).devicesPerNode());
      int bestFit = -1;
      for (int n : nodesOf(pool)) {
        if (node[n] >= wanted && (bestFit < 0 || node[n] < node[bestFit])) {
          bestFit = n;
        }
      }
      assertThat(free.bestFitNode(pool, wanted)).isEqualTo(bestFit);
      int want = 1 + random.nextInt(c.pools().get(pool).devicesPerNode());
      assertThat(free.firstNodeWithFree(pool, want))
          .isEqualTo(firstAtLeast(node, nodesOf(pool), want));
    }
  }

  private static List<Integer> nodesOf(int pool) {
    int first = MIXED.firstNodeOfPool(pool);
    return IntStream.range(first, first + MIXED.pools().get(pool).nodes()).boxed().toList();
  }

  private static int firstAtLeast(int[] values, List<Integer> indices, int atLeast) {
    return indices.stream().filter(i -> values[i] >= atLeast).findFirst().orElse(-1);
  }
}
