package dev.wanka.sched.cycle;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.DeviceTask;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TopologyConstraint;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Small hand-drawn clusters, configurations and workloads for scheduler tests. */
final class Fixtures {
  static final PriorityClass LOW = PriorityClass.preemptible("low", 0, 60);
  static final PriorityClass LOW_NO_GRACE = PriorityClass.preemptible("scavenger", 0, 0);
  static final PriorityClass HIGH = PriorityClass.preemptible("high", 100, 60);
  static final PriorityClass PRODUCTION = PriorityClass.nonPreemptible("production", 1000);
  static final PriorityClasses CLASSES =
      new PriorityClasses(List.of(LOW, LOW_NO_GRACE, HIGH, PRODUCTION), "low");

  private Fixtures() {}

  /**
   * {@code nodes} nodes of 8 H100: leaf groups of 4 nodes, spine groups of 2 leaf groups (node 0-3
   * leaf 0, 4-7 leaf 1, both spine 0; 8-11 leaf 2...).
   */
  static Cluster h100(int nodes) {
    return cluster(
        """
        name: test
        fabric: {tiers: 3, layout: rail-optimized, nodesPerLeaf: 4, leavesPerSpine: 2}
        pools:
          - {name: h100, accelerator: h100-sxm, nodes: %d, devicesPerNode: 8}
        """
            .formatted(nodes));
  }

  static Cluster cluster(String yaml) {
    return Cluster.build(ClusterSpecReader.read("test.yaml", yaml, Catalog.bundled()));
  }

  /**
   * One queue {@code q} for tenant {@code t}, with every type's quota twice the cluster's size, so
   * that only free devices limit it.
   */
  static SchedulerConfig openConfig(Cluster cluster) {
    QueueTree.Builder tree = QueueTree.builder().queue("q", "t", BorrowingPolicy.BORROW_AND_LEND);
    cluster.pools().stream()
        .map(p -> p.accelerator().id())
        .distinct()
        .forEach(
            type -> tree.quota("q", type, 2L * cluster.deviceCount(), 2L * cluster.deviceCount()));
    return new SchedulerConfig(CLASSES, tree.build());
  }

  static WorkloadMeta meta(long id, PriorityClass priority, long submit) {
    return meta(id, "q", "t", priority, submit);
  }

  static WorkloadMeta meta(
      long id, String queue, String tenant, PriorityClass priority, long submit) {
    return new WorkloadMeta(
        WorkloadId.of(id), "job-" + id, Tenant.of(tenant), QueueName.of(queue), priority, submit);
  }

  /** A rigid H100 gang. */
  static TrainingJob gang(WorkloadMeta meta, int devices, Long estimatedSeconds) {
    return training(meta, devices, Optional.empty(), estimatedSeconds, null);
  }

  static TrainingJob training(
      WorkloadMeta meta,
      int devices,
      Optional<TopologyConstraint> topology,
      Long estimatedSeconds,
      Long checkpointSeconds) {
    return new TrainingJob(
        meta,
        devices,
        OptionalInt.empty(),
        List.of(AcceleratorChoice.of("h100-sxm")),
        topology,
        ElasticRange.rigid(devices),
        estimatedSeconds == null ? OptionalLong.empty() : OptionalLong.of(estimatedSeconds),
        checkpointSeconds == null ? OptionalLong.empty() : OptionalLong.of(checkpointSeconds),
        OptionalInt.empty());
  }

  static TopologyConstraint within(Tier tier) {
    return TopologyConstraint.required(tier);
  }

  static DeviceTask share(WorkloadMeta meta, long milli) {
    return new DeviceTask(
        meta,
        new DeviceAmount(milli),
        List.of(AcceleratorChoice.of("h100-sxm")),
        OptionalLong.empty());
  }
}
