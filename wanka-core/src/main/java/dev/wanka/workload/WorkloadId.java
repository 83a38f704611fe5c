package dev.wanka.workload;

/**
 * The identity of one submitted workload: a positive number the driver assigns in submission order
 * (the live server from its database sequence, the twin from its trace). A number rather than a
 * slug because names repeat (the same job is submitted again and again) while ids must not, and
 * because the scheduler keys hot maps and tie-breaks by it: a lower id was submitted earlier, which
 * keeps orderings deterministic when submit times are equal.
 */
public record WorkloadId(long value) implements Comparable<WorkloadId> {
  public WorkloadId {
    Checks.range("id", value, 1, Long.MAX_VALUE);
  }

  public static WorkloadId of(long value) {
    return new WorkloadId(value);
  }

  @Override
  public int compareTo(WorkloadId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "#" + value;
  }
}
