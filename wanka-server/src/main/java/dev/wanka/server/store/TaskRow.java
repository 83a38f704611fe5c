package dev.wanka.server.store;

import dev.wanka.api.TaskAssignment;
import java.util.List;

/**
 * One process of a gang's attempt on one node, as stored. A live task holds its devices (rows of
 * device_claims) until its agent reports it ended or its node is lost.
 */
public record TaskRow(
    String id,
    long jobId,
    int replica,
    int attempt,
    String node,
    int nodeRank,
    List<Integer> devices,
    TaskAssignment assignment,
    boolean stop,
    boolean live,
    int exitCode,
    long startedAtMillis,
    long endedAtMillis) {
  public TaskRow {
    devices = List.copyOf(devices);
  }

  /** The same task, told to stop: its assignment says so to the agent. */
  public TaskRow stopping() {
    TaskAssignment a = assignment;
    TaskAssignment stop =
        new TaskAssignment(
            a.taskId(),
            a.jobId(),
            a.attempt(),
            a.command(),
            a.env(),
            a.workingDirectory(),
            a.devices(),
            true,
            a.graceSeconds());
    return new TaskRow(
        id,
        jobId,
        replica,
        attempt,
        node,
        nodeRank,
        devices,
        stop,
        true,
        live,
        exitCode,
        startedAtMillis,
        endedAtMillis);
  }
}
