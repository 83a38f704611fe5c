package dev.wanka.sched;

import dev.wanka.sched.quota.QueueTree;
import dev.wanka.workload.PriorityClasses;
import java.util.Objects;

/**
 * What an operator configures the scheduler with: the priority classes workloads may name (and the
 * default one), and the queue tree with quotas per accelerator type. Read by {@link
 * SchedulerConfigReader}; the format is in docs/workloads.md.
 */
public record SchedulerConfig(PriorityClasses priorityClasses, QueueTree queues) {
  public SchedulerConfig {
    Objects.requireNonNull(priorityClasses, "priorityClasses");
    Objects.requireNonNull(queues, "queues");
  }
}
