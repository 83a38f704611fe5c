package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.quota.AdmissionDecision;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.DeviceAmount;
import java.util.BitSet;
import java.util.List;

/**
 * Checks that a gang already running elsewhere (in the database, in a snapshot) can be re-created
 * in a scheduler's ledgers as it is: its devices exist, lie in one pool of a type it accepts, on UP
 * nodes, are free (or have room for its share), are as many as it may run on, and its queue's quota
 * admits them. Every refusal names the field, the value and what is allowed.
 */
final class Restoration {
  private Restoration() {}

  /**
   * The allocation of {@code gang} on {@code devices} from {@code startSeconds}, neither taken nor
   * charged yet; borrowed when its quota admission would borrow.
   *
   * @throws IllegalArgumentException naming the field when the devices do not suit the gang or the
   *     quota does not admit them
   */
  static Allocation onDevices(
      Gang gang, int[] devices, long startSeconds, DeviceLedger ledger, QuotaLedger quota) {
    Cluster cluster = ledger.cluster();
    if (!gang.needsDevices()) {
      throw new IllegalArgumentException(
          "gang " + gang.id() + " is CPU-only: restore it on its host node, not on devices");
    }
    int min = gang.sizes().get(gang.sizes().size() - 1);
    int max = gang.maxDevices();
    if (devices.length < min || devices.length > max) {
      throw new IllegalArgumentException(
          "devices: "
              + devices.length
              + " is not allowed for gang "
              + gang.id()
              + ": it runs on "
              + (min == max ? String.valueOf(max) : "from " + min + " to " + max)
              + " devices");
    }
    BitSet seen = new BitSet();
    for (int i = 0; i < devices.length; i++) {
      int device = devices[i];
      if (device < 0 || device >= cluster.deviceCount()) {
        throw new IllegalArgumentException(
            "devices["
                + i
                + "]: "
                + device
                + " is not a device of cluster "
                + cluster.name()
                + "; allowed: 0 to "
                + (cluster.deviceCount() - 1));
      }
      if (seen.get(device)) {
        throw new IllegalArgumentException(
            "devices[" + i + "]: " + cluster.deviceName(device) + " appears twice");
      }
      seen.set(device);
    }
    int pool = cluster.poolIndexOf(devices[0]);
    String type = cluster.pools().get(pool).accelerator().id();
    List<String> accepted =
        gang.accelerators().stream().map(AcceleratorChoice::acceleratorId).toList();
    if (!accepted.contains(type)) {
      throw new IllegalArgumentException(
          "devices: "
              + type
              + " of pool "
              + cluster.pools().get(pool).name()
              + " is not a type gang "
              + gang.id()
              + " accepts; allowed: "
              + String.join(", ", accepted));
    }
    for (int i = 0; i < devices.length; i++) {
      checkUsable(gang, devices, i, pool, ledger);
    }
    AdmissionDecision admission = quota.canAdmit(gang.queue(), type, devices.length);
    if (!admission.allowed()) {
      throw new IllegalArgumentException("quota: " + admission.reason());
    }
    return new Allocation(
        gang,
        pool,
        type,
        devices,
        gang.milliPerDevice(),
        cluster.lowestCommonTier(devices),
        startSeconds,
        admission.borrows(),
        -1);
  }

  private static void checkUsable(Gang gang, int[] devices, int i, int pool, DeviceLedger ledger) {
    Cluster cluster = ledger.cluster();
    int device = devices[i];
    String field = "devices[" + i + "]: " + cluster.deviceName(device);
    if (cluster.poolIndexOf(device) != pool) {
      throw new IllegalArgumentException(
          field
              + " is in pool "
              + cluster.poolOf(device).name()
              + ", not "
              + cluster.pools().get(pool).name()
              + "; a gang's devices are all of one pool");
    }
    DeviceLedger.NodeState state = ledger.nodeState(cluster.nodeOf(device));
    if (state != DeviceLedger.NodeState.UP) {
      throw new IllegalArgumentException(
          field
              + " is on a node that is "
              + state
              + "; restore running work before cordoning or downing nodes");
    }
    int used = ledger.shareUsedMilli(device);
    boolean free = ledger.free().isFree(device);
    boolean fits =
        gang.isShare()
            ? used == 0 ? free : used + gang.milliPerDevice() <= DeviceAmount.MILLI
            : free;
    if (!fits) {
      Allocation owner = ledger.ownerOf(device);
      throw new IllegalArgumentException(
          field
              + " is not free for "
              + gang.id()
              + (owner != null
                  ? ": it runs " + owner.id()
                  : used > 0
                      ? ": shares of it use " + used + " of 1000 milli"
                      : ledger.isHeld(device) ? ": a reservation holds it" : ""));
    }
  }

  /**
   * The allocation of a CPU-only {@code gang} on {@code node}, not yet taken.
   *
   * @throws IllegalArgumentException naming the field when the node cannot hold it
   */
  static Allocation onHost(Gang gang, int node, long startSeconds, DeviceLedger ledger) {
    Cluster cluster = ledger.cluster();
    if (gang.needsDevices()) {
      throw new IllegalArgumentException(
          "gang " + gang.id() + " needs devices: restore it on its devices, not on a host");
    }
    if (node < 0 || node >= cluster.nodeCount()) {
      throw new IllegalArgumentException(
          "node: "
              + node
              + " is not a node of cluster "
              + cluster.name()
              + "; allowed: 0 to "
              + (cluster.nodeCount() - 1));
    }
    if (ledger.nodeState(node) != DeviceLedger.NodeState.UP) {
      throw new IllegalArgumentException(
          "node: "
              + cluster.nodeName(node)
              + " is "
              + ledger.nodeState(node)
              + "; restore running work before cordoning or downing nodes");
    }
    long cpu = gang.workload().request().cpuMilli();
    long memory = gang.workload().request().memoryMiB();
    if (ledger.freeCpuMilli(node) < cpu || ledger.freeMemoryMiB(node) < memory) {
      throw new IllegalArgumentException(
          "node: "
              + cluster.nodeName(node)
              + " has "
              + ledger.freeCpuMilli(node)
              + " milli-CPU and "
              + ledger.freeMemoryMiB(node)
              + " MiB free; "
              + gang.id()
              + " holds "
              + cpu
              + " and "
              + memory);
    }
    return Allocation.onHost(gang, cluster.poolIndexOfNode(node), node, startSeconds);
  }
}
