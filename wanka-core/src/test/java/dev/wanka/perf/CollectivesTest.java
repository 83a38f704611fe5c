package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The physics of the collective cost model, worked out by hand. Magnitudes: an H100's NVLink is 450
 * GB/s each way (900 GB/s bidirectional), a 400 Gb/s NIC is 50 GB/s each way; latencies of 1 µs per
 * scale-up step and 5 µs per scale-out step.
 */
class CollectivesTest {
  private static final double GB = 1e9;
  private static final double NVLINK = 450 * GB;
  private static final double NIC_400G = 400e9 / 8;
  private static final double UP_LATENCY = 1e-6;
  private static final double OUT_LATENCY = 5e-6;
  private static final double EXACT = 1e-12;

  private static final Collectives IDEAL = new Collectives(1.0);

  /** A group inside one domain, no latency. */
  private static CommGroup oneDomain(int n, double bytesPerSecond) {
    return new CommGroup(n, n, bytesPerSecond, NIC_400G, 0, 0);
  }

  /** 8 H100s in one node over NVLink. */
  private static final CommGroup HGX_8 =
      new CommGroup(8, 8, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);

  /** 1,024 H100s: 128 nodes of 8, one 400 Gb/s NIC per GPU, non-blocking fabric. */
  private static final CommGroup H100_1024 =
      new CommGroup(1024, 8, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);

  private static double relative(double expected) {
    return Math.abs(expected) * EXACT;
  }

  @Nested
  class RingAllReduce {
    @Test
    void takesTwoTimesNMinusOneOverNTimesBytesOverBandwidthForEverySize() {
      double bytes = 3 * GB;
      for (int n : new int[] {2, 3, 4, 5, 8, 16, 72, 384, 1024}) {
        double expected = 2.0 * (n - 1) / n * bytes / NVLINK;
        assertThat(IDEAL.allReduceSeconds(oneDomain(n, NVLINK), bytes, CollectiveAlgorithm.RING))
            .as("n = %d", n)
            .isCloseTo(expected, within(relative(expected)));
      }
    }

    @Test
    void runsAtEfficiencyTimesLinkBandwidth() {
      // n = 4, 1 GB, 100 GB/s at 80 %: 2 * 3/4 * 1e9 / 80e9 = 18.75 ms.
      Collectives eighty = new Collectives(0.8);
      assertThat(eighty.allReduceSeconds(oneDomain(4, 100 * GB), GB, CollectiveAlgorithm.RING))
          .isCloseTo(0.01875, within(relative(0.01875)));
      assertThat(eighty.efficiency()).isEqualTo(0.8);
    }

    @Test
    void addsTwoTimesNMinusOneLatencies() {
      // 8 GPUs, 8 bytes: 2 * 7 * 1 µs = 14 µs of latency, plus 2 * 7/8 * 8 / 450e9 of transfer.
      double seconds = IDEAL.allReduceSeconds(HGX_8, 8, CollectiveAlgorithm.RING);
      assertThat(seconds).isCloseTo(14e-6 + 2.0 * 7 / 8 * 8 / NVLINK, within(1e-18));
    }

    @Test
    void acrossDomainsRunsAtTheScaleOutLinkAndItsLatency() {
      // 16 GPUs in 2 nodes: every ring step waits for the NIC hop.
      // 2 * 15/16 * 1e9 / 50e9 = 37.5 ms; 2 * 15 * 5 µs = 150 µs.
      CommGroup twoNodes = new CommGroup(16, 8, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
      assertThat(IDEAL.allReduceSeconds(twoNodes, GB, CollectiveAlgorithm.RING))
          .isCloseTo(0.0375 + 150e-6, within(relative(0.0377)));
      // One member per domain: all hops are scale-out, the scale-up figures play no part.
      CommGroup spread = new CommGroup(16, 1, 1e3, NIC_400G, 1.0, OUT_LATENCY);
      assertThat(IDEAL.allReduceSeconds(spread, GB, CollectiveAlgorithm.RING))
          .isCloseTo(0.0375 + 150e-6, within(relative(0.0377)));
    }

    @Test
    void isBandwidthOptimalSoTreeIsNeverFasterForLargeMessagesInOneDomain() {
      for (int n : new int[] {2, 4, 8, 72}) {
        CommGroup group = new CommGroup(n, n, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
        assertThat(IDEAL.allReduceSeconds(group, 10 * GB, CollectiveAlgorithm.RING))
            .isLessThan(IDEAL.allReduceSeconds(group, 10 * GB, CollectiveAlgorithm.TREE));
        assertThat(IDEAL.fastestAllReduce(group, 10 * GB)).isEqualTo(CollectiveAlgorithm.RING);
      }
    }
  }

  @Nested
  class EightH100sOverNvlink {
    @Test
    void allReduceOneGigabyteInAboutFourMilliseconds() {
      // Ring: 2 * 7/8 * 1e9 / 450e9 = 3.8889 ms, plus 14 µs of latency = 3.9029 ms.
      // Tree: 2 * 1e9 / 450e9 = 4.4444 ms + 2 * 3 * 1 µs. Hierarchical is the ring (one domain).
      double ring = 2.0 * 7 / 8 * GB / NVLINK + 14e-6;
      assertThat(IDEAL.allReduceSeconds(HGX_8, GB, CollectiveAlgorithm.RING))
          .isCloseTo(ring, within(relative(ring)));
      assertThat(IDEAL.allReduceSeconds(HGX_8, GB, CollectiveAlgorithm.TREE))
          .isCloseTo(2 * GB / NVLINK + 6e-6, within(relative(0.0045)));
      assertThat(IDEAL.allReduceSeconds(HGX_8, GB, CollectiveAlgorithm.HIERARCHICAL))
          .isEqualTo(IDEAL.allReduceSeconds(HGX_8, GB, CollectiveAlgorithm.RING));
      assertThat(IDEAL.fastestAllReduce(HGX_8, GB)).isEqualTo(CollectiveAlgorithm.RING);
      assertThat(IDEAL.allReduceSeconds(HGX_8, GB)).isCloseTo(0.0039, within(0.0001));
      // At a typical 80 % of link bandwidth (NCCL bus bandwidth about 360 GB/s): 4.875 ms.
      assertThat(new Collectives(0.8).allReduceSeconds(HGX_8, GB))
          .isCloseTo(ring / 0.8 + 14e-6 * (1 - 1 / 0.8), within(relative(0.005)));
    }

    @Test
    void neverTouchTheScaleOutFabric() {
      CommGroup slowNic = new CommGroup(8, 8, NVLINK, 1e6, UP_LATENCY, 1.0);
      CommGroup fastNic = new CommGroup(8, 8, NVLINK, 1e15, UP_LATENCY, 0);
      for (Collectives c : new Collectives[] {IDEAL, new Collectives(0.7)}) {
        for (double bytes : new double[] {1, 1e6, GB}) {
          for (CollectiveAlgorithm algorithm : CollectiveAlgorithm.values()) {
            assertThat(c.allReduceSeconds(slowNic, bytes, algorithm))
                .isEqualTo(c.allReduceSeconds(fastNic, bytes, algorithm))
                .isEqualTo(c.allReduceSeconds(HGX_8, bytes, algorithm));
          }
          assertThat(c.allGatherSeconds(slowNic, bytes))
              .isEqualTo(c.allGatherSeconds(fastNic, bytes));
          assertThat(c.reduceScatterSeconds(slowNic, bytes))
              .isEqualTo(c.reduceScatterSeconds(fastNic, bytes));
          assertThat(c.allToAllSeconds(slowNic, bytes))
              .isEqualTo(c.allToAllSeconds(fastNic, bytes));
        }
      }
    }
  }

  @Nested
  class ThousandGpusInOneHundredTwentyEightNodes {
    @Test
    void hierarchicalAllReduceOfOneGigabyteBeatsTheFlatRingFiveFold() {
      // Ring: every step waits for a NIC. 2 * 1023/1024 * 1e9 / 50e9 = 39.961 ms,
      //   + 2 * 1023 * 5 µs = 10.23 ms   -> 50.191 ms.
      // Tree: 2 * 1e9 / 50e9 = 40 ms + 2 * 10 * 5 µs = 0.1 ms -> 40.1 ms.
      // Hierarchical: 2 * 7/8 * 1e9 / 450e9 = 3.8889 ms inside the node,
      //   + 2 * 127/128 * (1e9 / 8) / 50e9 = 4.9609 ms across, each GPU on its own NIC,
      //   + 2 * 7 * 1 µs + 2 * 127 * 5 µs = 1.284 ms   -> 10.134 ms.
      double ring = 2.0 * 1023 / 1024 * GB / NIC_400G + 2 * 1023 * OUT_LATENCY;
      double tree = 2 * GB / NIC_400G + 2 * 10 * OUT_LATENCY;
      double hierarchical =
          2.0 * 7 / 8 * GB / NVLINK
              + 2.0 * 127 / 128 * (GB / 8) / NIC_400G
              + 2 * 7 * UP_LATENCY
              + 2 * 127 * OUT_LATENCY;
      assertThat(IDEAL.allReduceSeconds(H100_1024, GB, CollectiveAlgorithm.RING))
          .isCloseTo(ring, within(relative(ring)))
          .isCloseTo(0.050191, within(1e-6));
      assertThat(IDEAL.allReduceSeconds(H100_1024, GB, CollectiveAlgorithm.TREE))
          .isCloseTo(tree, within(relative(tree)));
      assertThat(IDEAL.allReduceSeconds(H100_1024, GB, CollectiveAlgorithm.HIERARCHICAL))
          .isCloseTo(hierarchical, within(relative(hierarchical)))
          .isCloseTo(0.010134, within(1e-6));
      assertThat(IDEAL.fastestAllReduce(H100_1024, GB)).isEqualTo(CollectiveAlgorithm.HIERARCHICAL);
      assertThat(IDEAL.allReduceSeconds(H100_1024, GB)).isEqualTo(hierarchicalSeconds());
      assertThat(ring / hierarchical).isGreaterThan(4.9);
    }

    private double hierarchicalSeconds() {
      return IDEAL.allReduceSeconds(H100_1024, GB, CollectiveAlgorithm.HIERARCHICAL);
    }

    @Test
    void anOversubscribedFabricSlowsOnlyTheAcrossDomainPart() {
      // A 2:1 leaf gives each GPU 25 GB/s across nodes: the across term doubles to 9.9219 ms,
      // the inside term (3.8889 ms) and the latency (1.284 ms) stay.
      CommGroup oversubscribed =
          new CommGroup(1024, 8, NVLINK, NIC_400G / 2, UP_LATENCY, OUT_LATENCY);
      double expected =
          2.0 * 7 / 8 * GB / NVLINK + 2 * 2.0 * 127 / 128 * (GB / 8) / NIC_400G + 1.284e-3;
      assertThat(IDEAL.allReduceSeconds(oversubscribed, GB, CollectiveAlgorithm.HIERARCHICAL))
          .isCloseTo(expected, within(relative(expected)));
    }

    @Test
    void tinyMessagesAreAllLatencyAndTreeWinsThere() {
      // 1 KB: ring 2 * 1023 * 5 µs = 10.23 ms; tree 2 * 10 * 5 µs = 0.1 ms;
      // hierarchical 1.284 ms. The bandwidth terms are tens of nanoseconds.
      double bytes = 1024;
      CommGroup noLatency = new CommGroup(1024, 8, NVLINK, NIC_400G, 0, 0);
      for (CollectiveAlgorithm algorithm : CollectiveAlgorithm.values()) {
        double withLatency = IDEAL.allReduceSeconds(H100_1024, bytes, algorithm);
        double bandwidthOnly = IDEAL.allReduceSeconds(noLatency, bytes, algorithm);
        assertThat(bandwidthOnly).as("%s", algorithm).isLessThan(withLatency / 100);
      }
      assertThat(IDEAL.allReduceSeconds(H100_1024, bytes, CollectiveAlgorithm.TREE))
          .isCloseTo(100e-6, within(1e-7))
          .isLessThan(IDEAL.allReduceSeconds(H100_1024, bytes, CollectiveAlgorithm.HIERARCHICAL))
          .isLessThan(IDEAL.allReduceSeconds(H100_1024, bytes, CollectiveAlgorithm.RING));
      assertThat(IDEAL.fastestAllReduce(H100_1024, bytes)).isEqualTo(CollectiveAlgorithm.TREE);
    }

    @Test
    void treeBeatsRingOnSmallMessagesOnlyWhenTheGroupIsLarge() {
      // 64 KB inside one 8-GPU node: ring 14 µs + 0.25 µs, tree 6 µs + 0.29 µs: tree;
      // at 2 GPUs the latencies are equal (2 steps each) and the ring's bandwidth term is half.
      double bytes = 64 * 1024;
      assertThat(IDEAL.fastestAllReduce(HGX_8, bytes)).isEqualTo(CollectiveAlgorithm.TREE);
      CommGroup pair = new CommGroup(2, 2, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
      assertThat(IDEAL.fastestAllReduce(pair, bytes)).isEqualTo(CollectiveAlgorithm.RING);
      assertThat(IDEAL.fastestAllReduce(pair, 8)).isEqualTo(CollectiveAlgorithm.RING);
    }
  }

  @Nested
  class Hierarchical {
    @Test
    void beatsTheFlatRingWhenScaleUpIsMuchFasterAndBytesAreLarge() {
      // 4 domains of 4, scale-up 10x scale-out, no latency, 10 GB:
      // ring 2 * 15/16 * 10e9 / 10e9 = 1.875 s;
      // hierarchical 2 * 3/4 * 10e9 / 100e9 + 2 * 3/4 * 2.5e9 / 10e9 = 0.15 + 0.375 = 0.525 s.
      CommGroup group = new CommGroup(16, 4, 100 * GB, 10 * GB, 0, 0);
      assertThat(IDEAL.allReduceSeconds(group, 10 * GB, CollectiveAlgorithm.RING))
          .isCloseTo(1.875, within(relative(1.875)));
      assertThat(IDEAL.allReduceSeconds(group, 10 * GB, CollectiveAlgorithm.HIERARCHICAL))
          .isCloseTo(0.525, within(relative(0.525)));
      assertThat(IDEAL.fastestAllReduce(group, 10 * GB))
          .isEqualTo(CollectiveAlgorithm.HIERARCHICAL);
    }

    @Test
    void hasTheRingsBandwidthTermWhenScaleUpAndScaleOutAreEqual() {
      // 2(k-1)/k + 2(d-1)/(dk) = 2(n-1)/n.
      for (int[] shape : new int[][] {{16, 4}, {1024, 8}, {72, 72}, {64, 1}, {6, 2}}) {
        CommGroup group = new CommGroup(shape[0], shape[1], 50 * GB, 50 * GB, 0, 0);
        double ring = IDEAL.allReduceSeconds(group, GB, CollectiveAlgorithm.RING);
        assertThat(IDEAL.allReduceSeconds(group, GB, CollectiveAlgorithm.HIERARCHICAL))
            .as("%d members, %d per domain", shape[0], shape[1])
            .isCloseTo(ring, within(relative(ring)));
      }
    }

    @Test
    void isTheRingInsideOneDomain() {
      for (double bytes : new double[] {1, 1e3, GB}) {
        assertThat(IDEAL.allReduceSeconds(HGX_8, bytes, CollectiveAlgorithm.HIERARCHICAL))
            .isEqualTo(IDEAL.allReduceSeconds(HGX_8, bytes, CollectiveAlgorithm.RING));
      }
    }

    @Test
    void isAReduceScatterFollowedByAnAllGather() {
      double allReduce = IDEAL.allReduceSeconds(H100_1024, GB, CollectiveAlgorithm.HIERARCHICAL);
      assertThat(IDEAL.reduceScatterSeconds(H100_1024, GB) + IDEAL.allGatherSeconds(H100_1024, GB))
          .isCloseTo(allReduce, within(relative(allReduce)));
    }
  }

  @Nested
  class AllGatherAndReduceScatter {
    @Test
    void eachTakeHalfARingAllReduceInOneDomain() {
      for (int n : new int[] {2, 3, 8, 72}) {
        CommGroup group = new CommGroup(n, n, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
        double half = IDEAL.allReduceSeconds(group, GB, CollectiveAlgorithm.RING) / 2;
        assertThat(IDEAL.allGatherSeconds(group, GB)).isCloseTo(half, within(relative(half)));
        assertThat(IDEAL.reduceScatterSeconds(group, GB)).isCloseTo(half, within(relative(half)));
      }
    }

    @Test
    void takeNMinusOneOverNTimesBytesOverBandwidth() {
      // 8 GPUs, 1 GB gathered: 7/8 * 1e9 / 450e9 = 1.9444 ms.
      double expected = 7.0 / 8 * GB / NVLINK;
      assertThat(IDEAL.allGatherSeconds(oneDomain(8, NVLINK), GB))
          .isCloseTo(expected, within(relative(expected)));
    }

    @Test
    void acrossDomainsTakeTheFasterOfRingAndHierarchical() {
      // Large: hierarchical, 7/8 * 1e9 / 450e9 + 127/128 * 1.25e8 / 50e9 + 7 µs + 635 µs.
      double hierarchical =
          7.0 / 8 * GB / NVLINK + 127.0 / 128 * (GB / 8) / NIC_400G + 7e-6 + 127 * OUT_LATENCY;
      assertThat(IDEAL.allGatherSeconds(H100_1024, GB))
          .isCloseTo(hierarchical, within(relative(hierarchical)));
      // Both are half their all-reduce, so each is half the faster non-tree all-reduce.
      for (double bytes : new double[] {8, 1e6, GB}) {
        double half =
            Math.min(
                    IDEAL.allReduceSeconds(H100_1024, bytes, CollectiveAlgorithm.RING),
                    IDEAL.allReduceSeconds(H100_1024, bytes, CollectiveAlgorithm.HIERARCHICAL))
                / 2;
        assertThat(IDEAL.allGatherSeconds(H100_1024, bytes))
            .isCloseTo(half, within(relative(half)));
        assertThat(IDEAL.reduceScatterSeconds(H100_1024, bytes))
            .isCloseTo(half, within(relative(half)));
      }
    }
  }

  @Nested
  class AllToAll {
    @Test
    void insideOneDomainTakesNMinusOneOverNTimesBytesOverScaleUp() {
      for (int n : new int[] {2, 4, 8, 72}) {
        double expected = (n - 1.0) / n * GB / NVLINK;
        assertThat(IDEAL.allToAllSeconds(oneDomain(n, NVLINK), GB))
            .as("n = %d", n)
            .isCloseTo(expected, within(relative(expected)));
      }
      // With latency: one step per peer, 7 µs on 8 GPUs.
      double expected = 7.0 / 8 * GB / NVLINK + 7 * UP_LATENCY;
      assertThat(IDEAL.allToAllSeconds(HGX_8, GB)).isCloseTo(expected, within(relative(expected)));
    }

    @Test
    void acrossDomainsOverlapsTheScaleUpAndScaleOutShares() {
      // 64 GPUs, 8 per node, 1 GB per GPU: 7/64 GB over NVLink (0.243 ms) while 56/64 GB goes
      // over the NIC (17.5 ms); the NIC part decides, plus 63 steps of 5 µs.
      CommGroup group = new CommGroup(64, 8, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
      double expected = 56.0 / 64 * GB / NIC_400G + 63 * OUT_LATENCY;
      assertThat(IDEAL.allToAllSeconds(group, GB)).isCloseTo(expected, within(relative(expected)));
      // A scale-up slow enough to decide instead: 7/64 GB at 1 GB/s = 109.4 ms.
      CommGroup slowUp = new CommGroup(64, 8, GB, NIC_400G, 0, 0);
      assertThat(IDEAL.allToAllSeconds(slowUp, GB)).isCloseTo(7.0 / 64, within(relative(7.0 / 64)));
    }

    @Test
    void withOneMemberPerDomainIsAllScaleOut() {
      CommGroup group = new CommGroup(16, 1, 1e3, NIC_400G, 1.0, 0);
      double expected = 15.0 / 16 * GB / NIC_400G;
      assertThat(IDEAL.allToAllSeconds(group, GB)).isCloseTo(expected, within(relative(expected)));
    }
  }

  @Nested
  class Scaling {
    @Test
    void doublingBytesDoublesTheBandwidthTerm() {
      CommGroup noLatency = new CommGroup(1024, 8, NVLINK, NIC_400G, 0, 0);
      CommGroup withLatency = H100_1024;
      for (CollectiveAlgorithm algorithm : CollectiveAlgorithm.values()) {
        double one = IDEAL.allReduceSeconds(noLatency, GB, algorithm);
        assertThat(IDEAL.allReduceSeconds(noLatency, 2 * GB, algorithm))
            .isCloseTo(2 * one, within(relative(2 * one)));
        // With latency, the time is affine in bytes: equal steps for equal increments.
        double t1 = IDEAL.allReduceSeconds(withLatency, GB, algorithm);
        double t2 = IDEAL.allReduceSeconds(withLatency, 2 * GB, algorithm);
        double t3 = IDEAL.allReduceSeconds(withLatency, 3 * GB, algorithm);
        assertThat(t3 - t2).isCloseTo(t2 - t1, withinPercentage(1e-6));
        assertThat(t2 - t1).isCloseTo(one, withinPercentage(1e-6));
      }
      double gather = IDEAL.allGatherSeconds(noLatency, GB);
      assertThat(IDEAL.allGatherSeconds(noLatency, 2 * GB))
          .isCloseTo(2 * gather, within(relative(2 * gather)));
      double scatter = IDEAL.reduceScatterSeconds(noLatency, GB);
      assertThat(IDEAL.reduceScatterSeconds(noLatency, 2 * GB))
          .isCloseTo(2 * scatter, within(relative(2 * scatter)));
      double exchange = IDEAL.allToAllSeconds(noLatency, GB);
      assertThat(IDEAL.allToAllSeconds(noLatency, 2 * GB))
          .isCloseTo(2 * exchange, within(relative(2 * exchange)));
    }

    @Test
    void oneMemberOrNoBytesTakesNoTime() {
      CommGroup alone = new CommGroup(1, 1, NVLINK, NIC_400G, UP_LATENCY, OUT_LATENCY);
      for (CollectiveAlgorithm algorithm : CollectiveAlgorithm.values()) {
        assertThat(IDEAL.allReduceSeconds(alone, GB, algorithm)).isZero();
        assertThat(IDEAL.allReduceSeconds(H100_1024, 0, algorithm)).isZero();
      }
      assertThat(IDEAL.allReduceSeconds(alone, GB)).isZero();
      assertThat(IDEAL.fastestAllReduce(H100_1024, 0)).isEqualTo(CollectiveAlgorithm.RING);
      assertThat(IDEAL.allGatherSeconds(alone, GB)).isZero();
      assertThat(IDEAL.allGatherSeconds(H100_1024, 0)).isZero();
      assertThat(IDEAL.reduceScatterSeconds(alone, GB)).isZero();
      assertThat(IDEAL.reduceScatterSeconds(H100_1024, 0)).isZero();
      assertThat(IDEAL.allToAllSeconds(alone, GB)).isZero();
      assertThat(IDEAL.allToAllSeconds(H100_1024, 0)).isZero();
      assertThat(IDEAL.pointToPointSeconds(0, NIC_400G, OUT_LATENCY)).isZero();
    }
  }

  @Nested
  class PointToPoint {
    @Test
    void isLatencyPlusBytesOverEffectiveBandwidth() {
      // 1 GB over a 400 Gb/s NIC at 80 %: 1e9 / 40e9 = 25 ms + 5 µs.
      assertThat(new Collectives(0.8).pointToPointSeconds(GB, NIC_400G, OUT_LATENCY))
          .isCloseTo(0.025005, within(1e-12));
      assertThat(IDEAL.pointToPointSeconds(1, NIC_400G, 0)).isEqualTo(1 / NIC_400G);
    }
  }

  @Nested
  class Validation {
    @Test
    void rejectsNegativeNanAndInfiniteBytesNamingTheArgument() {
      for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY, -0.5e-9}) {
        assertThatThrownBy(() -> IDEAL.allReduceSeconds(HGX_8, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
        assertThatThrownBy(() -> IDEAL.allReduceSeconds(HGX_8, bad, CollectiveAlgorithm.TREE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
        assertThatThrownBy(() -> IDEAL.fastestAllReduce(HGX_8, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
        assertThatThrownBy(() -> IDEAL.allGatherSeconds(HGX_8, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
        assertThatThrownBy(() -> IDEAL.reduceScatterSeconds(HGX_8, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
        assertThatThrownBy(() -> IDEAL.allToAllSeconds(HGX_8, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytesPerMember");
        assertThatThrownBy(() -> IDEAL.pointToPointSeconds(bad, NIC_400G, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bytes");
      }
      // Even on a group of one, where the answer would be 0.
      CommGroup alone = new CommGroup(1, 1, NVLINK, NIC_400G, 0, 0);
      assertThatThrownBy(() -> IDEAL.allReduceSeconds(alone, -1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadPointToPointLinks() {
      assertThatThrownBy(() -> IDEAL.pointToPointSeconds(GB, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bytesPerSecond");
      assertThatThrownBy(() -> IDEAL.pointToPointSeconds(GB, NIC_400G, -1e-6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("latencySeconds");
    }

    @Test
    void rejectsNullGroupsAndAlgorithms() {
      assertThatThrownBy(() -> IDEAL.allReduceSeconds(null, GB))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("group");
      assertThatThrownBy(() -> IDEAL.allReduceSeconds(HGX_8, GB, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("algorithm");
      assertThatThrownBy(() -> IDEAL.allToAllSeconds(null, GB))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> IDEAL.allGatherSeconds(null, GB))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsEfficienciesOutsideZeroToOne() {
      for (double bad : new double[] {0, -0.1, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
        assertThatThrownBy(() -> new Collectives(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("efficiency");
      }
      assertThat(new Collectives(1).efficiency()).isEqualTo(1);
      assertThat(new Collectives(1e-3).efficiency()).isEqualTo(1e-3);
    }

    @Test
    void rejectsMalformedGroups() {
      assertThatThrownBy(() -> new CommGroup(0, 1, 1, 1, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("size");
      assertThatThrownBy(() -> new CommGroup(8, 0, 1, 1, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("membersPerDomain");
      assertThatThrownBy(() -> new CommGroup(8, 16, 1, 1, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("membersPerDomain");
      assertThatThrownBy(() -> new CommGroup(12, 8, 1, 1, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not divide");
      assertThatThrownBy(() -> new CommGroup(8, 8, 0, 1, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scaleUpBytesPerSecond");
      assertThatThrownBy(() -> new CommGroup(8, 8, 1, Double.NaN, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scaleOutBytesPerSecond");
      assertThatThrownBy(() -> new CommGroup(8, 8, 1, 1, -1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scaleUpLatencySeconds");
      assertThatThrownBy(() -> new CommGroup(8, 8, 1, 1, 0, Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scaleOutLatencySeconds");
    }

    @Test
    void countsDomains() {
      assertThat(H100_1024.domains()).isEqualTo(128);
      assertThat(H100_1024.spansDomains()).isTrue();
      assertThat(HGX_8.domains()).isEqualTo(1);
      assertThat(HGX_8.spansDomains()).isFalse();
      assertThat(new CommGroup(4, 1, 1, 1, 0, 0).domains()).isEqualTo(4);
      assertThat(new CommGroup(1, 1, 1, 1, 0, 0).spansDomains()).isFalse();
    }

    @Test
    void spellsAlgorithmsAsKeywords() {
      assertThat(CollectiveAlgorithm.RING.keyword()).isEqualTo("ring");
      assertThat(CollectiveAlgorithm.TREE.keyword()).isEqualTo("tree");
      assertThat(CollectiveAlgorithm.HIERARCHICAL.keyword()).isEqualTo("hierarchical");
    }
  }
}
