package dev.wanka.server.control;

import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.server.store.TaskRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's live state, copied for the API's views: live tasks by job and by node, each
 * node's leaf and spine (but in a node's snapshot), why each waiting job waits, quota use and the
 * configuration.
 *
 * @param usage devices in use by queue and accelerator type, keyed {@code queue + '\0' + type}
 * @param config null before any node registered
 */
public record Snapshot(
    Map<Long, List<TaskRow>> tasksByJob,
    Map<String, List<TaskRow>> tasksByNode,
    Map<String, Integer> leaves,
    Map<String, Integer> spines,
    Map<Long, PendingReason> reasons,
    Map<String, Long> usage,
    SchedulerConfig config) {

  static Snapshot of(
      Collection<TaskRow> tasks,
      Map<String, Integer> leaves,
      Map<String, Integer> spines,
      Map<Long, PendingReason> reasons,
      Map<String, Long> usage,
      SchedulerConfig config) {
    Map<Long, List<TaskRow>> byJob = new HashMap<>();
    Map<String, List<TaskRow>> byNode = new HashMap<>();
    for (TaskRow task : tasks) {
      byJob.computeIfAbsent(task.jobId(), j -> new ArrayList<>()).add(task);
      byNode.computeIfAbsent(task.node(), n -> new ArrayList<>()).add(task);
    }
    return new Snapshot(byJob, byNode, leaves, spines, reasons, usage, config);
  }

  /** Every live task in the snapshot. */
  public List<TaskRow> tasks() {
    List<TaskRow> all = new ArrayList<>();
    tasksByJob.values().forEach(all::addAll);
    return all;
  }

  public List<TaskRow> tasksOfJob(long jobId) {
    return tasksByJob.getOrDefault(jobId, List.of());
  }

  public List<TaskRow> tasksOnNode(String node) {
    return tasksByNode.getOrDefault(node, List.of());
  }

  public boolean isLive(TaskRow task) {
    return tasksOfJob(task.jobId()).stream().anyMatch(t -> t.id().equals(task.id()));
  }
}
