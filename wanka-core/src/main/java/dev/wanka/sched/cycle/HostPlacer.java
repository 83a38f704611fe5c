package dev.wanka.sched.cycle;

import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.ResourceRequest;
import java.util.OptionalInt;

/**
 * Places CPU-only tasks: the first UP node with enough free CPU and memory (first fit in node
 * order), on pools whose spec describes their hosts. CPU and memory have no queue quota.
 */
final class HostPlacer {
  private HostPlacer() {}

  static OptionalInt node(Gang gang, DeviceLedger ledger) {
    ResourceRequest request = gang.workload().request();
    int node = ledger.firstNodeWithHostRoom(request.cpuMilli(), request.memoryMiB());
    return node < 0 ? OptionalInt.empty() : OptionalInt.of(node);
  }

  static PendingReason why(Gang gang, DeviceLedger ledger) {
    Cluster cluster = ledger.cluster();
    ResourceRequest request = gang.workload().request();
    boolean described = cluster.pools().stream().anyMatch(PoolSpec::describesHost);
    if (!described) {
      return new PendingReason(
          ReasonCode.UNSUPPORTED,
          "a CPU-only task needs nodes with CPU and memory described; no pool of cluster "
              + cluster.name()
              + " gives cpusPerNode and memoryGiBPerNode");
    }
    return new PendingReason(
        ReasonCode.NO_FREE_DEVICES,
        String.format(
            "needs %.3f CPU cores and %d MiB on one node; the most CPU free on a node is %.3f"
                + " cores (or memory is short there)",
            request.cpuMilli() / 1000.0, request.memoryMiB(), ledger.mostFreeCpuMilli() / 1000.0));
  }
}
