package dev.wanka.api;

import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param kind TrainingJob, InferenceService or BatchJob
 * @param devices the devices it asks for (a gang's size; replicas × devices for a service)
 * @param accelerators the catalog ids it accepts, most preferred first
 * @param attempt 1 for the first run, one more for each restart after an interruption
 * @param placement where the current attempt runs; empty unless Running
 * @param reason why it waits (Pending), or why it ended (Failed, Cancelled, Interrupted)
 * @param exitCode the first non-zero exit of the last attempt, or 0; -1 while none
 * @param submittedAtMillis epoch milliseconds, like the other times; 0 when not yet
 */
public record JobView(
    long id,
    String name,
    String kind,
    String tenant,
    String queue,
    String priority,
    JobState state,
    int devices,
    List<String> accelerators,
    int attempt,
    List<Placement> placement,
    String reason,
    int exitCode,
    String checkpointDirectory,
    long submittedAtMillis,
    long startedAtMillis,
    long finishedAtMillis) {
  public JobView {
    accelerators = List.copyOf(accelerators);
    placement = List.copyOf(placement);
  }
}
