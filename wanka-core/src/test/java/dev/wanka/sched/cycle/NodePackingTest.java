package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.NodePacking;
import dev.wanka.sched.plugin.NodePackings;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node packings, through the whole cycle. */
class NodePackingTest {
  /** Two nodes of two H100. */
  private static final Cluster SMALL =
      Fixtures.cluster(
          """
          name: small
          fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
          pools:
            - {name: h100, accelerator: h100-sxm, nodes: 2, devicesPerNode: 2}
          """);

  private static Scheduler scheduler(NodePacking packing) {
    return new Scheduler(
        SMALL, Fixtures.openConfig(SMALL), SchedulerPolicy.defaults().withNodePacking(packing));
  }

  private static Allocation runningOf(Scheduler s, long workload) {
    return s.allocationOf(GangId.of(WorkloadId.of(workload))).orElseThrow();
  }

  @Test
  void fgdPutsASharedPodOnTheHalfUsedGpuAsInThePapersExample() {
    Scheduler s = scheduler(NodePackings.FGD);
    // node 1's GPU 0 is half used; typical work: 500-milli shares and whole one-GPU tasks
    s.submit(Fixtures.share(meta(1, LOW, 0), 500));
    s.cycle(0);
    int halfUsed = runningOf(s, 1).devices()[0];
    s.submit(Fixtures.gang(meta(2, LOW, 1), 1, null));
    s.submit(Fixtures.share(meta(3, LOW, 1), 500));
    s.cycle(1);
    assertThat(runningOf(s, 3).devices()).containsExactly(halfUsed);
    assertThat(s.devices().shareUsedMilli(halfUsed)).isEqualTo(1000);
  }

  @Test
  void everyPackingFillsTheClusterWithSharesAndWholeDevicesWithoutOverlap() {
    for (NodePacking packing : NodePackings.ALL) {
      Scheduler s = scheduler(packing);
      // 4 devices: two whole-device tasks, then shares 500 + 500 + 250 x 4 on the other two
      s.submit(Fixtures.gang(meta(1, LOW, 0), 1, null));
      s.submit(Fixtures.gang(meta(2, LOW, 0), 1, null));
      for (int i = 3; i <= 8; i++) {
        s.submit(Fixtures.share(meta(i, LOW, 0), i <= 4 ? 500 : 250));
      }
      CycleResult result = s.cycle(0);
      assertThat(result.started()).as(packing.name()).hasSize(8);
      int used = 0;
      for (int device = 0; device < SMALL.deviceCount(); device++) {
        int milli = s.devices().ownerOf(device) != null ? 1000 : s.devices().shareUsedMilli(device);
        assertThat(milli).as(packing.name() + " device " + device).isBetween(0, 1000);
        used += milli;
      }
      assertThat(used).as(packing.name()).isEqualTo(4000);
    }
  }

  @Test
  void packingsAreChosenByNameAndAnUnknownNameListsTheAllowedOnes() {
    assertThat(
            SchedulerPolicy.named("priority", List.of("priority"), "fgd", true)
                .nodePacking()
                .name())
        .isEqualTo("fgd");
    assertThatThrownBy(() -> SchedulerPolicy.named("priority", List.of(), "fastest", true))
        .hasMessage(
            "nodePacking: 'fastest' is not a node packing; allowed: tightest, fgd, best-fit,"
                + " dot-product, gpu-packing, gpu-clustering, random");
    assertThatThrownBy(() -> SchedulerPolicy.named("lifo", List.of(), "fgd", true))
        .hasMessage(
            "queueOrder: 'lifo' is not a queue order; allowed: fifo, priority, sjf, las, drf");
  }
}
