package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.HIGH;
import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.gang;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static dev.wanka.sched.cycle.Fixtures.training;
import static dev.wanka.sched.cycle.Fixtures.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.GangId;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import dev.wanka.workload.WorkloadId;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final Cluster EIGHT_NODES = Fixtures.h100(8);

  private static Scheduler scheduler(Cluster cluster) {
    return new Scheduler(cluster, Fixtures.openConfig(cluster), SchedulerPolicy.defaults());
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  private static Set<Integer> leavesOf(Cluster cluster, Allocation allocation) {
    Set<Integer> leaves = new TreeSet<>();
    for (int device : allocation.devices()) {
      leaves.add(cluster.leafGroupOf(device));
    }
    return leaves;
  }

  @Test
  void aGangThatFitsInOneLeafIsNotSpreadOverTwo() {
    Scheduler s = scheduler(EIGHT_NODES);
    // one node busy in each leaf: leaf 0 has 3 idle nodes, leaf 1 has 3
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.submit(gang(meta(2, LOW, 0), 8, null));
    s.cycle(0);
    Allocation first = s.allocationOf(id(1)).orElseThrow();
    Allocation second = s.allocationOf(id(2)).orElseThrow();
    assertThat(leavesOf(EIGHT_NODES, first)).containsExactly(0);
    assertThat(leavesOf(EIGHT_NODES, second)).containsExactly(0);
    s.submit(gang(meta(3, LOW, 1), 16, null));
    CycleResult result = s.cycle(1);
    Allocation third = s.allocationOf(id(3)).orElseThrow();
    assertThat(result.started()).containsExactly(third);
    assertThat(third.spans()).isEqualTo(Tier.LEAF);
    assertThat(leavesOf(EIGHT_NODES, third)).hasSize(1);
  }

  @Test
  void aPendingGangSaysWhatBlocksItAndHowFullItsQueueIs() {
    Scheduler s = scheduler(EIGHT_NODES);
    s.submit(gang(meta(1, LOW, 0), 40, null));
    s.cycle(0);
    s.submit(training(meta(2, LOW, 1), 32, Optional.of(within(Tier.LEAF)), null, null));
    CycleResult result = s.cycle(1);
    PendingReason reason = result.reasonFor(id(2));
    assertThat(reason.code()).isEqualTo(ReasonCode.NO_FREE_DEVICES);
    assertThat(reason.message())
        .contains("needs 32 h100-sxm (4 whole nodes) within one leaf")
        .contains("the largest free block of whole nodes in a leaf of pool h100 is 24")
        .contains("queue q uses 31% of its h100-sxm quota (40 of 128)");
  }

  @Test
  void aGangLargerThanItsTopologyScopeNeverFitsAndSaysSo() {
    Scheduler s = scheduler(EIGHT_NODES);
    s.submit(training(meta(1, LOW, 0), 40, Optional.of(within(Tier.LEAF)), null, null));
    PendingReason reason = s.cycle(0).reasonFor(id(1));
    assertThat(reason.code()).isEqualTo(ReasonCode.NEVER_FITS);
    assertThat(reason.message())
        .isEqualTo("needs 40 h100-sxm within one leaf; a leaf of pool h100 holds 32");
  }

  @Test
  void aGangLargerThanASpineGroupNeverFitsWithinOne() {
    Cluster cluster = Fixtures.h100(24); // spine groups of 2 leaves x 4 nodes x 8 = 64 devices
    Scheduler s = scheduler(cluster);
    s.submit(training(meta(1, LOW, 0), 80, Optional.of(within(Tier.SPINE)), null, null));
    PendingReason reason = s.cycle(0).reasonFor(id(1));
    assertThat(reason.code()).isEqualTo(ReasonCode.NEVER_FITS);
    assertThat(reason.message())
        .isEqualTo("needs 80 h100-sxm within one spine; a spine of pool h100 holds 64");
  }

  @Test
  void anUnknownQueueIsRefusedAtSubmissionNamingTheField() {
    Scheduler s = scheduler(EIGHT_NODES);
    assertThatThrownBy(() -> s.submit(gang(meta(1, "nope", "t", LOW, 0), 8, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue: 'nope' is not a configured queue; allowed: q");
    assertThat(s.pending()).isEmpty();
  }

  @Test
  void backfillNeverDelaysTheReservedGang() {
    // 64 devices: A (32, ends t=100) and B (16, ends t=200) run; 16 free
    Scheduler s = scheduler(EIGHT_NODES);
    s.submit(gang(meta(1, LOW, 0), 32, 100L));
    s.submit(gang(meta(2, LOW, 0), 16, 200L));
    s.cycle(0);
    // G needs 48: only when A ends at t=100. S ends by t=50, L runs to t=500.
    s.submit(gang(meta(3, LOW, 1), 48, 1000L));
    s.submit(gang(meta(4, LOW, 2), 16, 500L));
    s.submit(gang(meta(5, LOW, 3), 16, 49L));
    CycleResult at1 = s.cycle(1);
    assertThat(at1.reasonFor(id(3)).code()).isEqualTo(ReasonCode.RESERVED);
    assertThat(at1.reservations()).hasSize(1);
    assertThat(at1.reservations().get(0).startSeconds()).isEqualTo(100);
    assertThat(at1.reasonFor(id(4)).code()).isEqualTo(ReasonCode.NO_FREE_DEVICES);
    assertThat(s.allocationOf(id(5))).as("a gang ending before t=100 backfills").isPresent();
    s.finish(WorkloadId.of(5), 50);
    s.cycle(50);
    assertThat(s.allocationOf(id(4))).as("L would delay G").isEmpty();
    s.finish(WorkloadId.of(1), 100);
    CycleResult at100 = s.cycle(100);
    assertThat(at100.started()).extracting(Allocation::id).containsExactly(id(3));
  }

  @Test
  void withoutBackfillTheSmallGangsOvertakeTheLargeOneAndItWaitsLonger() {
    Scheduler s =
        new Scheduler(
            EIGHT_NODES,
            Fixtures.openConfig(EIGHT_NODES),
            SchedulerPolicy.defaults().withBackfill(false));
    s.submit(gang(meta(1, LOW, 0), 32, 100L));
    s.submit(gang(meta(2, LOW, 0), 16, 200L));
    s.cycle(0);
    s.submit(gang(meta(3, LOW, 1), 48, 1000L));
    s.submit(gang(meta(4, LOW, 2), 16, 500L));
    s.cycle(1);
    assertThat(s.allocationOf(id(4))).isPresent();
    s.finish(WorkloadId.of(1), 100);
    s.cycle(100);
    assertThat(s.allocationOf(id(3))).as("L took the devices G needed").isEmpty();
  }

  @Test
  void priorityPreemptionStopsTheCheapestVictimsAndWaitsOutTheirGrace() {
    Scheduler s = scheduler(EIGHT_NODES);
    // eight one-node low-priority jobs fill the cluster; job 4 checkpointed recently
    for (int i = 1; i <= 8; i++) {
      s.submit(training(meta(i, LOW, 0), 8, Optional.empty(), null, i == 4 ? 100L : null));
    }
    s.cycle(0);
    s.submit(training(meta(9, HIGH, 150), 8, Optional.empty(), null, null));
    CycleResult at150 = s.cycle(150);
    assertThat(at150.preempted()).hasSize(1);
    Eviction eviction = at150.preempted().get(0);
    assertThat(eviction.victim().id()).isEqualTo(id(4));
    assertThat(eviction.deadlineSeconds()).isEqualTo(210);
    assertThat(at150.reasonFor(id(9)).code()).isEqualTo(ReasonCode.PREEMPTING);
    CycleResult at200 = s.cycle(200);
    assertThat(at200.preempted()).as("no second round of victims").isEmpty();
    assertThat(s.allocationOf(id(9))).isEmpty();
    CycleResult at210 = s.cycle(210);
    assertThat(at210.evicted()).extracting(Allocation::id).containsExactly(id(4));
    assertThat(at210.started()).extracting(Allocation::id).containsExactly(id(9));
    assertThat(s.pending()).extracting(g -> g.id()).containsExactly(id(4));
  }

  @Test
  void preemptionFreesDevicesTheTopologyCanUse() {
    Scheduler s = scheduler(EIGHT_NODES);
    for (int i = 1; i <= 8; i++) {
      s.submit(gang(meta(i, LOW, 0), 8, null));
    }
    s.cycle(0);
    s.submit(training(meta(9, HIGH, 10), 16, Optional.of(within(Tier.LEAF)), null, null));
    CycleResult result = s.cycle(10);
    assertThat(result.preempted()).hasSize(2);
    Set<Integer> leaves = new TreeSet<>();
    for (Eviction eviction : result.preempted()) {
      leaves.addAll(leavesOf(EIGHT_NODES, eviction.victim()));
    }
    assertThat(leaves).as("both victims in one leaf").hasSize(1);
  }

  @Test
  void aNodeGoingDownInterruptsItsGangsAndTheyRunAgainElsewhere() {
    Scheduler s = scheduler(EIGHT_NODES);
    s.submit(gang(meta(1, LOW, 0), 16, null));
    s.cycle(0);
    Allocation before = s.allocationOf(id(1)).orElseThrow();
    int node = EIGHT_NODES.nodeOf(before.devices()[0]);
    assertThat(s.setNodeState(node, DeviceLedger.NodeState.DOWN, 5)).containsExactly(before);
    assertThat(s.devices().devicesIn(DeviceLedger.NodeState.DOWN, 0)).isEqualTo(8);
    assertThat(s.devices().devicesIn(DeviceLedger.NodeState.UP, 0))
        .isEqualTo(EIGHT_NODES.deviceCount() - 8);
    s.cycle(5);
    Allocation after = s.allocationOf(id(1)).orElseThrow();
    assertThat(Arrays.stream(after.devices()).map(EIGHT_NODES::nodeOf)).doesNotContain(node);
  }
}
