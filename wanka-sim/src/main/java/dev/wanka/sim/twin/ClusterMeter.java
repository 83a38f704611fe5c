package dev.wanka.sim.twin;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.Gang;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Meters a twin run's cluster over virtual time: busy devices per pool (told by the twin as gangs
 * start and stop), and after every cycle the devices that are up, free and fragmented (read from
 * the scheduler's ledger). Between cycles nothing changes, so integrating each cycle's state up to
 * the next instant gives exact time-weighted figures.
 *
 * <p><b>Fragmentation</b> follows the idea of Weng et al., "Beware of Fragmentation: Scheduling
 * GPU-Sharing Workloads with Fragmentation Gradient Descent" (USENIX ATC'23): free capacity is
 * fragmented when the workload's typical task cannot use it. Here the typical task is a gang drawn
 * from the run's own jobs (each job counted once, at the smallest size it may start with; a share
 * of a device counts as one device), and a node's free devices are usable by a gang of k devices
 * exactly as the gang placer places it: k up to a node's size needs one node with at least k free;
 * a larger gang takes whole idle nodes. So a node with f free devices, in a pool of nodes of D, is
 * fragmented for the gang when f is below min(k, D), and the fragmented devices are the expected
 * sum of those f over the gang sizes. Per-node and topology constraints of gangs, and which type a
 * gang asks for, are not considered. A failed device is never free, so the rest of its node counts
 * as fragmented for gangs that need the whole node; devices that are DOWN, themselves or through
 * their node, count as down (the ledger's {@link DeviceLedger#devicesIn}).
 *
 * <p>Cost per cycle: O(Σ devices per node over the pools), from the ledger's count of nodes per
 * number of free devices, never a walk over the nodes.
 */
final class ClusterMeter {
  private final List<PoolSpec> pools;
  private final double[] busy;

  /**
   * unusable[pool][f]: the share of typical gangs that cannot use a node of the pool with f free.
   */
  private final double[][] unusable;

  private final double[] busySeconds;
  private final double[] downSeconds;
  private double freeSeconds;
  private double fragmentedSeconds;
  private final int[] down;
  private int free;
  private double fragmented;
  private long last;

  ClusterMeter(Cluster cluster, List<SimJob> jobs) {
    this.pools = cluster.pools();
    int n = pools.size();
    this.busy = new double[n];
    this.busySeconds = new double[n];
    this.downSeconds = new double[n];
    this.down = new int[n];
    this.unusable = unusableShares(pools, typicalSizes(jobs));
    this.free = cluster.deviceCount();
    this.fragmented = 0;
  }

  /** How many of the jobs' gangs have each smallest size, by size. */
  static TreeMap<Integer, Integer> typicalSizes(List<SimJob> jobs) {
    TreeMap<Integer, Integer> sizes = new TreeMap<>();
    for (SimJob job : jobs) {
      for (Gang gang : Gang.of(job.workload())) {
        if (gang.needsDevices()) {
          sizes.merge(gang.sizes().get(gang.sizes().size() - 1), 1, Integer::sum);
        }
      }
    }
    return sizes;
  }

  /** Per pool and free count f, the share of gangs with min(size, node size) above f. */
  static double[][] unusableShares(List<PoolSpec> pools, TreeMap<Integer, Integer> sizes) {
    long gangs = sizes.values().stream().mapToLong(Integer::longValue).sum();
    double[][] shares = new double[pools.size()][];
    for (int p = 0; p < pools.size(); p++) {
      int perNode = pools.get(p).devicesPerNode();
      shares[p] = new double[perNode + 1];
      for (int f = 0; f <= perNode && gangs > 0; f++) {
        long cannot = 0;
        for (var size : sizes.entrySet()) {
          if (Math.min(size.getKey(), perNode) > f) {
            cannot += size.getValue();
          }
        }
        shares[p][f] = (double) cannot / gangs;
      }
    }
    return shares;
  }

  void started(Allocation allocation) {
    busy[allocation.pool()] += allocation.devicesHeld();
  }

  void stopped(Allocation allocation) {
    busy[allocation.pool()] -= allocation.devicesHeld();
  }

  /** Adds the state since the last instant, held until {@code now}; call before any change. */
  void advanceTo(long now) {
    long seconds = now - last;
    for (int p = 0; p < busy.length; p++) {
      busySeconds[p] += busy[p] * seconds;
      downSeconds[p] += (double) down[p] * seconds;
    }
    freeSeconds += (double) free * seconds;
    fragmentedSeconds += fragmented * seconds;
    last = now;
  }

  /** Reads the cluster after a cycle at {@code now}: the state until the next instant. */
  TimelineSample sample(long now, DeviceLedger ledger, int pendingGangs, int runningGangs) {
    FreeCapacity capacity = ledger.free();
    double busyDevices = 0;
    int up = 0;
    free = 0;
    fragmented = 0;
    for (int p = 0; p < pools.size(); p++) {
      down[p] = ledger.devicesIn(DeviceLedger.NodeState.DOWN, p);
      up += pools.get(p).devices() - down[p];
      busyDevices += busy[p];
      free += capacity.freeInPool(p);
      for (int f = 1; f < unusable[p].length; f++) {
        fragmented += unusable[p][f] * f * capacity.nodesWithFree(p, f);
      }
    }
    return new TimelineSample(now, busyDevices, pendingGangs, runningGangs, up, free, fragmented);
  }

  /** The device-seconds from 0 to the last instant advanced to. */
  DeviceTime deviceTime() {
    List<DeviceTime.Pool> perPool = new ArrayList<>();
    for (int p = 0; p < pools.size(); p++) {
      PoolSpec pool = pools.get(p);
      perPool.add(
          new DeviceTime.Pool(
              pool.name(), pool.accelerator(), pool.devices(), busySeconds[p], downSeconds[p]));
    }
    return new DeviceTime(perPool, freeSeconds, fragmentedSeconds);
  }
}
