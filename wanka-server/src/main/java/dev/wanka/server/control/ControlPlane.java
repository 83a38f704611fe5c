package dev.wanka.server.control;

import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.JobState;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.Role;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.catalog.Catalog;
import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Eviction;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.NodeRow;
import dev.wanka.server.store.Store;
import dev.wanka.server.store.TaskRow;
import dev.wanka.sim.whatif.ClusterSnapshot;
import dev.wanka.sim.whatif.PredictedStart;
import dev.wanka.sim.whatif.StartTimePredictor;
import dev.wanka.workload.Manifest;
import dev.wanka.workload.ManifestKind;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The live driver of the scheduler core. It keeps the core's picture of the cluster and the work
 * current (submissions, cancellations, heartbeats, lost nodes, task exits), runs scheduling cycles,
 * and commits every decision to the store in one transaction before any agent can see it: an agent
 * learns of a task only from {@link #report}, which lists the tasks committed for its node.
 *
 * <p>The database is the source of truth: at start-up the core is rebuilt from it (jobs submitted
 * again, running gangs restored on the devices their live tasks hold), and so it is whenever nodes
 * join or tenants are added. A device a task still holds after its gang gave it back (being
 * stopped, or preempted) is fenced (cordoned in the core) until its agent reports the process gone,
 * so that no device is ever used by two tasks at once.
 *
 * <p>One lock guards the core, the jobs and the live tasks: they change only under it. Heartbeats
 * that change nothing (the common case) do not take it, nor do the API's views of jobs.
 */
public final class ControlPlane {
  private static final Logger LOG = System.getLogger(ControlPlane.class.getName());

  /** The longest a node that joined waits to be scheduled on (a cold first rebuild is slow). */
  static final long MAX_REBUILD_INTERVAL_MILLIS = 2_000;

  private final Store store;
  private final Catalog catalog;
  private final SchedulerSetup setup;
  private final Submissions submissions;
  private final ServerTuning tuning;
  private final LongSupplier clockMillis;
  private final Object lock = new Object();

  private final Map<String, LiveNode> nodes = new ConcurrentHashMap<>();
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();
  // Changed under the lock only. The API's views of jobs read jobs, a job's row, a job's tasks
  // and the core's layout without it (snapshotOfJobs, manifestOf) rather than wait for a change
  // holding it through its commit. A view may then show a change under way: part of it, or one
  // whose commit then fails (the live state is then read again from the store). Agents are told
  // only what is committed.
  private final Map<Long, LiveJob> jobs = new ConcurrentSkipListMap<>();
  private final LiveTasks tasks = new LiveTasks();
  private volatile LiveCore core;
  private final FinishedManifests finishedManifests = new FinishedManifests();
  private final LockedBatches batches;
  // guarded by lock
  private boolean layoutStale = true;

  /** The live jobs and tasks may differ from the store's, and could not be read again yet. */
  private boolean reloadPending;

  // Nodes joined since the core was built: it is rebuilt soon (rebuildIntervalMillis), so that a
  // registration storm does not spend the server on rebuilds.
  private boolean nodesJoined;
  private long lastRebuildMillis;
  private long lastRebuildTookMillis;
  private boolean holdingOff;
  // Silent nodes are looked for once a heartbeat interval, not every cycle: it walks every node.
  private long lastSilenceCheckMillis = Long.MIN_VALUE / 2;
  private long nextNodeSeq;

  /** Each node's assignments, for heartbeat replies; a node's entry changes when its tasks do. */
  private final Map<String, List<TaskAssignment>> desired = new ConcurrentHashMap<>();

  private volatile Map<Long, PendingReason> reasons = Map.of();

  /** Per node, the devices the last cycle reserved for waiting gangs (see {@link LiveNodeView}). */
  private volatile Map<String, Set<Integer>> reserved = Map.of();

  private volatile boolean wakeUp;
  private volatile LongConsumer cycleNanos = n -> {};
  private final ThrottledLog reportFailures;

  public ControlPlane(
      Store store,
      Catalog catalog,
      SchedulerSetup setup,
      ServerTuning tuning,
      LongSupplier clockMillis) {
    this.store = store;
    this.batches =
        new LockedBatches(lock, store, tuning.commitWindowMillis(), this::reloadAfterFailure);
    this.catalog = catalog;
    this.setup = setup;
    this.submissions = new Submissions(catalog, setup);
    this.tuning = tuning;
    this.clockMillis = clockMillis;
    this.reportFailures =
        new ThrottledLog(
            10_000,
            () -> System.nanoTime() / 1_000_000,
            (message, e) -> LOG.log(Level.ERROR, message, e));
    load();
  }

  public ServerTuning tuning() {
    return tuning;
  }

  public long nowMillis() {
    return clockMillis.getAsLong();
  }

  /** Called with each scheduling cycle's duration, for metrics. */
  public void onCycle(LongConsumer listener) {
    this.cycleNanos = listener;
  }

  // ---- start-up ----------------------------------------------------------------------------

  private void load() {
    long now = clockMillis.getAsLong();
    store.tenants().forEach(t -> tenants.add(t.name()));
    if (tenants.add(Submissions.DEFAULT_TENANT)) {
      store.write(w -> w.insertTenant(Submissions.DEFAULT_TENANT, now));
    }
    for (NodeRow row : store.nodes()) {
      LiveNode node = new LiveNode(row, true, now);
      // Unheard of since the start: it may still run processes of tasks given up on before (a
      // node lost behind a partition), so it takes no new work until its first report.
      node.settling = true;
      nodes.put(row.name(), node);
      nextNodeSeq = Math.max(nextNodeSeq, row.seq() + 1);
    }
    synchronized (lock) {
      Map<Long, LiveJob> loadedJobs = new LinkedHashMap<>();
      replaceJobsAndTasks(loadedJobs, readJobsAndTasks(loadedJobs));
      rebuild(now);
      publish();
    }
    LOG.log(
        Level.INFO,
        "state loaded: {0} nodes, {1} unfinished jobs, {2} live tasks",
        nodes.size(),
        jobs.size(),
        tasks.size());
  }

  /**
   * The live tasks as the store has them, returned, and the unfinished jobs with the tasks' jobs,
   * put {@code into}.
   */
  private List<TaskRow> readJobsAndTasks(Map<Long, LiveJob> into) {
    for (JobRow row : store.unfinishedJobs()) {
      into.put(row.id(), new LiveJob(row, reread(row)));
    }
    List<TaskRow> live = store.liveTasks();
    for (TaskRow task : live) {
      if (!into.containsKey(task.jobId())) {
        JobRow row = store.job(task.jobId()).orElseThrow();
        into.put(row.id(), new LiveJob(row, reread(row)));
      }
    }
    return live;
  }

  /**
   * After a change failed (its write or the commit of its batch): a task's end, for one, frees its
   * devices in the live state before its write, so the live state may be ahead of the store. The
   * jobs and tasks are read again, replace the live ones, and the core is rebuilt. If the store
   * cannot be read, nothing changes and nothing is published (an agent told of a task's end that
   * the store does not have would forget the task) until a cycle has read it.
   */
  private void reloadAfterFailure() {
    long now = clockMillis.getAsLong();
    Map<Long, LiveJob> loadedJobs = new LinkedHashMap<>();
    List<TaskRow> loadedTasks;
    try {
      loadedTasks = readJobsAndTasks(loadedJobs);
    } catch (RuntimeException e) {
      reloadPending = true;
      LOG.log(Level.ERROR, "could not read jobs and tasks again; the next cycle retries first", e);
      return;
    }
    replaceJobsAndTasks(loadedJobs, loadedTasks);
    try {
      rebuild(now);
    } catch (RuntimeException e) {
      reloadPending = true;
      LOG.log(Level.ERROR, "could not rebuild the core; the next cycle reads everything again", e);
      return;
    }
    reloadPending = false;
    publish();
    LOG.log(Level.WARNING, "a change failed; jobs and tasks were read again from the database");
  }

  /** The live jobs and tasks become these; nodes whose tasks change are marked for publishing. */
  private void replaceJobsAndTasks(Map<Long, LiveJob> newJobs, List<TaskRow> newTasks) {
    for (TaskRow task : new ArrayList<>(tasks.all())) {
      tasks.remove(task.id());
    }
    jobs.clear();
    jobs.putAll(newJobs);
    newTasks.forEach(tasks::put);
  }

  private Manifest reread(JobRow row) {
    return submissions.reread(row.id(), row.manifest(), row.submittedAtMillis(), row.tenant());
  }

  /**
   * The API is reachable from now on: every node gets a full heartbeat timeout from here to report,
   * however long the start-up took.
   */
  public void acceptingRequests() {
    long now = clockMillis.getAsLong();
    for (LiveNode node : nodes.values()) {
      node.lastHeartbeatMillis = Math.max(node.lastHeartbeatMillis, now);
    }
  }

  // ---- jobs --------------------------------------------------------------------------------

  /**
   * Accepts a manifest: checked whole, stored with its Submitted event (in a transaction shared
   * with the other changes waiting for the lock), then handed to the scheduler.
   *
   * @throws ApiProblem 422 naming every bad field, 403 for another tenant's work
   */
  public JobRow submit(Principal principal, String text, String source) {
    long now = clockMillis.getAsLong();
    long id = store.nextJobId();
    Manifest manifest = submissions.read(principal, text, source, id, now, tenants);
    JobRow row =
        new JobRow(
            id,
            manifest.workload().name(),
            manifest.kind().kindName(),
            manifest.workload().tenant().name(),
            manifest.workload().queue().path(),
            JobState.Pending,
            text,
            now,
            0,
            0,
            0,
            -1,
            "");
    batches.apply(
        () ->
            store.write(
                w -> {
                  w.insertJob(row);
                  w.insertEvent(
                      id, now, "Submitted", "by " + principal.name() + " to queue " + row.queue());
                }),
        () -> {
          jobs.put(id, new LiveJob(row, manifest));
          // A stale core (a tenant or a node added since it was built) may not know the job's
          // queue or type; the next cycle rebuilds it with every unfinished job, this one too.
          if (core != null && !layoutStale) {
            core.scheduler().submit(manifest.workload());
          }
        });
    wakeUp = true;
    return row;
  }

  /** Cancels a job: its pending gangs are dropped and its tasks told to stop. */
  public JobRow cancel(Principal principal, long id) {
    synchronized (lock) {
      LiveJob job = jobs.get(id);
      if (job == null) {
        return job(principal, id);
      }
      checkAccess(principal, job.row);
      if (job.row.state().isFinal()) {
        return job.row;
      }
      long now = clockMillis.getAsLong();
      finishInCore(job, now);
      JobRow ended =
          job.row.ended(
              JobState.Cancelled, now, job.row.exitCode(), "cancelled by " + principal.name());
      List<TaskRow> stopping = tasks.ofJob(id);
      store.write(
          w -> {
            w.updateJob(ended);
            stopping.forEach(t -> w.stopTask(t.id()));
            w.insertEvent(id, now, "Cancelled", "by " + principal.name());
          });
      job.row = ended;
      tasks.stop(stopping);
      forgetIfDone(job);
      refreshDevices(LiveTasks.nodesOf(stopping), now);
      publish();
      return ended;
    }
  }

  /** The stored job, if the caller may see it. */
  public JobRow job(Principal principal, long id) {
    JobRow row = store.job(id).orElseThrow(() -> ApiProblem.notFound("job " + id));
    checkAccess(principal, row);
    return row;
  }

  private static void checkAccess(Principal principal, JobRow row) {
    if (!principal.mayAccessTenant(row.tenant())) {
      // The same answer as for a job that does not exist: a tenant learns nothing of others.
      throw ApiProblem.notFound("job " + row.id());
    }
  }

  /** A job's parsed manifest: the live one, or its stored text read again (and kept a while). */
  public Manifest manifestOf(JobRow row) {
    LiveJob job = jobs.get(row.id());
    if (job != null) {
      return job.manifest;
    }
    return finishedManifests.get(row.id(), id -> reread(row));
  }

  // ---- agents ------------------------------------------------------------------------------

  /**
   * An agent (re)registers its node. A node seen before that registers again has restarted its
   * agent: the tasks it ran are gone, and their gangs are interrupted.
   */
  public RegisterResponse register(Principal principal, RegisterRequest request) {
    checkAgent(principal, request.node());
    String accelerator =
        catalog
            .find(request.accelerator())
            .orElseThrow(
                () ->
                    ApiProblem.invalid(
                        "accelerator",
                        "'" + request.accelerator() + "' is not in the accelerator catalog"))
            .id();
    long now = clockMillis.getAsLong();
    synchronized (lock) {
      LiveNode known = nodes.get(request.node());
      NodeRow row =
          known == null
              ? new NodeRow(
                  request.node(),
                  nextNodeSeq++,
                  request.address(),
                  accelerator,
                  request.devices(),
                  false,
                  false,
                  now)
              : new NodeRow(
                  request.node(),
                  known.row.seq(),
                  request.address(),
                  accelerator,
                  request.devices(),
                  known.row.cordoned(),
                  known.row.draining(),
                  known.row.registeredAtMillis());
      store.write(w -> w.saveNode(row));
      if (known == null && core != null) {
        nodesJoined = true;
      } else if (known == null
          || !known.row.accelerator().equals(row.accelerator())
          || known.row.devices().size() != row.devices().size()) {
        layoutStale = true;
      }
      LiveNode node = known == null ? new LiveNode(row, true, now) : known;
      node.row = row;
      node.registrations++;
      node.lastSequence = 0;
      node.lastHeartbeatMillis = now;
      node.settling = false;
      nodes.put(row.name(), node);
      if (known != null) {
        loseTasksOn(row.name(), "agent on " + row.name() + " restarted", now);
      }
      // Ready, and no longer settling: the core's node state follows (it may be CORDONED still).
      node.ready = true;
      applyNodeState(node, now);
      publish();
    }
    wakeUp = true;
    LOG.log(
        Level.INFO,
        "node {0} registered: {1} x {2}",
        request.node(),
        request.devices().size(),
        accelerator);
    return new RegisterResponse(
        request.node(), tuning.heartbeatIntervalMillis(), tuning.heartbeatTimeoutMillis());
  }

  /**
   * A heartbeat, answered at once: telemetry is kept and the node's tasks returned. News it holds
   * (a task ended, a stray process, a device's health changed, the node is back) is applied after,
   * on {@code later}, with the other changes waiting for the lock, so the reply lists the node's
   * tasks as they were. That loses nothing: an agent reports an ended task until a reply no longer
   * lists it, and a reply lists it until its end is committed. A node's report still waiting to be
   * applied is replaced by a newer one, since each report is whole.
   *
   * @throws ApiProblem 403 when the principal may not report for the node
   * @throws java.util.concurrent.RejectedExecutionException when {@code later} refuses the news
   */
  public HeartbeatResponse report(
      Principal principal, String nodeName, Heartbeat heartbeat, Executor later) {
    checkAgent(principal, nodeName);
    LiveNode node = nodes.get(nodeName);
    if (node == null) {
      return new HeartbeatResponse(false, List.of());
    }
    if (heartbeat.sequence() <= node.lastSequence) {
      return tasksOf(nodeName);
    }
    if (!holdsNews(node, heartbeat)) {
      node.lastSequence = heartbeat.sequence();
      node.lastHeartbeatMillis = clockMillis.getAsLong();
      node.telemetry.update(heartbeat.devices());
    } else if (node.waitingReport.getAndSet(new WaitingReport(heartbeat, node.registrations))
        == null) {
      try {
        later.execute(() -> applyWaitingReport(node));
      } catch (RejectedExecutionException e) {
        node.waitingReport.set(null);
        throw e;
      }
    }
    return tasksOf(nodeName);
  }

  /**
   * Like {@link #report}, but applies the news on this thread before answering (unless a report of
   * the node already waits to be applied: this one then replaces it there): for tests and
   * embedding.
   */
  public HeartbeatResponse heartbeat(Principal principal, String nodeName, Heartbeat heartbeat) {
    HeartbeatResponse answer = report(principal, nodeName, heartbeat, Runnable::run);
    return answer.registered() ? tasksOf(nodeName) : answer;
  }

  private boolean holdsNews(LiveNode node, Heartbeat heartbeat) {
    return !node.ready
        || node.settling
        || healthChanged(node, heartbeat)
        || reportsNews(node.name(), heartbeat);
  }

  /**
   * Applies a node's waiting report under the lock, with the other changes waiting for it; the
   * tasks it stops are published once that is committed. If it fails, the agent's next report
   * brings the same news again.
   */
  private void applyWaitingReport(LiveNode node) {
    WaitingReport report = node.waitingReport.getAndSet(null);
    if (report == null) {
      return;
    }
    try {
      batches.applyUnhurried(
          () -> apply(node, report.registrations(), report.heartbeat()), this::publish);
    } catch (RuntimeException e) {
      reportFailures.failed(
          "the report of node " + node.name() + " could not be applied; its next one retries", e);
    }
  }

  /**
   * Applies a report, unless its agent registered again since sending it: the report then speaks of
   * processes the restart ended, and its sequence would hide the new agent's reports.
   */
  private void apply(LiveNode node, int registrations, Heartbeat heartbeat) {
    if (node.registrations != registrations
        || nodes.get(node.name()) != node
        || heartbeat.sequence() <= node.lastSequence) {
      return;
    }
    long now = clockMillis.getAsLong();
    node.lastSequence = heartbeat.sequence();
    node.lastHeartbeatMillis = now;
    node.telemetry.update(heartbeat.devices());
    applyReport(node, heartbeat, now);
  }

  private HeartbeatResponse tasksOf(String nodeName) {
    return new HeartbeatResponse(true, desired.getOrDefault(nodeName, List.of()));
  }

  private static void checkAgent(Principal principal, String node) {
    if (principal.role() != Role.AGENT && !principal.isAdmin()) {
      throw ApiProblem.forbidden("only an agent token may report for a node");
    }
    if (principal.role() == Role.AGENT && !principal.node().equals(node)) {
      throw ApiProblem.forbidden(
          "this agent token reports for node '" + principal.node() + "', not '" + node + "'");
    }
  }

  private static boolean healthChanged(LiveNode node, Heartbeat heartbeat) {
    for (var status : heartbeat.devices()) {
      if ((status.health() == Health.FAILED) != node.deviceFailed(status.index())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a report holds news: a task ended that the server counts as live, or a process runs
   * that the server does not list.
   */
  private boolean reportsNews(String nodeName, Heartbeat heartbeat) {
    List<TaskAssignment> listed = desired.getOrDefault(nodeName, List.of());
    for (TaskStatus status : heartbeat.tasks()) {
      if ((status.phase() == TaskPhase.RUNNING) != lists(listed, status.taskId())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a node's few assignments hold a task: a scan, cheaper than a set per heartbeat. */
  private static boolean lists(List<TaskAssignment> assignments, String taskId) {
    for (TaskAssignment assignment : assignments) {
      if (assignment.taskId().equals(taskId)) {
        return true;
      }
    }
    return false;
  }

  private void applyReport(LiveNode node, Heartbeat heartbeat, long now) {
    boolean stray = false;
    Set<String> touched = new TreeSet<>();
    touched.add(node.name());
    for (TaskStatus status : heartbeat.tasks()) {
      TaskRow task = tasks.get(status.taskId());
      if (task == null || !task.node().equals(node.name())) {
        stray |= status.phase() == TaskPhase.RUNNING;
      } else if (status.phase() != TaskPhase.RUNNING) {
        int code = status.phase() == TaskPhase.EXITED ? status.exitCode() : 127;
        String how =
            status.phase() == TaskPhase.EXITED
                ? "exited with code " + code
                : "failed to start: " + status.message();
        touched.addAll(taskEnded(task, code, how, now));
      }
    }
    node.settling = stray;
    if (!node.ready) {
      node.ready = true;
      LOG.log(Level.INFO, "node {0} is Ready again", node.name());
    }
    applyNodeState(node, now);
    refreshDevices(touched, now);
    wakeUp = true;
  }

  /**
   * A task ended: its devices are free, and its job moves on. The last task of a gang ending with 0
   * completes it; a non-zero exit fails a job and restarts a service replica. Returns the nodes
   * whose devices changed.
   */
  private Set<String> taskEnded(TaskRow task, int exitCode, String how, long now) {
    tasks.remove(task.id());
    LiveJob job = jobs.get(task.jobId());
    Set<String> touched = new TreeSet<>();
    touched.add(task.node());
    List<Consumer<Store.Writes>> writes = new ArrayList<>();
    List<Runnable> afterCommit = new ArrayList<>();
    writes.add(w -> w.endTask(task, exitCode, now));
    writes.add(
        w ->
            w.insertEvent(
                task.jobId(), now, "TaskEnded", task.id() + " on " + task.node() + " " + how));
    GangId gang = new GangId(new WorkloadId(task.jobId()), task.replica());
    boolean gangLeft = tasks.anyOfAttempt(task.jobId(), task.replica(), task.attempt());
    if (job != null && !task.stop() && !job.row.state().isFinal()) {
      boolean service = job.manifest.kind() == ManifestKind.INFERENCE_SERVICE;
      List<TaskRow> others =
          service ? tasks.ofGang(job.id(), task.replica()) : tasks.ofJob(job.id());
      if (exitCode != 0 && !service) {
        finishInCore(job, now);
        JobRow failed = job.row.ended(JobState.Failed, now, exitCode, task.id() + " " + how);
        writes.add(w -> w.updateJob(failed));
        writes.add(w -> others.forEach(t -> w.stopTask(t.id())));
        writes.add(w -> w.insertEvent(job.id(), now, "Failed", task.id() + " " + how));
        afterCommit.add(() -> job.row = failed);
        afterCommit.add(() -> tasks.stop(others));
        touched.addAll(LiveTasks.nodesOf(others));
      } else if (service && (exitCode != 0 || !gangLeft)) {
        core.scheduler().stopped(gang, now / 1000);
        writes.add(w -> others.forEach(t -> w.stopTask(t.id())));
        writes.add(
            w ->
                w.insertEvent(
                    job.id(), now, "ReplicaRestarting", "replica " + task.replica() + " " + how));
        afterCommit.add(() -> tasks.stop(others));
        touched.addAll(LiveTasks.nodesOf(others));
      } else if (!gangLeft) {
        finishInCore(job, now);
        JobRow done = job.row.ended(JobState.Succeeded, now, 0, "");
        writes.add(w -> w.updateJob(done));
        writes.add(w -> w.insertEvent(job.id(), now, "Succeeded", "every task exited with code 0"));
        afterCommit.add(() -> job.row = done);
      }
    } else if (job != null && task.stop() && !gangLeft && !job.row.state().isFinal()) {
      // The last task of a preempted gang: it gives its devices back now, before its grace ran out.
      core.scheduler()
          .allocationOf(gang)
          .filter(a -> !tasks.anyLaterAttempt(task.jobId(), task.replica(), task.attempt()))
          .ifPresent(a -> core.scheduler().stopped(gang, now / 1000));
    }
    store.write(w -> writes.forEach(write -> write.accept(w)));
    afterCommit.forEach(Runnable::run);
    if (job != null) {
      requeueIfStopped(job, now);
      forgetIfDone(job);
    }
    return touched;
  }

  // ---- nodes -------------------------------------------------------------------------------

  /** Cordons (no new work), drains (cordon and stop its work, to be requeued) or uncordons. */
  public NodeRow setNodeFlags(String nodeName, String action, Principal principal) {
    if (!principal.isAdmin()) {
      throw ApiProblem.forbidden("only an admin may " + action + " a node");
    }
    synchronized (lock) {
      LiveNode node = nodes.get(nodeName);
      if (node == null) {
        throw ApiProblem.notFound("node " + nodeName);
      }
      long now = clockMillis.getAsLong();
      NodeRow row;
      switch (action) {
        case "cordon":
          row = node.row.withFlags(true, node.row.draining());
          break;
        case "drain":
          row = node.row.withFlags(true, true);
          break;
        case "uncordon":
          row = node.row.withFlags(false, false);
          break;
        default:
          throw ApiProblem.notFound("action '" + action + "'; allowed: cordon, drain, uncordon");
      }
      store.write(w -> w.saveNode(row));
      node.row = row;
      applyNodeState(node, now);
      if (row.draining() && core != null) {
        interrupted(
            core.stopGangsOn(nodeName, now / 1000), "node " + nodeName + " is drained", now);
      }
      publish();
      wakeUp = true;
      return row;
    }
  }

  /** Marks nodes whose heartbeats stopped NotReady; their gangs are interrupted. */
  private void checkHeartbeats(long now) {
    List<LiveNode> silent = new ArrayList<>();
    int ready = 0;
    int lagging = 0;
    for (LiveNode node : nodes.values()) {
      if (node.ready) {
        ready++;
        long age = now - node.lastHeartbeatMillis;
        lagging += age > tuning.heartbeatTimeoutMillis() / 2 ? 1 : 0;
        if (age > tuning.heartbeatTimeoutMillis()) {
          silent.add(node);
        }
      }
    }
    if (!silent.isEmpty() && MassSilence.isMassSilence(lagging, ready)) {
      if (!holdingOff) {
        LOG.log(
            Level.WARNING,
            "{0} of {1} Ready nodes are late with their heartbeats at once: taking the server or"
                + " the network, not the nodes, to be at fault; their work is left running until"
                + " fewer are late",
            lagging,
            ready);
      }
      holdingOff = true;
      return;
    }
    holdingOff = false;
    for (LiveNode node : silent) {
      node.ready = false;
      LOG.log(
          Level.WARNING,
          "node {0} is NotReady: no heartbeat for {1} ms",
          node.name(),
          now - node.lastHeartbeatMillis);
      loseTasksOn(node.name(), "node " + node.name() + " lost (no heartbeat)", now);
      applyNodeState(node, now);
    }
  }

  /**
   * The tasks on a node are gone (the node was lost, or its agent restarted): their devices are
   * free on that node, and their gangs are interrupted.
   */
  private void loseTasksOn(String nodeName, String why, long now) {
    List<TaskRow> lost = tasks.onNode(nodeName);
    if (lost.isEmpty()) {
      return;
    }
    List<Allocation> interrupted = new ArrayList<>();
    for (TaskRow task : lost) {
      LiveJob job = jobs.get(task.jobId());
      if (!task.stop() && core != null && job != null && !job.row.state().isFinal()) {
        core.scheduler()
            .stopped(new GangId(new WorkloadId(task.jobId()), task.replica()), now / 1000)
            .ifPresent(interrupted::add);
      }
    }
    store.write(
        w -> {
          for (TaskRow task : lost) {
            w.endTask(task, -1, now);
            w.insertEvent(task.jobId(), now, "TaskLost", task.id() + ": " + why);
          }
        });
    lost.forEach(t -> tasks.remove(t.id()));
    // Devices fenced for tasks that were stopping there are free of them now.
    refreshDevices(Set.of(nodeName), now);
    interrupted(interrupted, why, now);
    for (TaskRow task : lost) {
      LiveJob job = jobs.get(task.jobId());
      if (job != null) {
        requeueIfStopped(job, now);
        forgetIfDone(job);
      }
    }
  }

  /**
   * Gangs the core took back (their node was lost or drained, or a device failed): their jobs are
   * Interrupted, and their remaining tasks told to stop.
   */
  private void interrupted(List<Allocation> allocations, String why, long now) {
    Set<String> touched = new TreeSet<>();
    for (Allocation allocation : allocations) {
      LiveJob job = jobs.get(allocation.id().workload().value());
      if (job == null || job.row.state().isFinal()) {
        continue;
      }
      List<TaskRow> stopping = tasks.ofGang(job.id(), allocation.id().replica());
      JobRow row = interruptedRow(job, why);
      store.write(
          w -> {
            w.updateJob(row);
            stopping.forEach(t -> w.stopTask(t.id()));
            w.insertEvent(job.id(), now, "Interrupted", why);
          });
      job.row = row;
      tasks.stop(stopping);
      touched.addAll(LiveTasks.nodesOf(stopping));
      requeueIfStopped(job, now);
    }
    refreshDevices(touched, now);
  }

  /**
   * A job one of whose gangs was taken back: Interrupted; a service stays Running, since its other
   * replicas serve on while the replica restarts.
   */
  private static JobRow interruptedRow(LiveJob job, String why) {
    return job.manifest.kind() == ManifestKind.INFERENCE_SERVICE
        ? job.row
        : job.row.withState(JobState.Interrupted, why);
  }

  /** An interrupted job whose tasks have all ended waits for devices again. */
  private void requeueIfStopped(LiveJob job, long now) {
    if (job.row.state() == JobState.Interrupted && tasks.ofJob(job.id()).isEmpty()) {
      JobRow requeued = job.row.withState(JobState.Pending, job.row.reason());
      String resumes =
          job.manifest.run().checkpointDir().map(d -> "; it resumes from " + d).orElse("");
      store.write(
          w -> {
            w.updateJob(requeued);
            w.insertEvent(
                job.id(),
                now,
                "Requeued",
                "attempt " + (job.row.attempt() + 1) + " waits for devices" + resumes);
          });
      job.row = requeued;
    }
  }

  // ---- the scheduling cycle ----------------------------------------------------------------

  /** Whether something happened since the last cycle that may let work start. */
  public boolean wantsCycle() {
    return wakeUp;
  }

  /** One scheduling cycle: check heartbeats, rebuild if the layout changed, decide, commit. */
  public void cycle() {
    long started = System.nanoTime();
    synchronized (lock) {
      wakeUp = false;
      if (reloadPending) {
        reloadAfterFailure();
        if (reloadPending) {
          return;
        }
      }
      long now = clockMillis.getAsLong();
      if (now < lastSilenceCheckMillis
          || now - lastSilenceCheckMillis >= tuning.heartbeatIntervalMillis()) {
        lastSilenceCheckMillis = now;
        checkHeartbeats(now);
      }
      if (layoutStale || (nodesJoined && now - lastRebuildMillis >= rebuildIntervalMillis())) {
        rebuild(now);
      }
      if (core != null) {
        CycleResult result = core.cycle(now / 1000);
        commitStarts(result.started(), now);
        for (Eviction eviction : result.preempted()) {
          preempt(eviction, now);
        }
        Map<Long, PendingReason> byJob = new HashMap<>();
        result
            .pending()
            .forEach((gang, reason) -> byJob.putIfAbsent(gang.workload().value(), reason));
        reasons = byJob;
        reserved = core.reservedDevices(result.reservations());
      }
      publish();
    }
    cycleNanos.accept(System.nanoTime() - started);
  }

  /**
   * Commits the gangs a cycle started, all in one transaction: their tasks and device claims, the
   * jobs' state and events. If it fails, the gangs are pending again and no agent heard of them.
   */
  private void commitStarts(List<Allocation> started, long now) {
    if (started.isEmpty()) {
      return;
    }
    TaskPlanner planner = core.planner(n -> nodes.get(n).row);
    Map<String, Set<Integer>> ports = new HashMap<>();
    Function<String, Set<Integer>> portsOn = node -> ports.computeIfAbsent(node, tasks::portsOn);
    List<TaskRow> newTasks = new ArrayList<>();
    Map<Long, JobRow> newRows = new LinkedHashMap<>();
    Map<Long, List<String>> events = new LinkedHashMap<>();
    for (Allocation allocation : started) {
      LiveJob job = jobs.get(allocation.id().workload().value());
      JobRow base = newRows.getOrDefault(job.id(), job.row);
      int attempt = base.attempt() + 1;
      List<TaskRow> planned = planner.plan(job, allocation, attempt, now, portsOn);
      portsOn
          .apply(planned.get(0).node())
          .add(Integer.parseInt(planned.get(0).assignment().env().get("MASTER_PORT")));
      newTasks.addAll(planned);
      newRows.put(
          job.id(),
          base.state() != JobState.Running
              ? base.started(now, attempt)
              : base.withAttempt(attempt));
      boolean service = job.manifest.kind() == ManifestKind.INFERENCE_SERVICE;
      events
          .computeIfAbsent(job.id(), id -> new ArrayList<>())
          .add(
              "attempt "
                  + attempt
                  + (service ? " replica " + allocation.id().replica() : "")
                  + " on "
                  + describe(planned));
    }
    try {
      store.write(
          w -> {
            newTasks.forEach(w::insertTask);
            newRows.values().forEach(w::updateJob);
            events.forEach((id, list) -> list.forEach(e -> w.insertEvent(id, now, "Started", e)));
          });
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "could not commit the cycle's starts; they are pending again", e);
      for (Allocation allocation : started) {
        core.scheduler().stopped(allocation.id(), now / 1000);
      }
      return;
    }
    newTasks.forEach(tasks::put);
    newRows.forEach((id, row) -> jobs.get(id).row = row);
  }

  private static String describe(List<TaskRow> planned) {
    return planned.stream()
        .map(
            t ->
                t.node()
                    + "["
                    + t.devices().stream().map(String::valueOf).collect(Collectors.joining(","))
                    + "]")
        .collect(Collectors.joining(" "));
  }

  private void preempt(Eviction eviction, long now) {
    GangId gang = eviction.victim().id();
    LiveJob job = jobs.get(gang.workload().value());
    if (job == null) {
      return;
    }
    List<TaskRow> stopping = tasks.ofGang(job.id(), gang.replica());
    JobRow row = interruptedRow(job, eviction.reason());
    store.write(
        w -> {
          w.updateJob(row);
          stopping.forEach(t -> w.stopTask(t.id()));
          w.insertEvent(job.id(), now, "Preempted", eviction.reason());
        });
    job.row = row;
    tasks.stop(stopping);
    refreshDevices(LiveTasks.nodesOf(stopping), now);
  }

  // ---- rebuilding the core -----------------------------------------------------------------

  /**
   * A fresh core for the current nodes and tenants: unfinished jobs submitted again in id order,
   * running gangs restored on the devices their live tasks hold, node and device states applied.
   */
  /**
   * How long joining nodes wait for the next rebuild: ten times the last one's duration, so that a
   * registration storm spends at most a tenth of the server on rebuilds, within a cycle and {@link
   * #MAX_REBUILD_INTERVAL_MILLIS}.
   */
  private long rebuildIntervalMillis() {
    return Math.min(
        MAX_REBUILD_INTERVAL_MILLIS, Math.max(tuning.cycleMillis(), 10 * lastRebuildTookMillis));
  }

  private void rebuild(long now) {
    long began = System.nanoTime();
    layoutStale = false;
    nodesJoined = false;
    lastRebuildMillis = now;
    try {
      rebuildCore(now);
    } finally {
      lastRebuildTookMillis = (System.nanoTime() - began) / 1_000_000;
    }
  }

  private void rebuildCore(long now) {
    List<NodeRow> rows =
        nodes.values().stream()
            .map(n -> n.row)
            .sorted((a, b) -> Long.compare(a.seq(), b.seq()))
            .collect(Collectors.toList());
    core =
        LiveCore.build(rows, tenants, setup, catalog, tuning.nodesPerLeaf(), now / 1000)
            .orElse(null);
    if (core == null) {
      return;
    }
    for (LiveJob job : jobs.values()) {
      if (!job.row.state().isFinal()) {
        try {
          core.scheduler().submit(job.manifest.workload());
        } catch (IllegalArgumentException e) {
          // Its queue left the configuration, say: it waits, and says why.
          LOG.log(Level.WARNING, "job {0} cannot be scheduled: {1}", job.id(), e.getMessage());
          JobRow row = job.row.withState(job.row.state(), "cannot be scheduled: " + e.getMessage());
          store.write(w -> w.updateJob(row));
          job.row = row;
        }
      }
    }
    restoreRunningGangs(now);
    for (LiveNode node : nodes.values()) {
      applyNodeState(node, now);
    }
    refreshDevices(nodes.keySet(), now);
  }

  private void restoreRunningGangs(long now) {
    Map<GangId, List<TaskRow>> byGang = new TreeMap<>();
    for (TaskRow task : tasks.all()) {
      LiveJob job = jobs.get(task.jobId());
      if (!task.stop() && job != null && !job.row.state().isFinal()) {
        byGang
            .computeIfAbsent(
                new GangId(new WorkloadId(task.jobId()), task.replica()), g -> new ArrayList<>())
            .add(task);
      }
    }
    for (Map.Entry<GangId, List<TaskRow>> gang : byGang.entrySet()) {
      List<TaskRow> gangTasks = gang.getValue();
      try {
        core.restore(gang.getKey(), tasksOfAttempt(gangTasks));
      } catch (IllegalArgumentException e) {
        LOG.log(
            Level.WARNING,
            "gang {0} could not be restored ({1}); stopping it",
            gang.getKey(),
            e.getMessage());
        LiveJob job = jobs.get(gang.getKey().workload().value());
        JobRow row =
            job.row.withState(JobState.Interrupted, "could not be restored: " + e.getMessage());
        store.write(
            w -> {
              w.updateJob(row);
              gangTasks.forEach(t -> w.stopTask(t.id()));
            });
        job.row = row;
        tasks.stop(gangTasks);
      }
    }
  }

  /**
   * Every task of the attempt that live tasks belong to, in rank order. A gang holds the devices of
   * its tasks that already exited 0 until the whole gang ends, so it is restored on them too.
   */
  private List<TaskRow> tasksOfAttempt(List<TaskRow> liveTasks) {
    TaskRow first = liveTasks.get(0);
    List<TaskRow> attempt = new ArrayList<>(liveTasks);
    if (attempt.size() < Integer.parseInt(first.assignment().env().get("NNODES"))) {
      attempt =
          store.tasksOf(first.jobId()).stream()
              .filter(t -> t.replica() == first.replica() && t.attempt() == first.attempt())
              .collect(Collectors.toList());
    }
    attempt.sort((a, b) -> Integer.compare(a.nodeRank(), b.nodeRank()));
    return attempt;
  }

  // ---- node and device states in the core ----------------------------------------------------

  private void applyNodeState(LiveNode node, long now) {
    if (core != null) {
      interrupted(core.applyNodeState(node, now / 1000), "node " + node.name() + " lost", now);
    }
  }

  private void refreshDevices(Collection<String> nodeNames, long now) {
    if (core == null || layoutStale) {
      // A stale core lays nodes out as they were (a node's device count may have changed since):
      // the rebuild, before the next decision, applies every device's state.
      return;
    }
    for (String name : nodeNames) {
      LiveNode node = nodes.get(name);
      if (node != null) {
        interrupted(
            core.applyDeviceStates(node, tasks.fencedDevicesOn(name), now / 1000),
            "a device of " + name + " failed",
            now);
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void finishInCore(LiveJob job, long now) {
    if (core != null) {
      core.finish(job.manifest.workload().id(), now / 1000);
    }
  }

  /** A final job whose tasks have all ended leaves memory; the store keeps it. */
  private void forgetIfDone(LiveJob job) {
    if (job.row.state().isFinal() && tasks.ofJob(job.id()).isEmpty()) {
      jobs.remove(job.id());
    }
  }

  /** Publishes each node's tasks, as committed, for heartbeats to return. */
  private void publish() {
    if (reloadPending) {
      return; // the live tasks may be ahead of the store: agents keep what they were told
    }
    for (String node : tasks.takeChangedNodes()) {
      List<TaskAssignment> assignments = tasks.assignmentsOn(node);
      if (assignments.isEmpty()) {
        desired.remove(node);
      } else {
        desired.put(node, assignments);
      }
    }
  }

  // ---- tenants -----------------------------------------------------------------------------

  /** Whether every tenant has one open queue (no quota configuration was given). */
  public boolean hasOpenQueues() {
    return setup.isOpen();
  }

  public Set<String> tenants() {
    return new TreeSet<>(tenants);
  }

  /** Adds a tenant; in the open configuration it gets its own queue at the next cycle. */
  public void addTenant(String name, long nowMillis) {
    synchronized (lock) {
      if (tenants.contains(name)) {
        throw ApiProblem.conflict("tenant '" + name + "' exists");
      }
      store.write(w -> w.insertTenant(name, nowMillis));
      tenants.add(name);
      layoutStale = true;
      wakeUp = true;
    }
  }

  // ---- read access for views ---------------------------------------------------------------

  /** Everything the cluster-wide views (nodes, queues, metrics) need, copied under the lock. */
  public Snapshot snapshot() {
    synchronized (lock) {
      Map<String, Integer> leaves = new HashMap<>();
      Map<String, Integer> spines = new HashMap<>();
      if (core != null) {
        for (String name : nodes.keySet()) {
          leaves.put(name, core.leafOf(name));
          spines.put(name, core.spineOf(name));
        }
      }
      return Snapshot.of(
          tasks.all(),
          leaves,
          spines,
          reasons,
          core == null ? Map.of() : core.usage(),
          core == null ? null : core.config());
    }
  }

  /**
   * What the views of some jobs need: their live tasks, the leaves of the nodes those run on, and
   * why they wait. Costs what those jobs hold, not what the cluster holds. Does not wait for the
   * lock, so it may show a change under way (see {@link #jobs}).
   */
  public Snapshot snapshotOfJobs(Collection<Long> jobIds) {
    LiveCore now = core;
    List<TaskRow> of = new ArrayList<>();
    Map<String, Integer> leaves = new HashMap<>();
    Map<String, Integer> spines = new HashMap<>();
    for (long id : jobIds) {
      for (TaskRow task : tasks.ofJob(id)) {
        of.add(task);
        if (now != null) {
          leaves.computeIfAbsent(task.node(), now::leafOf);
          spines.computeIfAbsent(task.node(), now::spineOf);
        }
      }
    }
    return Snapshot.of(of, leaves, spines, reasons, Map.of(), now == null ? null : now.config());
  }

  /**
   * What the view of one node needs: its live tasks and its leaf. Costs what the node holds, not
   * what the cluster holds.
   */
  public Snapshot snapshotOfNode(String nodeName) {
    synchronized (lock) {
      Map<String, Integer> leaves = new HashMap<>();
      if (core != null) {
        leaves.put(nodeName, core.leafOf(nodeName));
      }
      return Snapshot.of(
          tasks.onNode(nodeName),
          leaves,
          Map.of(),
          reasons,
          Map.of(),
          core == null ? null : core.config());
    }
  }

  public Collection<LiveNodeView> liveNodes() {
    List<LiveNodeView> views = new ArrayList<>();
    for (LiveNode node : nodes.values()) {
      views.add(view(node));
    }
    return views;
  }

  public Optional<LiveNodeView> liveNode(String name) {
    return Optional.ofNullable(nodes.get(name)).map(this::view);
  }

  private LiveNodeView view(LiveNode node) {
    return new LiveNodeView(
        node.row,
        node.ready,
        node.lastHeartbeatMillis,
        node.telemetry.devices(),
        reserved.getOrDefault(node.name(), Set.of()));
  }

  /** Whether a node's agent may ship the log of a task: the task ran on that node. */
  public boolean isTaskOf(String node, String taskId) {
    return store.taskNode(taskId).map(node::equals).orElse(false);
  }

  /**
   * When the job's first waiting gang is expected to start, by the digital twin's what-if: the live
   * state forked into a fresh core and run forward (docs/simulate.md). Empty when the job is not
   * waiting, or not expected to start within the predictor's horizon.
   */
  public OptionalLong predictedStartMillis(long jobId) {
    ClusterSnapshot snapshot;
    Optional<GangId> waiting;
    synchronized (lock) {
      LiveJob job = jobs.get(jobId);
      if (core == null
          || job == null
          || !(job.row.state() == JobState.Pending || job.row.state() == JobState.Interrupted)) {
        return OptionalLong.empty();
      }
      waiting = core.firstPendingGang(jobId);
      if (waiting.isEmpty()) {
        return OptionalLong.empty();
      }
      List<Workload> unfinished = new ArrayList<>();
      jobs.values().stream()
          .filter(j -> !j.row.state().isFinal())
          .forEach(j -> unfinished.add(j.manifest.workload()));
      snapshot = core.whatIfSnapshot(unfinished, clockMillis.getAsLong() / 1000);
    }
    try {
      PredictedStart start =
          StartTimePredictor.withDefaults(System::nanoTime).predict(snapshot).of(waiting.get());
      return start.startSeconds().isPresent()
          ? OptionalLong.of(start.startSeconds().getAsLong() * 1000)
          : OptionalLong.empty();
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "no start-time prediction for job {0}: {1}", jobId, e.getMessage());
      return OptionalLong.empty();
    }
  }
}
