package dev.wanka.agent;

import dev.wanka.agent.tasks.LogShipper;
import dev.wanka.agent.tasks.TaskRunner;
import dev.wanka.api.TaskAssignment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the node's tasks to what the server wants. A heartbeat reply lists every task the server
 * wants on the node: a listed task not started yet starts (a task id starts once per agent
 * process); one marked {@code stop} is stopped, or, never started, is reported ended without
 * running; a running task not listed at all is stopped too; an ended task is reported until the
 * server stops listing it, then forgotten.
 */
final class Reconciler {
  private final TaskRunner runner;
  private final LogShipper shipper;

  Reconciler(TaskRunner runner, LogShipper shipper) {
    this.runner = runner;
    this.shipper = shipper;
  }

  void apply(List<TaskAssignment> desired) {
    Set<String> listed = new HashSet<>();
    for (TaskAssignment assignment : desired) {
      String taskId = assignment.taskId();
      listed.add(taskId);
      if (assignment.stop()) {
        if (!runner.endUnstarted(assignment)) {
          runner.stop(taskId);
        }
      } else if (runner.start(assignment)) {
        runner
            .logFile(taskId)
            .ifPresent(file -> shipper.track(taskId, file, () -> runner.hasEnded(taskId)));
      }
    }
    for (String taskId : runner.known()) {
      if (listed.contains(taskId)) {
        continue;
      }
      if (runner.isRunning(taskId)) {
        runner.stop(taskId);
      } else {
        runner.forget(taskId);
      }
    }
  }
}
