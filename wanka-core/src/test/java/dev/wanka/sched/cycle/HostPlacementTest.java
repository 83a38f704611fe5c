package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.CpuTask;
import dev.wanka.workload.WorkloadId;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** CPU-only tasks on the hosts of pools that describe their CPU and memory. */
class HostPlacementTest {
  /** Two nodes of 8 H100 with 16 cores and 64 GiB each. */
  private static final Cluster HOSTS =
      Fixtures.cluster(
          """
          name: hosts
          fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
          pools:
            - {name: h100, accelerator: h100-sxm, nodes: 2, devicesPerNode: 8, cpusPerNode: 16,
               memoryGiBPerNode: 64}
          """);

  private static CpuTask cpu(long id, long cpuMilli, long memoryMiB) {
    return new CpuTask(meta(id, LOW, 0), cpuMilli, memoryMiB, OptionalLong.empty());
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  @Test
  void cpuTasksFillTheFirstNodeWithRoomAndWaitWithAReasonWhenNoneHasIt() {
    Scheduler s = new Scheduler(HOSTS, Fixtures.openConfig(HOSTS), SchedulerPolicy.defaults());
    s.submit(cpu(1, 12_000, 32 * 1024));
    s.submit(cpu(2, 8_000, 16 * 1024));
    s.submit(cpu(3, 4_000, 48 * 1024));
    s.submit(cpu(4, 20_000, 1024));
    CycleResult result = s.cycle(0);
    assertThat(s.allocationOf(id(1)).orElseThrow().hostNode()).isEqualTo(0);
    assertThat(s.allocationOf(id(2)).orElseThrow().hostNode()).isEqualTo(1);
    assertThat(s.allocationOf(id(3)).orElseThrow().hostNode())
        .as("4 cores free on node 0 but only 32 GiB")
        .isEqualTo(1);
    assertThat(result.reasonFor(id(4)).message())
        .isEqualTo(
            "needs 20.000 CPU cores and 1024 MiB on one node; the most CPU free on a node is"
                + " 4.000 cores (or memory is short there)");
    assertThat(s.devices().free().freeInPool(0)).as("no device taken").isEqualTo(16);
  }

  @Test
  void aNodeGoingDownRequeuesItsCpuTasks() {
    Scheduler s = new Scheduler(HOSTS, Fixtures.openConfig(HOSTS), SchedulerPolicy.defaults());
    s.submit(cpu(1, 12_000, 1024));
    s.cycle(0);
    Allocation before = s.allocationOf(id(1)).orElseThrow();
    assertThat(s.setNodeState(0, DeviceLedger.NodeState.DOWN, 5)).containsExactly(before);
    s.cycle(5);
    assertThat(s.allocationOf(id(1)).orElseThrow().hostNode()).isEqualTo(1);
    s.finish(WorkloadId.of(1), 6);
    assertThat(s.devices().freeCpuMilli(1)).isEqualTo(16_000);
  }

  @Test
  void withoutHostFiguresACpuTaskWaitsSayingWhichFieldsAreMissing() {
    Cluster cluster = Fixtures.h100(1);
    Scheduler s = new Scheduler(cluster, Fixtures.openConfig(cluster), SchedulerPolicy.defaults());
    s.submit(cpu(1, 1_000, 1024));
    PendingReason reason = s.cycle(0).reasonFor(id(1));
    assertThat(reason.code()).isEqualTo(ReasonCode.UNSUPPORTED);
    assertThat(reason.message()).contains("gives cpusPerNode and memoryGiBPerNode");
  }
}
