package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.gang;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static dev.wanka.sched.cycle.Fixtures.share;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.GangId;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One device's own state: a failed GPU goes out while its node's other devices work on. */
class DeviceStateTest {
  private static final Cluster TWO_NODES = Fixtures.h100(2);

  private static Scheduler scheduler() {
    return new Scheduler(TWO_NODES, Fixtures.openConfig(TWO_NODES), SchedulerPolicy.defaults());
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  @Test
  void aDeviceGoingDownInterruptsOnlyTheGangOnItAndStaysOutUntilUp() {
    Scheduler s = scheduler();
    s.submit(gang(meta(1, LOW, 0), 4, null));
    s.submit(gang(meta(2, LOW, 0), 4, null));
    s.cycle(0);
    Allocation first = s.allocationOf(id(1)).orElseThrow();
    Allocation second = s.allocationOf(id(2)).orElseThrow();
    int failed = first.devices()[0];
    int node = TWO_NODES.nodeOf(failed);
    assertThat(TWO_NODES.nodeOf(second.devices()[0])).as("packed on one node").isEqualTo(node);

    assertThat(s.setDeviceState(failed, NodeState.DOWN, 5)).containsExactly(first);
    assertThat(s.allocationOf(id(2))).contains(second);
    assertThat(s.devices().deviceState(failed)).isEqualTo(NodeState.DOWN);
    assertThat(s.devices().nodeState(node)).isEqualTo(NodeState.UP);
    assertThat(s.devices().isSchedulable(failed)).isFalse();
    // the node's other 3 devices are free again, the failed one is not: 3 + 8 on the other node
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(11);

    s.cycle(5);
    Allocation again = s.allocationOf(id(1)).orElseThrow();
    assertThat(Arrays.stream(again.devices()).boxed()).doesNotContain(failed);

    s.finish(WorkloadId.of(1), 6);
    s.finish(WorkloadId.of(2), 6);
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(15);
    s.setDeviceState(failed, NodeState.UP, 7);
    assertThat(s.devices().free().freeInPool(0)).isEqualTo(16);
    assertThat(s.devices().free().isIdle(node)).isTrue();
  }

  @Test
  void aFailedDeviceIsCountedDownAndLeavesItsNodeOneFreeDeviceShort() {
    Scheduler s = scheduler();
    int failed = 3;
    int node = TWO_NODES.nodeOf(failed);
    s.setDeviceState(failed, NodeState.DOWN, 1);
    assertThat(s.devices().devicesIn(NodeState.DOWN, 0)).isEqualTo(1);
    assertThat(s.devices().devicesIn(NodeState.UP, 0)).isEqualTo(15);
    // one node with 7 free, the other with all 8: what fragmentation is measured from
    assertThat(s.devices().free().nodesWithFree(0, 7)).isEqualTo(1);
    assertThat(s.devices().free().nodesWithFree(0, 8)).isEqualTo(1);

    // its node cordoned: the failed device stays DOWN, the other seven count as CORDONED
    s.setNodeState(node, NodeState.CORDONED, 2);
    assertThat(s.devices().devicesIn(NodeState.DOWN, 0)).isEqualTo(1);
    assertThat(s.devices().devicesIn(NodeState.CORDONED, 0)).isEqualTo(7);
    assertThat(s.devices().free().nodesWithFree(0, 0)).isEqualTo(1);

    // its node down too, then the device repaired: all eight DOWN with the node
    s.setNodeState(node, NodeState.DOWN, 3);
    s.setDeviceState(failed, NodeState.UP, 4);
    assertThat(s.devices().devicesIn(NodeState.DOWN, 0)).isEqualTo(8);
    assertThat(s.devices().devicesIn(NodeState.CORDONED, 0)).isZero();

    s.setNodeState(node, NodeState.UP, 5);
    assertThat(s.devices().devicesIn(NodeState.UP, 0)).isEqualTo(16);
    assertThat(s.devices().free().nodesWithFree(0, 8)).isEqualTo(2);
  }

  @Test
  void aCordonedDeviceKeepsItsWorkTakesNoNewAndIsNotFreedByANodeComingBack() {
    Scheduler s = scheduler();
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.cycle(0);
    Allocation running = s.allocationOf(id(1)).orElseThrow();
    int cordoned = running.devices()[3];
    int node = TWO_NODES.nodeOf(cordoned);
    assertThat(s.setDeviceState(cordoned, NodeState.CORDONED, 1)).isEmpty();
    assertThat(s.allocationOf(id(1))).contains(running);

    s.finish(WorkloadId.of(1), 2);
    assertThat(s.devices().free().freeOnNode(node)).isEqualTo(7);
    // a node cordoned and uncordoned again leaves its cordoned device out
    s.setNodeState(node, NodeState.CORDONED, 3);
    assertThat(s.devices().free().freeOnNode(node)).isZero();
    s.setNodeState(node, NodeState.UP, 4);
    assertThat(s.devices().free().freeOnNode(node)).isEqualTo(7);
    assertThat(s.devices().deviceState(cordoned)).isEqualTo(NodeState.CORDONED);

    // a device brought back UP on a node that is down stays out until the node is UP
    s.setNodeState(node, NodeState.DOWN, 5);
    s.setDeviceState(cordoned, NodeState.UP, 6);
    assertThat(s.devices().free().freeOnNode(node)).isZero();
    s.setNodeState(node, NodeState.UP, 7);
    assertThat(s.devices().free().freeOnNode(node)).isEqualTo(8);
  }

  @Test
  void aSharedDeviceGoingDownInterruptsEveryShareOnIt() {
    Scheduler s = scheduler();
    s.submit(share(meta(1, LOW, 0), 300));
    s.submit(share(meta(2, LOW, 0), 300));
    s.cycle(0);
    Allocation first = s.allocationOf(id(1)).orElseThrow();
    Allocation second = s.allocationOf(id(2)).orElseThrow();
    int device = first.devices()[0];
    assertThat(second.devices()).containsExactly(device);

    assertThat(s.setDeviceState(device, NodeState.DOWN, 5))
        .containsExactlyInAnyOrder(first, second);
    assertThat(s.devices().shareUsedMilli(device)).isZero();
    assertThat(s.devices().tightestSharedDevice(0, 100)).isEqualTo(-1);
    s.cycle(5);
    assertThat(s.allocationOf(id(1)).orElseThrow().devices()).doesNotContain(device);
  }
}
