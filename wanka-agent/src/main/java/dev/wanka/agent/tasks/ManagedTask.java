package dev.wanka.agent.tasks;

import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import java.nio.file.Path;
import java.util.Optional;

/** One task the agent was asked to run, and what became of its process. Thread-safe. */
final class ManagedTask {
  private final TaskAssignment assignment;
  private final Path logFile;
  private ProcessHandle process;
  private TaskPhase phase = TaskPhase.RUNNING;
  private int exitCode = -1;
  private String message = "";
  private boolean stopping;

  ManagedTask(TaskAssignment assignment, Path logFile) {
    this.assignment = assignment;
    this.logFile = logFile;
  }

  TaskAssignment assignment() {
    return assignment;
  }

  Path logFile() {
    return logFile;
  }

  synchronized void running(ProcessHandle handle) {
    this.process = handle;
  }

  synchronized void failedToStart(String why) {
    phase = TaskPhase.FAILED_TO_START;
    message = why;
  }

  synchronized void exited(int code) {
    phase = TaskPhase.EXITED;
    exitCode = code;
  }

  /** Marks the task as being stopped; false when it already was, or is not running. */
  synchronized boolean beginStop() {
    if (stopping || phase != TaskPhase.RUNNING || process == null) {
      return false;
    }
    stopping = true;
    return true;
  }

  synchronized Optional<ProcessHandle> process() {
    return Optional.ofNullable(process);
  }

  synchronized boolean running() {
    return phase == TaskPhase.RUNNING;
  }

  synchronized TaskStatus status() {
    return new TaskStatus(assignment.taskId(), phase, exitCode, message);
  }
}
