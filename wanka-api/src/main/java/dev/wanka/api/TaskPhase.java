package dev.wanka.api;

/** A task's process as its agent reports it. */
public enum TaskPhase {
  /** The process is alive. */
  RUNNING,
  /** The process ended; {@link TaskStatus#exitCode()} says how. */
  EXITED,
  /** The process could not be started (command not found, bad directory). */
  FAILED_TO_START
}
