package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which type, size and devices a gang gets, on small hand-drawn clusters. */
class PlacementChoiceTest {
  /** Two pools: 2 nodes of 8 H100 (pool 0), 2 nodes of 8 Ascend 910B2 (pool 1), priced. */
  private static final Cluster MIXED =
      Fixtures.cluster(
          """
          name: mixed
          fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
          prices: {currency: CNY}
          pools:
            - {name: h100, accelerator: h100-sxm, nodes: 2, devicesPerNode: 8, capexPerNode: 2400000}
            - {name: ascend, accelerator: ascend-910b2, nodes: 2, devicesPerNode: 8, capexPerNode: 800000}
          """);

  private static Scheduler scheduler(Cluster cluster) {
    return new Scheduler(cluster, Fixtures.openConfig(cluster), SchedulerPolicy.defaults());
  }

  private static TrainingJob accepting(WorkloadMeta meta, int devices, AcceleratorChoice... types) {
    return new TrainingJob(
        meta,
        devices,
        OptionalInt.empty(),
        List.of(types),
        Optional.empty(),
        ElasticRange.rigid(devices),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalInt.empty());
  }

  private static Allocation runningOf(Scheduler s, long workload) {
    return s.allocationOf(GangId.of(WorkloadId.of(workload))).orElseThrow();
  }

  @Test
  void theTypeWithTheMostThroughputPerCostWinsWhateverTheListOrder() {
    Scheduler s = scheduler(MIXED);
    // H100 twice as fast but three times the price: the Ascend gives more per yuan
    s.submit(
        accepting(
            meta(1, LOW, 0),
            8,
            AcceleratorChoice.of("h100-sxm", 1.0),
            AcceleratorChoice.of("ascend-910b2", 0.5)));
    s.cycle(0);
    assertThat(runningOf(s, 1).acceleratorId()).isEqualTo("ascend-910b2");
  }

  @Test
  void whenTheBestTypeIsFullTheGangRunsOnTheNextRatherThanWait() {
    Scheduler s = scheduler(MIXED);
    s.submit(accepting(meta(1, LOW, 0), 16, AcceleratorChoice.of("ascend-910b2")));
    s.cycle(0);
    s.submit(
        accepting(
            meta(2, LOW, 1),
            8,
            AcceleratorChoice.of("h100-sxm", 1.0),
            AcceleratorChoice.of("ascend-910b2", 0.5)));
    s.cycle(1);
    assertThat(runningOf(s, 2).acceleratorId()).isEqualTo("h100-sxm");
  }

  @Test
  void aTypeTheClusterLacksIsNamedInTheReason() {
    Scheduler s = scheduler(MIXED);
    s.submit(accepting(meta(1, LOW, 0), 8, AcceleratorChoice.of("mi300x")));
    PendingReason reason = s.cycle(0).reasonFor(GangId.of(WorkloadId.of(1)));
    assertThat(reason.code()).isEqualTo(ReasonCode.NO_ACCELERATOR);
    assertThat(reason.message())
        .isEqualTo("accepts mi300x; cluster mixed has only h100-sxm, ascend-910b2");
  }

  @Test
  void anElasticGangStartsSmallerWhenItsFullSizeDoesNotFit() {
    Cluster cluster = Fixtures.h100(2);
    Scheduler s = scheduler(cluster);
    s.submit(Fixtures.gang(meta(1, LOW, 0), 8, null));
    s.cycle(0);
    s.submit(
        new TrainingJob(
            meta(2, LOW, 1),
            16,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("h100-sxm")),
            Optional.empty(),
            new ElasticRange(8, 16),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalInt.empty()));
    s.cycle(1);
    assertThat(runningOf(s, 2).size()).isEqualTo(8);
  }

  @Test
  void anElasticGangTakesTheLargestHalvingOfItsMaxThatFits() {
    Cluster cluster = Fixtures.h100(4);
    Scheduler s = scheduler(cluster);
    s.submit(Fixtures.gang(meta(1, LOW, 0), 16, null));
    s.cycle(0);
    TrainingJob elastic =
        new TrainingJob(
            meta(2, LOW, 1),
            32,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("h100-sxm")),
            Optional.empty(),
            new ElasticRange(4, 32),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalInt.of(4));
    assertThat(dev.wanka.sched.Gang.of(elastic).get(0).sizes()).containsExactly(32, 16, 8, 4);
    s.submit(elastic);
    s.cycle(1);
    assertThat(runningOf(s, 2).size()).isEqualTo(16);
  }

  @Test
  void sharesOfOneDevicePackOntoTheTightestDeviceBeforeOpeningAnother() {
    Cluster cluster = Fixtures.h100(2);
    Scheduler s = scheduler(cluster);
    s.submit(Fixtures.share(meta(1, LOW, 0), 500));
    s.submit(Fixtures.share(meta(2, LOW, 0), 250));
    s.submit(Fixtures.share(meta(3, LOW, 0), 250));
    s.submit(Fixtures.share(meta(4, LOW, 0), 250));
    s.cycle(0);
    int first = runningOf(s, 1).devices()[0];
    assertThat(runningOf(s, 2).devices()).containsExactly(first);
    assertThat(runningOf(s, 3).devices()).containsExactly(first);
    assertThat(runningOf(s, 4).devices()).doesNotContain(first);
    assertThat(s.devices().shareUsedMilli(first)).isEqualTo(1000);
    s.finish(WorkloadId.of(2), 10);
    s.submit(Fixtures.share(meta(5, LOW, 10), 200));
    s.cycle(10);
    assertThat(runningOf(s, 5).devices())
        .as("the 250 left on the first device fits best")
        .containsExactly(first);
  }

  @Test
  void singleNodeWorkGoesToTheFullestNodeKeepingWholeNodesFree() {
    Cluster cluster = Fixtures.h100(4);
    Scheduler s = scheduler(cluster);
    s.submit(Fixtures.gang(meta(1, LOW, 0), 6, null));
    s.cycle(0);
    s.submit(Fixtures.gang(meta(2, LOW, 1), 2, null));
    s.cycle(1);
    int node = cluster.nodeOf(runningOf(s, 1).devices()[0]);
    assertThat(cluster.nodeOf(runningOf(s, 2).devices()[0])).isEqualTo(node);
    assertThat(runningOf(s, 2).spans()).isEqualTo(Tier.NODE);
  }

  @Test
  void tensorParallelGroupsLargerThanANodeStayInOneScaleUpDomain() {
    // domains of 2 nodes x 4 devices; TP 8 needs both nodes of one domain
    Cluster cluster =
        Fixtures.cluster(
            """
            name: nvl
            fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 4}
            pools:
              - {name: gb, accelerator: h100-sxm, nodes: 4, devicesPerNode: 4, domainNodes: 2}
            """);
    Scheduler s = scheduler(cluster);
    s.submit(Fixtures.gang(meta(1, LOW, 0), 4, null));
    s.cycle(0);
    s.submit(
        new TrainingJob(
            meta(2, LOW, 1),
            8,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("h100-sxm")),
            Optional.empty(),
            ElasticRange.rigid(8),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalInt.of(8)));
    s.cycle(1);
    Allocation tp = runningOf(s, 2);
    int domain = cluster.domainOf(tp.devices()[0]);
    for (int device : tp.devices()) {
      assertThat(cluster.domainOf(device)).isEqualTo(domain);
    }
  }
}
