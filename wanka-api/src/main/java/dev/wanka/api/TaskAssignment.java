package dev.wanka.api;

import java.util.List;
import java.util.Map;

/**
 * A task the server wants on a node: one process per node of a job's attempt (a torchrun-style
 * launcher that starts the node's workers).
 *
 * @param taskId {@code j<job>-a<attempt>-n<nodeRank>}, unique for all time
 * @param command the program and its arguments, run without a shell
 * @param env variables to set on top of the agent's environment: the job's own, WANKA_*, and the
 *     rendezvous variables (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, NNODES, NODE_RANK,
 *     NPROC_PER_NODE); the agent adds the vendor's device-visibility variable
 * @param workingDirectory where the process starts; empty for the agent's own directory
 * @param devices the device indexes on this node the task may use
 * @param stop true when the task must end: SIGTERM, then SIGKILL after {@code graceSeconds}
 */
public record TaskAssignment(
    String taskId,
    long jobId,
    int attempt,
    List<String> command,
    Map<String, String> env,
    String workingDirectory,
    List<Integer> devices,
    boolean stop,
    long graceSeconds) {
  public TaskAssignment {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    devices = List.copyOf(devices);
  }
}
