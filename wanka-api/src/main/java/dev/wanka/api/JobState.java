package dev.wanka.api;

/**
 * Where a job is in its life. Pending and Interrupted jobs wait for devices (an interrupted one
 * lost a node and is stopping its other tasks before it is queued again); Succeeded, Failed and
 * Cancelled are final.
 */
public enum JobState {
  Pending,
  Running,
  Interrupted,
  Succeeded,
  Failed,
  Cancelled;

  public boolean isFinal() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
