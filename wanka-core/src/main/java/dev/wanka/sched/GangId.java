package dev.wanka.sched;

import dev.wanka.workload.WorkloadId;

/**
 * One schedulable gang: a whole workload ({@code replica} 0), or one replica of an inference
 * service. Ordered by workload, then replica, which is submission order.
 */
public record GangId(WorkloadId workload, int replica) implements Comparable<GangId> {
  public GangId {
    if (workload == null) {
      throw new IllegalArgumentException("workload: required");
    }
    if (replica < 0) {
      throw new IllegalArgumentException("replica: " + replica + " is not allowed: must be >= 0");
    }
  }

  public static GangId of(WorkloadId workload) {
    return new GangId(workload, 0);
  }

  @Override
  public int compareTo(GangId other) {
    int byWorkload = workload.compareTo(other.workload);
    return byWorkload != 0 ? byWorkload : Integer.compare(replica, other.replica);
  }

  @Override
  public String toString() {
    return replica == 0 ? workload.toString() : workload + "/" + replica;
  }
}
