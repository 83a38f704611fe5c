package dev.wanka.bench;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node's agent played by the load generator, following the agent's protocol without running
 * processes: it registers its simulated devices, and each heartbeat reports telemetry and its
 * tasks. A task the reply lists that it does not run yet starts (RUNNING); it exits with code 0
 * after the seconds its job's {@value #RUN_SECONDS_ENV} variable says (a task without it, a service
 * replica, runs until told to stop); a task marked {@code stop} ends with 143 (SIGTERM); an ended
 * task is reported until the reply no longer lists it, then forgotten.
 *
 * <p>Heartbeats of one agent never overlap: while one is open, the next one due is skipped (and
 * counted), as a real agent's single heartbeat thread would delay it.
 */
final class SimulatedAgent {
  /** The job env variable giving how long each of its tasks runs, in seconds. */
  static final String RUN_SECONDS_ENV = "LOAD_RUN_SECONDS";

  /** The exit code of a process ended by SIGTERM. */
  private static final int TERMINATED = 128 + 15;

  private final String node;
  private final String accelerator;
  private final int devices;
  private final Counters counters;
  private final Map<String, SimulatedTask> tasks = new LinkedHashMap<>();
  private volatile String token = "";
  private volatile boolean registered;
  private long sequence;
  private boolean open;

  SimulatedAgent(String node, String accelerator, int devices, Counters counters) {
    this.node = node;
    this.accelerator = accelerator;
    this.devices = devices;
    this.counters = counters;
  }

  String node() {
    return node;
  }

  String token() {
    return token;
  }

  void tokenIs(String secret) {
    this.token = secret;
  }

  boolean registered() {
    return registered;
  }

  void registeredNow() {
    this.registered = true;
  }

  /** What the agent announces: its devices, all of one accelerator type. */
  RegisterRequest registration() {
    List<DeviceInfo> infos = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      infos.add(new DeviceInfo(i, node + "-dev" + i, accelerator, 80L << 30));
    }
    return new RegisterRequest(node, "127.0.0.1", accelerator, infos, "load-generator");
  }

  /**
   * The next heartbeat, or null while the previous one is still open.
   *
   * @param nowNanos {@link System#nanoTime}, which decides which tasks have finished
   */
  synchronized Heartbeat nextHeartbeat(long nowNanos) {
    if (open) {
      return null;
    }
    open = true;
    Set<Integer> busy = new HashSet<>();
    List<TaskStatus> statuses = new ArrayList<>();
    for (SimulatedTask task : tasks.values()) {
      if (task.hasEnded(nowNanos)) {
        statuses.add(new TaskStatus(task.id, TaskPhase.EXITED, task.exitCode, ""));
      } else {
        statuses.add(new TaskStatus(task.id, TaskPhase.RUNNING, -1, ""));
        busy.addAll(task.devices);
      }
    }
    List<DeviceStatus> telemetry = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      double utilization = busy.contains(i) ? 0.95 : 0.0;
      telemetry.add(
          new DeviceStatus(
              i, Health.OK, 35 + 40 * utilization, 90 + 600 * utilization, utilization));
    }
    sequence++;
    return new Heartbeat(sequence, telemetry, statuses);
  }

  /** The server's reply to the open heartbeat: start, stop and forget tasks as it lists them. */
  synchronized void answered(HeartbeatResponse reply, long nowNanos) {
    open = false;
    if (!reply.registered()) {
      registered = false;
      return;
    }
    Set<String> listed = new HashSet<>();
    for (TaskAssignment assignment : reply.tasks()) {
      listed.add(assignment.taskId());
      SimulatedTask task = tasks.get(assignment.taskId());
      if (assignment.stop()) {
        if (task == null || !task.hasEnded(nowNanos)) {
          tasks.put(
              assignment.taskId(),
              SimulatedTask.ended(assignment.taskId(), assignment.devices(), nowNanos));
          counters.tasksStopped.increment();
        }
      } else if (task == null) {
        tasks.put(assignment.taskId(), SimulatedTask.started(assignment, nowNanos));
        counters.tasksStarted.increment();
      }
    }
    for (Iterator<SimulatedTask> it = tasks.values().iterator(); it.hasNext(); ) {
      SimulatedTask task = it.next();
      if (!listed.contains(task.id)) {
        if (task.exitCode == 0 && task.hasEnded(nowNanos)) {
          counters.tasksExited.increment();
        }
        it.remove();
      }
    }
  }

  /** The open heartbeat got no reply (an error or a timeout): the next one may go. */
  synchronized void unanswered() {
    open = false;
  }

  /** How the simulated agents' tasks went, over the whole run. */
  static final class Counters {
    final LongAdder tasksStarted = new LongAdder();
    final LongAdder tasksExited = new LongAdder();
    final LongAdder tasksStopped = new LongAdder();
  }

  /** A task's simulated process: it runs until {@code endsAtNanos} (if it ends), then exits. */
  private static final class SimulatedTask {
    final String id;
    final List<Integer> devices;
    final boolean untilStopped;
    final long endsAtNanos;
    final int exitCode;

    private SimulatedTask(
        String id, List<Integer> devices, boolean untilStopped, long endsAtNanos, int exitCode) {
      this.id = id;
      this.devices = devices;
      this.untilStopped = untilStopped;
      this.endsAtNanos = endsAtNanos;
      this.exitCode = exitCode;
    }

    static SimulatedTask started(TaskAssignment assignment, long nowNanos) {
      String seconds = assignment.env().get(RUN_SECONDS_ENV);
      if (seconds == null) {
        return new SimulatedTask(assignment.taskId(), assignment.devices(), true, 0, 0);
      }
      long runNanos = Math.round(Double.parseDouble(seconds) * 1e9);
      return new SimulatedTask(
          assignment.taskId(), assignment.devices(), false, nowNanos + runNanos, 0);
    }

    static SimulatedTask ended(String id, List<Integer> devices, long nowNanos) {
      return new SimulatedTask(id, devices, false, nowNanos, TERMINATED);
    }

    boolean hasEnded(long nowNanos) {
      return !untilStopped && nowNanos - endsAtNanos >= 0;
    }
  }
}
