package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.gang;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import dev.wanka.workload.CpuTask;
import dev.wanka.workload.WorkloadId;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Work already running re-created in a fresh scheduler ({@link Scheduler#restore}): what the live
 * server does at start-up and the what-if does with a snapshot.
 */
class SchedulerRestoreTest {
  /** Two nodes of 8 H100 (devices 0-7 on node 0, 8-15 on node 1), 16 cores and 64 GiB each. */
  private static final Cluster TWO_NODES =
      Fixtures.cluster(
          """
          name: two
          fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
          pools:
            - {name: h100, accelerator: h100-sxm, nodes: 2, devicesPerNode: 8, cpusPerNode: 16,
               memoryGiBPerNode: 64}
          """);

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  private static Scheduler scheduler() {
    return new Scheduler(TWO_NODES, Fixtures.openConfig(TWO_NODES), SchedulerPolicy.defaults());
  }

  @Test
  void aRestoredGangHoldsItsDevicesAndQuotaUntilItFinishes() {
    Scheduler s = scheduler();
    s.submit(gang(meta(1, LOW, 0), 8, 500L));
    Allocation restored = s.restore(id(1), range(8, 16), 40);
    assertThat(s.running()).containsExactly(restored);
    assertThat(s.pending()).isEmpty();
    assertThat(restored.startSeconds()).isEqualTo(40);
    assertThat(restored.spans()).isEqualTo(Tier.NODE);
    assertThat(restored.estimatedEndSeconds()).hasValue(540);
    assertThat(s.quota().used("q", "h100-sxm")).isEqualTo(8);
    assertThat(s.devices().ownerOf(12)).isEqualTo(restored);

    // a second 8-device gang can only go to node 0, the one the restored gang left free
    s.submit(gang(meta(2, LOW, 50), 8, null));
    s.cycle(50);
    assertThat(s.allocationOf(id(2)).orElseThrow().devices()).containsExactly(range(0, 8));

    assertThat(s.finish(WorkloadId.of(1), 540)).containsExactly(restored);
    assertThat(s.quota().used("q", "h100-sxm")).isEqualTo(8);
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(8);
  }

  @Test
  void restoringOntoABusyDeviceIsRefusedNamingTheDeviceAndChangesNothing() {
    Scheduler s = scheduler();
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.submit(gang(meta(2, LOW, 0), 4, null));
    s.restore(id(1), range(0, 8), 0);
    assertThatThrownBy(() -> s.restore(id(2), new int[] {8, 9, 7, 10}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("devices[2]: h100-001/7 is not free for #2: it runs #1");
    assertThat(s.pending()).extracting(g -> g.id()).containsExactly(id(2));
    assertThat(s.quota().used("q", "h100-sxm")).isEqualTo(8);
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(8);
  }

  @Test
  void aGangMustBePendingAndItsDevicesAsManyAsItRunsOn() {
    Scheduler s = scheduler();
    assertThatThrownBy(() -> s.restore(id(9), range(0, 8), 0))
        .hasMessage("gang: #9 is not pending; submit its workload first");
    s.submit(gang(meta(1, LOW, 0), 8, null));
    assertThatThrownBy(() -> s.restore(id(1), range(0, 4), 0))
        .hasMessage("devices: 4 is not allowed for gang #1: it runs on 8 devices");
    assertThatThrownBy(() -> s.restore(id(1), new int[] {0, 1, 2, 3, 4, 5, 6, 16}, 0))
        .hasMessage("devices[7]: 16 is not a device of cluster two; allowed: 0 to 15");
    assertThatThrownBy(() -> s.restore(id(1), new int[] {0, 1, 2, 3, 4, 5, 6, 6}, 0))
        .hasMessage("devices[7]: h100-001/6 appears twice");
    assertThatThrownBy(() -> s.restore(id(1), range(0, 8), -1))
        .hasMessage("startSeconds: -1 is not allowed: must be >= 0");
    s.restore(id(1), range(0, 8), 0);
    assertThatThrownBy(() -> s.restore(id(1), range(8, 16), 0))
        .hasMessage("gang: #1 is already running");
  }

  @Test
  void theQueuesQuotaMustAdmitTheRestoredDevices() {
    SchedulerConfig config =
        new SchedulerConfig(
            Fixtures.CLASSES,
            QueueTree.builder()
                .queue("q", "t", BorrowingPolicy.BORROW_AND_LEND)
                .quota("q", "h100-sxm", 8, 8)
                .build());
    Scheduler s = new Scheduler(TWO_NODES, config, SchedulerPolicy.defaults());
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.submit(gang(meta(2, LOW, 0), 8, null));
    s.restore(id(1), range(0, 8), 0);
    assertThatThrownBy(() -> s.restore(id(2), range(8, 16), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "quota: queue q uses 100% of its h100-sxm quota (8 of 8); admitting 8 would exceed"
                + " its max of 8");
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(8);
    assertThat(s.quota().used("q", "h100-sxm")).isEqualTo(8);
  }

  @Test
  void workRestoredOnANodeThatThenGoesDownIsInterrupted() {
    Scheduler s = scheduler();
    s.submit(gang(meta(1, LOW, 0), 8, null));
    Allocation restored = s.restore(id(1), range(0, 8), 0);
    assertThat(s.setNodeState(0, DeviceLedger.NodeState.DOWN, 10)).containsExactly(restored);
    assertThat(s.pending()).extracting(g -> g.id()).containsExactly(id(1));
    assertThatThrownBy(() -> s.restore(id(1), range(0, 8), 0))
        .hasMessage(
            "devices[0]: h100-001/0 is on a node that is DOWN; restore running work before"
                + " cordoning or downing nodes");
  }

  @Test
  void sharesOfOneDeviceAreRestoredWhileTheyFitInIt() {
    Scheduler s = scheduler();
    s.submit(Fixtures.share(meta(1, LOW, 0), 500));
    s.submit(Fixtures.share(meta(2, LOW, 0), 300));
    s.submit(Fixtures.share(meta(3, LOW, 0), 300));
    s.restore(id(1), new int[] {3}, 0);
    s.restore(id(2), new int[] {3}, 0);
    assertThat(s.devices().shareUsedMilli(3)).isEqualTo(800);
    assertThatThrownBy(() -> s.restore(id(3), new int[] {3}, 0))
        .hasMessage(
            "devices[0]: h100-001/3 is not free for #3: shares of it use 800 of 1000 milli");
    assertThat(s.quota().used("q", "h100-sxm")).as("a share counts as one device").isEqualTo(2);
  }

  @Test
  void aCpuTaskIsRestoredOnItsHost() {
    Scheduler s = scheduler();
    s.submit(new CpuTask(meta(1, LOW, 0), 12_000, 1024, OptionalLong.empty()));
    assertThatThrownBy(() -> s.restore(id(1), range(0, 1), 0))
        .hasMessage("gang #1 is CPU-only: restore it on its host node, not on devices");
    Allocation restored = s.restoreOnHost(id(1), 1, 0);
    assertThat(restored.hostNode()).isEqualTo(1);
    assertThat(s.devices().freeCpuMilli(1)).isEqualTo(4_000);
    s.submit(new CpuTask(meta(2, LOW, 0), 8_000, 1024, OptionalLong.empty()));
    assertThatThrownBy(() -> s.restoreOnHost(id(2), 1, 0))
        .hasMessage("node: h100-002 has 4000 milli-CPU and 64512 MiB free; #2 holds 8000 and 1024");
  }
}
