package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.sim.scenario.ScenarioRunner;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterMeterTest {
  private static final Cluster TWO_POOLS =
      Cluster.build(
          ClusterSpecReader.read(
              "two.yaml",
              """
              name: two
              fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 2, devicesPerNode: 8}
                - {name: a100, accelerator: a100-sxm-80gb, nodes: 2, devicesPerNode: 4}
              """,
              Catalog.bundled()));

  private static SimJob job(long id, int devices, String type) {
    WorkloadMeta meta =
        new WorkloadMeta(
            WorkloadId.of(id),
            "job-" + id,
            Tenant.of("default"),
            QueueName.of("default"),
            PriorityClass.preemptible("normal", 0, 0),
            0);
    return new SimJob(
        new TrainingJob(
            meta,
            devices,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of(type)),
            Optional.empty(),
            ElasticRange.rigid(devices),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalInt.empty()),
        100);
  }

  @Test
  void aNodeIsFragmentedForTheShareOfGangsItCannotHost() {
    // gangs of 1, 1, 1, 2 and 8 devices
    TreeMap<Integer, Integer> sizes = new TreeMap<>();
    sizes.put(1, 3);
    sizes.put(2, 1);
    sizes.put(8, 1);
    double[][] shares = ClusterMeter.unusableShares(TWO_POOLS.pools(), sizes);
    // nodes of 8: with 1 free, the gangs of 2 and 8 cannot use it; with 2 to 7, the gang of 8
    assertThat(shares[0]).containsExactly(1.0, 0.4, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.0);
    // nodes of 4: the gang of 8 needs whole nodes, so it cannot use 1 to 3 free
    assertThat(shares[1]).containsExactly(1.0, 0.4, 0.2, 0.2, 0.0);
  }

  @Test
  void busyUpFreeAndFragmentedDevicesAreIntegratedOverTime() {
    // gangs of 4 and 8 on the nodes of 8: one of 4 runs, one node of 8 is down
    List<SimJob> jobs = List.of(job(1, 4, "h100-sxm"), job(2, 8, "h100-sxm"));
    ClusterMeter meter = new ClusterMeter(TWO_POOLS, jobs);
    Scheduler scheduler =
        new Scheduler(
            TWO_POOLS, ScenarioRunner.openConfig(TWO_POOLS, "default"), SchedulerPolicy.defaults());
    scheduler.submit(jobs.get(0).workload());
    meter.advanceTo(0);
    for (Allocation started : scheduler.cycle(0).started()) {
      meter.started(started);
    }
    int idle = scheduler.devices().free().bestFitNode(0, 8);
    scheduler.setNodeState(idle, DeviceLedger.NodeState.DOWN, 0);
    TimelineSample sample = meter.sample(0, scheduler.devices(), 0, 1);
    // up: 24 of 24 less the 8 down; free: 4 on the h100 node, 8 on the a100 nodes
    // fragmented: the h100 node's 4 free are unusable by the gang of 8 (half the gangs)
    assertThat(sample).isEqualTo(new TimelineSample(0, 4, 0, 1, 16, 12, 2));
    assertThat(sample.allocationRatio()).isEqualTo(0.25);
    assertThat(sample.fragmentation()).isEqualTo(2.0 / 12);
    meter.advanceTo(100);
    DeviceTime time = meter.deviceTime();
    assertThat(time.pools())
        .extracting(DeviceTime.Pool::busyDeviceSeconds, DeviceTime.Pool::downDeviceSeconds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(400.0, 800.0),
            org.assertj.core.groups.Tuple.tuple(0.0, 0.0));
    assertThat(time.freeDeviceSeconds()).isEqualTo(1200);
    assertThat(time.fragmentedDeviceSeconds()).isEqualTo(200);
    TwinResult result = new TwinResult(List.of(), 100, 1, List.of(sample), 0, List.of(), time);
    // 400 busy over 2,400 device-seconds, or over the 1,600 of devices that were up
    assertThat(result.utilization()).isEqualTo(400.0 / 2400);
    assertThat(result.allocationRatio()).isEqualTo(0.25);
    assertThat(result.fragmentation()).isEqualTo(200.0 / 1200);
  }

  @Test
  void aFailedDeviceIsDownAndLeavesTheRestOfItsNodeFragmentedForWholeNodeGangs() {
    // gangs of 4: a node of 4 with one device failed has 3 free, which no gang can use
    List<SimJob> jobs = List.of(job(1, 4, "a100-sxm-80gb"));
    ClusterMeter meter = new ClusterMeter(TWO_POOLS, jobs);
    Scheduler scheduler =
        new Scheduler(
            TWO_POOLS, ScenarioRunner.openConfig(TWO_POOLS, "default"), SchedulerPolicy.defaults());
    meter.advanceTo(0);
    int failed = TWO_POOLS.firstDeviceOfNode(TWO_POOLS.firstNodeOfPool(1));
    scheduler.setDeviceState(failed, DeviceLedger.NodeState.DOWN, 0);
    // up: 24 less the failed device; free: 16 on the h100 nodes, 3 + 4 on the a100 nodes
    assertThat(meter.sample(0, scheduler.devices(), 0, 0))
        .isEqualTo(new TimelineSample(0, 0, 0, 0, 23, 23, 3));
    meter.advanceTo(100);
    assertThat(meter.deviceTime().pools())
        .extracting(DeviceTime.Pool::downDeviceSeconds)
        .containsExactly(0.0, 100.0);
    assertThat(meter.deviceTime().fragmentedDeviceSeconds()).isEqualTo(300);
  }
}
