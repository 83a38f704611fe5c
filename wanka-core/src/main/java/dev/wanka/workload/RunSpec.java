package dev.wanka.workload;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How to run a manifest's tasks: what a node agent needs beyond where to run them.
 *
 * @param command the program and its arguments, run without a shell; not empty
 * @param env variables the job sets, on top of the agent's environment; never one the control plane
 *     sets itself (see {@link #envNameProblem})
 * @param workingDir where the process starts; relative to the agent's directory; empty for the
 *     agent's directory itself
 * @param checkpointDir where the job keeps its checkpoints, given to each task as {@code
 *     WANKA_CHECKPOINT_DIR}; a restarted attempt resumes from the latest one in it
 * @param terminationGraceSeconds how long a task has after SIGTERM before it is killed
 */
public record RunSpec(
    List<String> command,
    Map<String, String> env,
    Optional<String> workingDir,
    Optional<String> checkpointDir,
    int terminationGraceSeconds) {
  public static final int DEFAULT_TERMINATION_GRACE_SECONDS = 30;
  public static final int MAX_TERMINATION_GRACE_SECONDS = 3600;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Rendezvous variables the server sets for every task, torchrun-style. */
  private static final Set<String> RENDEZVOUS =
      Set.of(
          "MASTER_ADDR",
          "MASTER_PORT",
          "WORLD_SIZE",
          "NNODES",
          "NODE_RANK",
          "NPROC_PER_NODE",
          "RANK",
          "LOCAL_RANK");

  /** The names a job may not set, for messages and docs/jobs.md. */
  public static final String RESERVED_ENV =
      "WANKA_*, MASTER_ADDR, MASTER_PORT, WORLD_SIZE, NNODES, NODE_RANK, NPROC_PER_NODE, RANK,"
          + " LOCAL_RANK, *_VISIBLE_DEVICES";

  public RunSpec {
    command = List.copyOf(Checks.present("command", command));
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException(
          "command: " + command + " is not allowed: must name a program first");
    }
    Checks.present("env", env);
    env.keySet()
        .forEach(
            name ->
                envNameProblem(name)
                    .ifPresent(
                        problem -> {
                          throw new IllegalArgumentException("env." + name + ": " + problem);
                        }));
    env = Collections.unmodifiableMap(new TreeMap<>(env));
    Checks.present("workingDir", workingDir).ifPresent(dir -> nonBlank("workingDir", dir));
    Checks.present("checkpointDir", checkpointDir).ifPresent(dir -> nonBlank("checkpointDir", dir));
    Checks.range(
        "terminationGraceSeconds", terminationGraceSeconds, 0, MAX_TERMINATION_GRACE_SECONDS);
  }

  /**
   * Why a job may not set the variable {@code name}, if it may not: not a shell-style name, or one
   * the control plane sets (WANKA_*, the rendezvous variables, a vendor's *_VISIBLE_DEVICES).
   */
  public static Optional<String> envNameProblem(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      return Optional.of(
          "'"
              + name
              + "' is not allowed: a variable name is letters, digits and '_', not starting with"
              + " a digit ([A-Za-z_][A-Za-z0-9_]*)");
    }
    if (name.startsWith("WANKA_")
        || RENDEZVOUS.contains(name)
        || name.endsWith("_VISIBLE_DEVICES")) {
      return Optional.of(
          "'"
              + name
              + "' is not allowed: the control plane sets it for each task (the agent sets the"
              + " vendor's visibility variable to the devices the task holds); a job may not set "
              + RESERVED_ENV);
    }
    return Optional.empty();
  }

  private static void nonBlank(String field, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + ": an empty path is not allowed");
    }
  }
}
