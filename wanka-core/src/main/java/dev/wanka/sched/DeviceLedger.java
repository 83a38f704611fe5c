package dev.wanka.sched;

import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.sched.state.MaxTree;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.workload.DeviceAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Who holds each device: a whole-device owner, shares of one device, a reservation hold, or nobody;
 * how much of each node's CPU and memory CPU-only work holds; and which nodes and devices may take
 * new work. Keeps {@link FreeCapacity} in step: a device is free there only when it is wholly
 * unused, not held, UP itself and on an UP node. Taking or giving back an allocation of k devices
 * costs O(k log n). A device never has two whole owners, nor a whole owner beside shares, nor
 * shares beyond one device ({@link IllegalStateException} otherwise).
 */
public final class DeviceLedger {
  /**
   * Whether a node, or one device of it, takes new work. A device takes work only when it and its
   * node are both UP. Declared from best to worst.
   */
  public enum NodeState {
    /** Schedulable. */
    UP,
    /** Running work continues; nothing new is placed. */
    CORDONED,
    /** Failed: nothing runs or is placed until it is back up. */
    DOWN
  }

  /** Milli-devices in one whole device. */
  private static final int WHOLE = (int) DeviceAmount.MILLI;

  private final Cluster cluster;
  private final FreeCapacity free;
  private final Allocation[] owner;
  private final int[] shareUsedMilli;
  private final BitSet unavailable;
  private final BitSet held;
  private final NodeState[] nodeStates;

  /** Devices whose own state is not UP, and of those the DOWN ones (the rest are CORDONED). */
  private final BitSet devicesNotUp;

  private final BitSet devicesDown;

  /**
   * devicesInState[state][pool]: the pool's devices whose state, their own or their node's
   * whichever is worse, is this one.
   */
  private final int[][] devicesInState;

  /** Shared devices with room, per pool, as (free milli << 32 | device): tightest fit first. */
  private final List<TreeSet<Long>> sharedWithRoom;

  /** Free CPU milli-cores and memory MiB per node, for CPU-only work. */
  private final int[] freeCpuMilli;

  private final long[] freeMemoryMiB;

  /** Free CPU per node, 0 for nodes not UP: finds a node for CPU-only work in O(log n). */
  private final MaxTree cpuOnUpNodes;

  public DeviceLedger(Cluster cluster) {
    this.cluster = cluster;
    this.free = new FreeCapacity(cluster);
    this.owner = new Allocation[cluster.deviceCount()];
    this.shareUsedMilli = new int[cluster.deviceCount()];
    this.unavailable = new BitSet(cluster.deviceCount());
    this.held = new BitSet(cluster.deviceCount());
    this.nodeStates = new NodeState[cluster.nodeCount()];
    Arrays.fill(nodeStates, NodeState.UP);
    this.devicesNotUp = new BitSet(cluster.deviceCount());
    this.devicesDown = new BitSet(cluster.deviceCount());
    this.devicesInState = new int[NodeState.values().length][cluster.pools().size()];
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      devicesInState[NodeState.UP.ordinal()][pool] = cluster.pools().get(pool).devices();
    }
    this.sharedWithRoom = new ArrayList<>();
    for (int pool = 0; pool < cluster.pools().size(); pool++) {
      sharedWithRoom.add(new TreeSet<>());
    }
    this.freeCpuMilli = new int[cluster.nodeCount()];
    this.freeMemoryMiB = new long[cluster.nodeCount()];
    for (int node = 0; node < cluster.nodeCount(); node++) {
      PoolSpec pool = cluster.pools().get(cluster.poolIndexOfNode(node));
      freeCpuMilli[node] = pool.cpusPerNode() * 1000;
      freeMemoryMiB[node] = pool.memoryGiBPerNode() * 1024L;
    }
    this.cpuOnUpNodes = MaxTree.of(freeCpuMilli);
  }

  public Cluster cluster() {
    return cluster;
  }

  /** The free-capacity indexes, for placement. Read them; change devices only through here. */
  public FreeCapacity free() {
    return free;
  }

  public NodeState nodeState(int node) {
    return nodeStates[node];
  }

  /** A device's own state (its node's state is {@link #nodeState}). */
  public NodeState deviceState(int device) {
    return devicesDown.get(device)
        ? NodeState.DOWN
        : devicesNotUp.get(device) ? NodeState.CORDONED : NodeState.UP;
  }

  /** Whether new work may be placed on the device: it and its node are UP. */
  public boolean isSchedulable(int device) {
    return !devicesNotUp.get(device) && nodeStates[cluster.nodeOf(device)] == NodeState.UP;
  }

  /**
   * Devices of the pool in this state, their own or their node's whichever is worse (DOWN over
   * CORDONED over UP): a failed device on a working node counts as DOWN, a working device on a
   * cordoned node as CORDONED. O(1).
   */
  public int devicesIn(NodeState state, int pool) {
    return devicesInState[state.ordinal()][pool];
  }

  /** The whole-device owner of a device, or null. */
  public Allocation ownerOf(int device) {
    return owner[device];
  }

  /** Milli-devices of a device used by shares (0 when none, or when it has a whole owner). */
  public int shareUsedMilli(int device) {
    return shareUsedMilli[device];
  }

  public boolean isHeld(int device) {
    return held.get(device);
  }

  /** Free CPU milli-cores of a node (whatever its state). */
  public int freeCpuMilli(int node) {
    return freeCpuMilli[node];
  }

  public long freeMemoryMiB(int node) {
    return freeMemoryMiB[node];
  }

  /**
   * The first UP node with this much CPU and memory free, or -1: O(log n) per node whose CPU
   * suffices but memory does not.
   */
  public int firstNodeWithHostRoom(long cpuMilli, long memoryMiB) {
    if (cpuMilli > Integer.MAX_VALUE) {
      return -1;
    }
    int n = cluster.nodeCount();
    for (int node = cpuOnUpNodes.firstAtLeast(0, n, (int) cpuMilli);
        node >= 0;
        node = cpuOnUpNodes.firstAtLeast(node + 1, n, (int) cpuMilli)) {
      if (freeMemoryMiB[node] >= memoryMiB) {
        return node;
      }
    }
    return -1;
  }

  /** The most CPU free on any UP node, milli-cores. */
  public int mostFreeCpuMilli() {
    return cpuOnUpNodes.max();
  }

  /** Takes an allocation's devices, or its CPU and memory for CPU-only work. */
  public void take(Allocation allocation) {
    if (allocation.isHostOnly()) {
      takeHost(allocation, +1);
      return;
    }
    int milli = allocation.milliPerDevice();
    for (int i = 0; i < allocation.size(); i++) {
      int device = allocation.device(i);
      if (milli >= WHOLE) {
        if (!free.isFree(device)) {
          throw new IllegalStateException(
              "device "
                  + cluster.deviceName(device)
                  + " is not free for "
                  + allocation.id()
                  + (owner[device] != null ? ": it runs " + owner[device].id() : ""));
        }
        free.take(device);
        owner[device] = allocation;
      } else {
        takeShare(device, milli, allocation);
      }
    }
  }

  private void takeShare(int device, int milli, Allocation allocation) {
    int used = shareUsedMilli[device];
    if (used == 0) {
      if (!free.isFree(device)) {
        throw new IllegalStateException(
            "device "
                + cluster.deviceName(device)
                + " is not free for a share of "
                + allocation.id());
      }
      free.take(device);
    } else if (used + milli > WHOLE) {
      throw new IllegalStateException(
          "device "
              + cluster.deviceName(device)
              + " has "
              + (WHOLE - used)
              + " milli free, not "
              + milli
              + " for "
              + allocation.id());
    }
    int pool = cluster.poolIndexOf(device);
    if (used > 0) {
      sharedWithRoom.get(pool).remove(key(WHOLE - used, device));
    }
    shareUsedMilli[device] = used + milli;
    if (shareUsedMilli[device] < WHOLE && isSchedulable(device)) {
      sharedWithRoom.get(pool).add(key(WHOLE - shareUsedMilli[device], device));
    }
  }

  private void takeHost(Allocation allocation, int sign) {
    int node = allocation.hostNode();
    long cpu = allocation.gang().workload().request().cpuMilli();
    long memory = allocation.gang().workload().request().memoryMiB();
    if (sign > 0 && (freeCpuMilli[node] < cpu || freeMemoryMiB[node] < memory)) {
      throw new IllegalStateException(
          "node " + cluster.nodeName(node) + " lacks the CPU or memory for " + allocation.id());
    }
    freeCpuMilli[node] -= (int) (sign * cpu);
    freeMemoryMiB[node] -= sign * memory;
    if (nodeStates[node] == NodeState.UP) {
      cpuOnUpNodes.set(node, freeCpuMilli[node]);
    }
  }

  /** Gives back an allocation's devices (or its CPU and memory). */
  public void release(Allocation allocation) {
    if (allocation.isHostOnly()) {
      takeHost(allocation, -1);
      return;
    }
    int milli = allocation.milliPerDevice();
    for (int i = 0; i < allocation.size(); i++) {
      int device = allocation.device(i);
      if (milli >= WHOLE) {
        if (owner[device] != allocation) {
          throw new IllegalStateException(
              "device " + cluster.deviceName(device) + " is not held by " + allocation.id());
        }
        owner[device] = null;
        giveBack(device);
      } else {
        releaseShare(device, milli);
      }
    }
  }

  private void releaseShare(int device, int milli) {
    int used = shareUsedMilli[device];
    if (used < milli) {
      throw new IllegalStateException(
          "device " + cluster.deviceName(device) + " has only " + used + " milli of shares");
    }
    int pool = cluster.poolIndexOf(device);
    sharedWithRoom.get(pool).remove(key(WHOLE - used, device));
    shareUsedMilli[device] = used - milli;
    if (shareUsedMilli[device] == 0) {
      giveBack(device);
    } else if (isSchedulable(device)) {
      sharedWithRoom.get(pool).add(key(WHOLE - shareUsedMilli[device], device));
    }
  }

  /**
   * A wholly unused device goes back to free, or to unavailable when it or its node takes no work.
   */
  private void giveBack(int device) {
    if (isSchedulable(device)) {
      free.release(device);
    } else {
      unavailable.set(device);
    }
  }

  /**
   * The shared device of a pool with the least room that still holds {@code milli} (on a
   * schedulable node), or -1: O(log n).
   */
  public int tightestSharedDevice(int pool, int milli) {
    Long found = sharedWithRoom.get(pool).ceiling(key(milli, 0));
    return found == null ? -1 : (int) (found & 0xffffffffL);
  }

  private static long key(int roomMilli, int device) {
    return ((long) roomMilli << 32) | device;
  }

  /** Holds a free device for a reservation: it stays out of placement until released. */
  public void hold(int device) {
    free.take(device);
    held.set(device);
  }

  /** Releases every hold. */
  public void releaseHolds() {
    for (int device = held.nextSetBit(0); device >= 0; device = held.nextSetBit(device + 1)) {
      held.clear(device);
      giveBack(device);
    }
  }

  /**
   * Sets a node's state. Leaving UP takes its unused devices out of placement (running work stays:
   * the scheduler decides what to do with it); returning to UP gives them back.
   */
  public void setNodeState(int node, NodeState state) {
    NodeState before = nodeStates[node];
    if (before == state) {
      return;
    }
    nodeStates[node] = state;
    cpuOnUpNodes.set(node, state == NodeState.UP ? freeCpuMilli[node] : 0);
    int first = cluster.firstDeviceOfNode(node);
    for (int device = first; device < first + cluster.devicesOnNode(node); device++) {
      NodeState own = deviceState(device);
      recount(cluster.poolIndexOf(device), worse(before, own), worse(state, own));
      if (before == NodeState.UP && !devicesNotUp.get(device)) {
        withdraw(device);
      } else if (state == NodeState.UP && !devicesNotUp.get(device)) {
        restore(device);
      }
    }
  }

  /**
   * Sets one device's own state, as {@link #setNodeState} does for a node: leaving UP takes it out
   * of placement if unused (its running work stays: the scheduler decides what to do with it);
   * returning to UP gives it back when its node is UP.
   */
  public void setDeviceState(int device, NodeState state) {
    NodeState before = deviceState(device);
    if (before == state) {
      return;
    }
    NodeState node = nodeStates[cluster.nodeOf(device)];
    boolean nodeUp = node == NodeState.UP;
    recount(cluster.poolIndexOf(device), worse(node, before), worse(node, state));
    devicesNotUp.set(device, state != NodeState.UP);
    devicesDown.set(device, state == NodeState.DOWN);
    if (nodeUp && before == NodeState.UP) {
      withdraw(device);
    } else if (nodeUp && state == NodeState.UP) {
      restore(device);
    }
  }

  /** One device of the pool moves from one state to another in {@link #devicesIn}. */
  private void recount(int pool, NodeState from, NodeState to) {
    devicesInState[from.ordinal()][pool]--;
    devicesInState[to.ordinal()][pool]++;
  }

  /** The worse of two states: DOWN over CORDONED over UP. */
  private static NodeState worse(NodeState a, NodeState b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A device that was schedulable no longer is: out of free and out of the shared index. */
  private void withdraw(int device) {
    int used = shareUsedMilli[device];
    if (used > 0 && used < WHOLE) {
      sharedWithRoom.get(cluster.poolIndexOf(device)).remove(key(WHOLE - used, device));
    }
    if (free.isFree(device)) {
      free.take(device);
      unavailable.set(device);
    }
  }

  /** A device that was not schedulable is again: back to free, or to the shared index. */
  private void restore(int device) {
    if (unavailable.get(device)) {
      unavailable.clear(device);
      free.release(device);
    }
    int used = shareUsedMilli[device];
    if (used > 0 && used < WHOLE) {
      sharedWithRoom.get(cluster.poolIndexOf(device)).add(key(WHOLE - used, device));
    }
  }
}
