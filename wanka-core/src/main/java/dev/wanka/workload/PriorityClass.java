package dev.wanka.workload;

import java.util.OptionalLong;

/**
 * A named priority level that workloads refer to by name (as in Kubernetes PriorityClass).
 *
 * @param name a slug such as {@code high}
 * @param priority higher runs first and may preempt lower; any int
 * @param preemptible whether workloads of this class may be preempted at all
 * @param gracePeriodSeconds how long a preempted workload is given to checkpoint and exit; only for
 *     preemptible classes; empty means stop at once
 */
public record PriorityClass(
    String name, int priority, boolean preemptible, OptionalLong gracePeriodSeconds) {
  /** A week: a longer grace period is a mistake, not a policy. */
  public static final long MAX_GRACE_SECONDS = 7 * 24 * 3600L;

  public PriorityClass {
    Checks.slug("priority class name", name);
    Checks.present("gracePeriodSeconds", gracePeriodSeconds);
    if (gracePeriodSeconds.isPresent()) {
      if (!preemptible) {
        throw new IllegalArgumentException(
            "priority class '"
                + name
                + "': gracePeriodSeconds is only allowed for a preemptible class");
      }
      Checks.range("gracePeriodSeconds", gracePeriodSeconds.getAsLong(), 0, MAX_GRACE_SECONDS);
    }
  }

  public static PriorityClass preemptible(String name, int priority, long gracePeriodSeconds) {
    return new PriorityClass(name, priority, true, OptionalLong.of(gracePeriodSeconds));
  }

  public static PriorityClass nonPreemptible(String name, int priority) {
    return new PriorityClass(name, priority, false, OptionalLong.empty());
  }
}
