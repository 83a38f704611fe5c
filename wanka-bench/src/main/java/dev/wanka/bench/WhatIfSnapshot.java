package dev.wanka.bench;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sim.scenario.ScenarioRunner;
import dev.wanka.sim.whatif.ClusterSnapshot;
import dev.wanka.sim.whatif.RunningGang;
import dev.wanka.spec.BundledText;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A seeded snapshot of a busy 10,240-device cluster ({@code examples/clusters/h100-10k.yaml},
 * packed into the jar: 1,280 nodes of 8 H100) for the what-if benchmark: running jobs fill at least
 * 90% of the devices (sizes 1 to 256, started up to a day ago, expected to end within two days),
 * and {@code pending} jobs wait (half of them one device, the rest 2 to 256; estimates from 10
 * minutes to a day, log-uniform; submitted within the last day). One queue may use every device;
 * the default policy (priority order, backfill, preemption).
 */
final class WhatIfSnapshot {
  static final String H100_10K = "h100-10k.yaml";
  static final long NOW = 1_000_000;
  private static final PriorityClass NORMAL = PriorityClass.preemptible("normal", 0, 0);
  private static final int[] RUNNING_SIZES = {1, 1, 1, 2, 4, 8, 8, 8, 16, 64, 256};
  private static final int[] PENDING_SIZES = {1, 1, 1, 1, 1, 2, 4, 8, 8, 16, 64, 256};

  private WhatIfSnapshot() {}

  static Cluster cluster() {
    Cluster cluster =
        Cluster.build(
            ClusterSpecReader.read(
                H100_10K,
                BundledText.read("/dev/wanka/bench/" + H100_10K, "the what-if cluster"),
                Catalog.bundled()));
    if (cluster.deviceCount() != 10_240 || cluster.devicesOnNode(0) != 8) {
      throw new IllegalStateException(
          "expected 10,240 devices on nodes of 8; got " + cluster.deviceCount());
    }
    return cluster;
  }

  static ClusterSnapshot build(Cluster cluster, int pending, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Workload> workloads = new ArrayList<>();
    List<RunningGang> running = new ArrayList<>();
    int nodes = cluster.nodeCount();
    int node = 0;
    int usedOnNode = 0;
    long id = 1;
    int busy = 0;
    while (busy < 0.9 * cluster.deviceCount()) {
      int size = RUNNING_SIZES[random.nextInt(RUNNING_SIZES.length)];
      int[] devices;
      if (size <= 8) {
        if (usedOnNode + size > 8) {
          node++;
          usedOnNode = 0;
        }
        if (node >= nodes) {
          break;
        }
        devices = range(cluster.firstDeviceOfNode(node) + usedOnNode, size);
        usedOnNode += size;
      } else {
        int first = usedOnNode == 0 ? node : node + 1;
        if (first + size / 8 > nodes) {
          break;
        }
        devices = range(cluster.firstDeviceOfNode(first), size);
        node = first + size / 8;
        usedOnNode = 0;
      }
      long start = NOW - random.nextLong(1, 86_400);
      long end = NOW + random.nextLong(60, 2 * 86_400);
      workloads.add(job(id, start - random.nextLong(0, 3_600), size, end - start));
      running.add(
          RunningGang.onDevices(
              GangId.of(WorkloadId.of(id)), devices, start, OptionalLong.of(end)));
      busy += size;
      id++;
    }
    for (int i = 0; i < pending; i++) {
      int size = PENDING_SIZES[random.nextInt(PENDING_SIZES.length)];
      long estimate = Math.round(600 * Math.pow(144, random.nextDouble()));
      workloads.add(job(id++, NOW - random.nextLong(0, 86_400), size, estimate));
    }
    return ClusterSnapshot.allNodesUp(
        cluster,
        ScenarioRunner.openConfig(cluster, "default"),
        SchedulerPolicy.defaults(),
        NOW,
        workloads,
        running);
  }

  private static int[] range(int first, int count) {
    int[] devices = new int[count];
    for (int i = 0; i < count; i++) {
      devices[i] = first + i;
    }
    return devices;
  }

  private static TrainingJob job(long id, long submit, int devices, long estimate) {
    return new TrainingJob(
        new WorkloadMeta(
            WorkloadId.of(id),
            "job-" + id,
            Tenant.of("default"),
            QueueName.of("default"),
            NORMAL,
            submit),
        devices,
        OptionalInt.empty(),
        List.of(AcceleratorChoice.of("h100-sxm")),
        Optional.empty(),
        ElasticRange.rigid(devices),
        OptionalLong.of(estimate),
        OptionalLong.empty(),
        OptionalInt.empty());
  }
}
