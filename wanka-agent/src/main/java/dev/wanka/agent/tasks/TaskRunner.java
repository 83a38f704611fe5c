package dev.wanka.agent.tasks;

import dev.wanka.agent.discovery.VisibilityVariables;
import dev.wanka.api.TaskAssignment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the node's task processes: each assignment's command, without a shell, with the agent's
 * environment (less its {@code WANKA_*} variables, its token among them) plus the assignment's
 * variables plus the vendor's visibility variable set to the task's device indexes. Output and
 * errors go to {@code <workDir>/logs/<taskId>.log}. A task id is started at most once per runner,
 * whatever the server asks later.
 */
public final class TaskRunner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path logDir;
  private final Path baseDir;
  private final String visibilityVariable;
  private final PidFiles pidFiles;
  private final Map<String, ManagedTask> tasks = new LinkedHashMap<>();
  private final Set<String> everStarted = new HashSet<>();
  private final ExecutorService stoppers;
  private final Map<String, String> inherited;

  /**
   * A runner whose tasks inherit the agent's environment.
   *
   * @param workDir where logs and pid files go
   * @param baseDir what a relative working directory in an assignment is resolved against
   */
  public TaskRunner(Path workDir, Path baseDir, String visibilityVariable, PidFiles pidFiles) {
    this(workDir, baseDir, visibilityVariable, pidFiles, System.getenv());
  }

  /**
   * @param inherited the environment tasks start from (the agent's), less its {@code WANKA_*}
   *     variables: they are the control plane's names, and the agent's own (its token, its server)
   *     are not for the tenants whose tasks it runs
   */
  public TaskRunner(
      Path workDir,
      Path baseDir,
      String visibilityVariable,
      PidFiles pidFiles,
      Map<String, String> inherited) {
    this.inherited = new LinkedHashMap<>(inherited);
    this.inherited.keySet().removeIf(name -> name.startsWith("WANKA_"));
    this.logDir = workDir.resolve("logs");
    this.baseDir = baseDir;
    this.visibilityVariable = visibilityVariable;
    this.pidFiles = pidFiles;
    this.stoppers =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "wanka-agent-stop");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a task unless this runner started its id before.
   *
   * @return false when the id was seen before (nothing is done)
   */
  public synchronized boolean start(TaskAssignment assignment) {
    String taskId = assignment.taskId();
    if (!everStarted.add(taskId)) {
      return false;
    }
    if (!SAFE_ID.matcher(taskId).matches()) {
      ManagedTask task = new ManagedTask(assignment, logDir.resolve("invalid-task-id.log"));
      task.failedToStart(
          "task id '" + taskId + "' is not allowed: use letters, digits, '.', '_' and '-'");
      tasks.put(taskId, task);
      return true;
    }
    ManagedTask task = new ManagedTask(assignment, logDir.resolve(taskId + ".log"));
    tasks.put(taskId, task);
    try {
      Files.createDirectories(logDir);
      Files.write(
          task.logFile(), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log file " + task.logFile(), e);
    }
    Optional<String> problem = problem(assignment);
    if (problem.isPresent()) {
      failed(task, problem.get());
      return true;
    }
    ProcessBuilder builder = new ProcessBuilder(assignment.command());
    builder.directory(workingDirectory(assignment).toFile());
    builder.environment().clear();
    builder.environment().putAll(inherited);
    builder.environment().putAll(assignment.env());
    builder.environment().put(visibilityVariable, VisibilityVariables.value(assignment.devices()));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(task.logFile().toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      failed(task, "cannot start " + assignment.command().get(0) + ": " + e.getMessage());
      return true;
    }
    try {
      process.getOutputStream().close(); // the task reads end-of-file, never blocks on input
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing the standard input of " + taskId + ": " + e.getMessage());
    }
    task.running(process.toHandle());
    pidFiles.write(taskId, process.toHandle(), Duration.ofSeconds(assignment.graceSeconds()));
    process
        .onExit()
        .thenAccept(
            p -> {
              task.exited(p.exitValue());
              pidFiles.delete(taskId);
            });
    LOG.log(Level.INFO, "started task " + taskId + " as process " + process.pid());
    return true;
  }

  /**
   * Records a task the server told to stop before this runner ever started it: it ends at once,
   * without running, and is reported like any ended task (as failed to start), since the server
   * keeps its devices until it hears that the task is over.
   *
   * @return false when the id was seen before (nothing is done: stop it instead)
   */
  public synchronized boolean endUnstarted(TaskAssignment assignment) {
    if (!everStarted.add(assignment.taskId())) {
      return false;
    }
    ManagedTask task = new ManagedTask(assignment, logDir.resolve("never-started.log"));
    task.failedToStart("told to stop before it started");
    tasks.put(assignment.taskId(), task);
    return true;
  }

  /**
   * Stops a running task in the background: SIGTERM to its process tree, its grace period, then
   * SIGKILL. Nothing happens for a task that is not running or already being stopped.
   */
  public CompletableFuture<Void> stop(String taskId) {
    ManagedTask task;
    synchronized (this) {
      task = tasks.get(taskId);
    }
    if (task == null || !task.beginStop()) {
      return CompletableFuture.completedFuture(null);
    }
    ProcessHandle process = task.process().orElseThrow();
    Duration grace = Duration.ofSeconds(task.assignment().graceSeconds());
    LOG.log(Level.INFO, "stopping task " + taskId + " (grace " + grace.toSeconds() + " s)");
    return CompletableFuture.runAsync(
        () -> {
          if (ProcessStopper.stop(process, grace)) {
            LOG.log(Level.INFO, "task " + taskId + " ignored SIGTERM; killed");
          }
        },
        stoppers);
  }

  /** Every task this runner knows, in start order. */
  public synchronized List<dev.wanka.api.TaskStatus> statuses() {
    return tasks.values().stream().map(ManagedTask::status).toList();
  }

  /** The ids of the tasks this runner knows (running or ended, not yet forgotten). */
  public synchronized Set<String> known() {
    return Set.copyOf(tasks.keySet());
  }

  public synchronized boolean isRunning(String taskId) {
    ManagedTask task = tasks.get(taskId);
    return task != null && task.running();
  }

  /** True when the task ended, failed to start, or is not known (any more). */
  public synchronized boolean hasEnded(String taskId) {
    ManagedTask task = tasks.get(taskId);
    return task == null || !task.running();
  }

  /** The device indexes held by running tasks. */
  public synchronized Set<Integer> busyDevices() {
    Set<Integer> busy = new HashSet<>();
    for (ManagedTask task : tasks.values()) {
      if (task.running()) {
        busy.addAll(task.assignment().devices());
      }
    }
    return busy;
  }

  /** Drops an ended task; a running one is kept. */
  public synchronized void forget(String taskId) {
    ManagedTask task = tasks.get(taskId);
    if (task != null && !task.running()) {
      tasks.remove(taskId);
    }
  }

  public synchronized Optional<Path> logFile(String taskId) {
    return Optional.ofNullable(tasks.get(taskId)).map(ManagedTask::logFile);
  }

  /** Stops every running task (each with its grace) and waits until all have ended. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (String taskId : known()) {
      stopping.add(stop(taskId));
    }
    CompletableFuture.allOf(stopping.toArray(new CompletableFuture<?>[0])).join();
    List<CompletableFuture<?>> exits = new ArrayList<>();
    synchronized (this) {
      tasks.values().forEach(t -> t.process().ifPresent(p -> exits.add(p.onExit())));
    }
    CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0])).join();
    stoppers.shutdown();
    try {
      stoppers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<String> problem(TaskAssignment assignment) {
    if (assignment.command().isEmpty()) {
      return Optional.of("the task has no command");
    }
    Path dir = workingDirectory(assignment);
    if (!Files.isDirectory(dir)) {
      return Optional.of("working directory " + dir + " does not exist on this node");
    }
    return Optional.empty();
  }

  private Path workingDirectory(TaskAssignment assignment) {
    String dir = assignment.workingDirectory();
    return dir.isEmpty() ? baseDir : baseDir.resolve(dir).normalize();
  }

  private void failed(ManagedTask task, String why) {
    task.failedToStart(why);
    LOG.log(Level.WARNING, "task " + task.assignment().taskId() + " failed to start: " + why);
    try {
      Files.writeString(
          task.logFile(),
          "wanka-agent: task failed to start: " + why + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot write to " + task.logFile() + ": " + e.getMessage());
    }
  }
}
