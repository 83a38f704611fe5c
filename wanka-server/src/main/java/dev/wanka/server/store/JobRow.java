package dev.wanka.server.store;

import dev.wanka.api.JobState;

/** A job as stored: its manifest text is the truth its workload is rebuilt from. */
public record JobRow(
    long id,
    String name,
    String kind,
    String tenant,
    String queue,
    JobState state,
    String manifest,
    long submittedAtMillis,
    long startedAtMillis,
    long finishedAtMillis,
    int attempt,
    int exitCode,
    String reason) {

  public JobRow withState(JobState newState, String newReason) {
    return copy(newState, startedAtMillis, finishedAtMillis, attempt, exitCode, newReason);
  }

  public JobRow started(long atMillis, int newAttempt) {
    return copy(JobState.Running, atMillis, 0, newAttempt, -1, "");
  }

  /** The same job on its next attempt, its state unchanged (another replica started). */
  public JobRow withAttempt(int newAttempt) {
    return copy(state, startedAtMillis, finishedAtMillis, newAttempt, exitCode, reason);
  }

  public JobRow ended(JobState finalState, long atMillis, int code, String why) {
    return copy(finalState, startedAtMillis, atMillis, attempt, code, why);
  }

  /** The same job with what changes over its life replaced. */
  private JobRow copy(
      JobState newState,
      long newStartedAtMillis,
      long newFinishedAtMillis,
      int newAttempt,
      int newExitCode,
      String newReason) {
    return new JobRow(
        id,
        name,
        kind,
        tenant,
        queue,
        newState,
        manifest,
        submittedAtMillis,
        newStartedAtMillis,
        newFinishedAtMillis,
        newAttempt,
        newExitCode,
        newReason);
  }
}
