package dev.wanka.server.control;

import dev.wanka.api.FieldProblem;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.JobState;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.catalog.Catalog;
import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.sched.cycle.Eviction;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.sched.cycle.Scheduler;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.NodeRow;
import dev.wanka.server.store.Store;
import dev.wanka.server.store.TaskRow;
import dev.wanka.sim.whatif.ClusterSnapshot;
import dev.wanka.sim.whatif.PredictedStart;
import dev.wanka.sim.whatif.RunningGang;
import dev.wanka.sim.whatif.StartTimePredictor;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.workload.Manifest;
import dev.wanka.workload.ManifestKind;
import dev.wanka.workload.ManifestReader;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The live driver of the scheduler core. It keeps the core's picture of the cluster and the work
 * current (submissions, cancellations, heartbeats, lost nodes, task exits), runs scheduling cycles,
 * and commits every decision to the store in one transaction before any agent can see it: an agent
 * learns of a task only from {@link #heartbeat}, which lists the tasks committed for its node.
 *
 * <p>The database is the source of truth: at start-up the core is rebuilt from it (jobs submitted
 * again, running gangs restored on the devices their live tasks hold), and so it is whenever nodes
 * join or tenants are added. A device a task still holds after its gang gave it back (being
 * stopped, or preempted) is fenced (cordoned in the core) until its agent reports the process gone,
 * so that no device is ever used by two tasks at once.
 *
 * <p>One lock guards the core and the job and task maps; heartbeats that change nothing (the common
 * case) do not take it.
 */
public final class ControlPlane {
  private static final Logger LOG = System.getLogger(ControlPlane.class.getName());
  private static final String DEFAULT_TENANT = "default";

  private final Store store;
  private final Catalog catalog;
  private final SchedulerSetup setup;
  private final ServerTuning tuning;
  private final LongSupplier clockMillis;
  private final Object lock = new Object();

  private final Map<String, LiveNode> nodes = new ConcurrentHashMap<>();
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();
  // guarded by lock
  private final Map<Long, LiveJob> jobs = new TreeMap<>();
  private final Map<String, TaskRow> tasks = new LinkedHashMap<>();
  private Scheduler scheduler;
  private LiveCluster cluster;
  private SchedulerConfig config;
  private boolean layoutStale = true;
  private long lastCycleSeconds;
  private long nextNodeSeq;

  private volatile Map<String, List<TaskAssignment>> desired = Map.of();
  private volatile Map<Long, PendingReason> reasons = Map.of();
  private volatile boolean wakeUp;
  private volatile LongConsumer cycleNanos = n -> {};

  public ControlPlane(
      Store store,
      Catalog catalog,
      SchedulerSetup setup,
      ServerTuning tuning,
      LongSupplier clockMillis) {
    this.store = store;
    this.catalog = catalog;
    this.setup = setup;
    this.tuning = tuning;
    this.clockMillis = clockMillis;
    load();
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

  public ServerTuning tuning() {
    return tuning;
  }

  /** Called with each scheduling cycle's duration, for metrics. */
  public void onCycle(LongConsumer listener) {
    this.cycleNanos = listener;
  }

  // ---- start-up ----------------------------------------------------------------------------

  private void load() {
    long now = clockMillis.getAsLong();
    store.tenants().forEach(t -> tenants.add(t.name()));
    if (tenants.add(DEFAULT_TENANT)) {
      store.write(w -> w.insertTenant(DEFAULT_TENANT, now));
    }
    for (NodeRow row : store.nodes()) {
      // Agents get a full timeout after a restart of the server to report again.
      nodes.put(row.name(), new LiveNode(row, true, now));
      nextNodeSeq = Math.max(nextNodeSeq, row.seq() + 1);
    }
    synchronized (lock) {
      for (JobRow row : store.unfinishedJobs()) {
        jobs.put(row.id(), new LiveJob(row, parseStored(row)));
      }
      for (TaskRow task : store.liveTasks()) {
        tasks.put(task.id(), task);
        jobs.computeIfAbsent(
            task.jobId(),
            id -> {
              JobRow row = store.job(id).orElseThrow();
              return new LiveJob(row, parseStored(row));
            });
      }
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

  /** A job's parsed manifest: the live one, or its stored text read again. */
  public Manifest manifestOf(JobRow row) {
    synchronized (lock) {
      LiveJob job = jobs.get(row.id());
      if (job != null) {
        return job.manifest;
      }
    }
    return parseStored(row);
  }

  private Manifest parseStored(JobRow row) {
    return ManifestReader.read(
        "job " + row.id(),
        row.manifest(),
        catalog,
        classes(),
        new WorkloadId(row.id()),
        row.submittedAtMillis() / 1000,
        row.tenant());
  }

  private dev.wanka.workload.PriorityClasses classes() {
    return setup.isOpen()
        ? SchedulerSetup.DEFAULT_CLASSES
        : setup.config(List.of(), List.of()).priorityClasses();
  }

  // ---- submissions -------------------------------------------------------------------------

  /**
   * Accepts a manifest: checked whole, stored with its Submitted event in one transaction, then
   * handed to the scheduler.
   *
   * @throws ApiProblem 422 naming every bad field, 403 for another tenant's work
   */
  public JobRow submit(Principal principal, String text, String source) {
    if (principal.role() == dev.wanka.api.Role.AGENT) {
      throw ApiProblem.forbidden("an agent token cannot submit jobs");
    }
    long now = clockMillis.getAsLong();
    String defaultTenant = principal.isAdmin() ? DEFAULT_TENANT : principal.tenant();
    long id = store.nextJobId();
    Manifest manifest;
    try {
      manifest =
          ManifestReader.read(
              source, text, catalog, classes(), new WorkloadId(id), now / 1000, defaultTenant);
    } catch (SpecException e) {
      throw invalidSpec(e);
    }
    String tenant = manifest.workload().tenant().name();
    if (!principal.mayAccessTenant(tenant)) {
      throw new ApiProblem(
          403,
          "Forbidden",
          "metadata.tenant: '" + tenant + "' is not your tenant ('" + principal.tenant() + "')",
          List.of(
              new FieldProblem(
                  "metadata.tenant",
                  "'"
                      + tenant
                      + "' is not allowed: you may submit only as '"
                      + principal.tenant()
                      + "'",
                  0,
                  0)));
    }
    JobRow row =
        new JobRow(
            id,
            manifest.workload().name(),
            manifest.kind().kindName(),
            tenant,
            manifest.workload().queue().path(),
            JobState.Pending,
            text,
            now,
            0,
            0,
            0,
            -1,
            "");
    synchronized (lock) {
      checkQueue(tenant, row.queue());
      store.write(
          w -> {
            w.insertJob(row);
            w.insertEvent(
                id, now, "Submitted", "by " + principal.name() + " to queue " + row.queue());
          });
      LiveJob job = new LiveJob(row, manifest);
      jobs.put(id, job);
      if (scheduler != null) {
        scheduler.submit(manifest.workload());
      }
    }
    wakeUp = true;
    return row;
  }

  private void checkQueue(String tenant, String queue) {
    if (setup.isOpen()) {
      if (!tenants.contains(tenant)) {
        throw ApiProblem.invalid(
            "metadata.tenant",
            "'"
                + tenant
                + "' is not a tenant; allowed: "
                + String.join(", ", new TreeSet<>(tenants)));
      }
      if (!queue.equals(tenant)) {
        throw ApiProblem.invalid(
            "metadata.queue",
            "'" + queue + "' is not a queue; allowed: " + tenant + " (one queue per tenant)");
      }
      return;
    }
    var tree = setup.config(List.of(), List.of()).queues();
    if (!tree.contains(queue) || !tree.isLeaf(tree.indexOf(queue))) {
      throw ApiProblem.invalid(
          "metadata.queue", "'" + queue + "' is not a leaf queue of the server's configuration");
    }
  }

  private static ApiProblem invalidSpec(SpecException e) {
    List<FieldProblem> fields = new ArrayList<>();
    for (SpecProblem problem : e.problems()) {
      fields.add(
          new FieldProblem(
              problem.field(), problem.message(), problem.at().line(), problem.at().column()));
    }
    return new ApiProblem(
        422,
        "Invalid job spec",
        fields.size() + (fields.size() == 1 ? " problem" : " problems") + " in the spec",
        fields);
  }

  /** Cancels a job: its pending gangs are dropped and its tasks told to stop. */
  public JobRow cancel(Principal principal, long id) {
    synchronized (lock) {
      LiveJob job = jobs.get(id);
      if (job == null) {
        JobRow row = store.job(id).orElseThrow(() -> ApiProblem.notFound("job " + id));
        checkAccess(principal, row);
        return row;
      }
      checkAccess(principal, job.row);
      if (job.row.state().isFinal()) {
        return job.row;
      }
      long now = clockMillis.getAsLong();
      finishInScheduler(job, now);
      JobRow ended =
          job.row.ended(
              JobState.Cancelled, now, job.row.exitCode(), "cancelled by " + principal.name());
      List<TaskRow> stopping = liveTasksOf(id);
      store.write(
          w -> {
            w.updateJob(ended);
            stopping.forEach(t -> w.stopTask(t.id()));
            w.insertEvent(id, now, "Cancelled", "by " + principal.name());
          });
      job.row = ended;
      stopping.forEach(t -> tasks.put(t.id(), stopped(t)));
      forgetIfDone(job);
      refreshNodes(nodesOf(stopping), now);
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

  static void checkAccess(Principal principal, JobRow row) {
    if (!principal.mayAccessTenant(row.tenant())) {
      // The same answer as for a job that does not exist: a tenant learns nothing of others.
      throw ApiProblem.notFound("job " + row.id());
    }
  }

  // ---- agents ------------------------------------------------------------------------------

  /**
   * An agent (re)registers its node. A node seen before that registers again has restarted its
   * agent: the tasks it ran are gone, and their gangs are interrupted.
   */
  public RegisterResponse register(Principal principal, RegisterRequest request) {
    checkAgent(principal, request.node());
    if (catalog.find(request.accelerator()).isEmpty()) {
      throw ApiProblem.invalid(
          "accelerator", "'" + request.accelerator() + "' is not in the accelerator catalog");
    }
    long now = clockMillis.getAsLong();
    synchronized (lock) {
      LiveNode known = nodes.get(request.node());
      String accelerator = catalog.find(request.accelerator()).orElseThrow().id();
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
      if (known == null
          || !known.row.accelerator().equals(row.accelerator())
          || known.row.devices().size() != row.devices().size()) {
        layoutStale = true;
      }
      LiveNode node = known == null ? new LiveNode(row, true, now) : known;
      node.row = row;
      node.lastSequence = 0;
      node.lastHeartbeatMillis = now;
      node.settling = false;
      nodes.put(row.name(), node);
      if (known != null) {
        loseTasksOn(row.name(), "agent on " + row.name() + " restarted", now);
      }
      if (!node.ready) {
        node.ready = true;
        applyNodeState(node, now);
      }
      publish();
    }
    wakeUp = true;
    LOG.log(
        Level.INFO,
        "node {0} registered: {1} x {2}",
        request.node(),
        request.devices().size(),
        request.accelerator());
    return new RegisterResponse(
        request.node(), tuning.heartbeatIntervalMillis(), tuning.heartbeatTimeoutMillis());
  }

  /** A heartbeat: telemetry is kept, task exits are committed, and the node's tasks returned. */
  public HeartbeatResponse heartbeat(Principal principal, String nodeName, Heartbeat heartbeat) {
    checkAgent(principal, nodeName);
    LiveNode node = nodes.get(nodeName);
    if (node == null) {
      return new HeartbeatResponse(false, List.of());
    }
    long now = clockMillis.getAsLong();
    if (heartbeat.sequence() <= node.lastSequence) {
      return new HeartbeatResponse(true, desired.getOrDefault(nodeName, List.of()));
    }
    node.lastSequence = heartbeat.sequence();
    node.lastHeartbeatMillis = now;
    boolean healthChanged = healthChanged(node, heartbeat);
    node.telemetry = heartbeat.devices();
    if (!node.ready || healthChanged || reportsChange(nodeName, heartbeat) || node.settling) {
      synchronized (lock) {
        applyReport(node, heartbeat, now);
      }
    }
    return new HeartbeatResponse(true, desired.getOrDefault(nodeName, List.of()));
  }

  private static void checkAgent(Principal principal, String node) {
    if (principal.role() != dev.wanka.api.Role.AGENT && !principal.isAdmin()) {
      throw ApiProblem.forbidden("only an agent token may report for a node");
    }
    if (principal.role() == dev.wanka.api.Role.AGENT && !principal.node().equals(node)) {
      throw ApiProblem.forbidden(
          "this agent token reports for node '" + principal.node() + "', not '" + node + "'");
    }
  }

  private static boolean healthChanged(LiveNode node, Heartbeat heartbeat) {
    for (var status : heartbeat.devices()) {
      if ((status.health() == dev.wanka.api.Health.FAILED) != node.deviceFailed(status.index())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a report holds news: an ended task the server still counts as live. */
  private boolean reportsChange(String nodeName, Heartbeat heartbeat) {
    Set<String> live = liveTaskIdsOn(nodeName);
    for (TaskStatus status : heartbeat.tasks()) {
      if (status.phase() != TaskPhase.RUNNING && live.contains(status.taskId())) {
        return true;
      }
      if (status.phase() == TaskPhase.RUNNING && !live.contains(status.taskId())) {
        return true;
      }
    }
    return false;
  }

  private Set<String> liveTaskIdsOn(String nodeName) {
    Set<String> ids = new HashSet<>();
    for (TaskAssignment assignment : desired.getOrDefault(nodeName, List.of())) {
      ids.add(assignment.taskId());
    }
    return ids;
  }

  private void applyReport(LiveNode node, Heartbeat heartbeat, long now) {
    boolean stray = false;
    Set<String> affectedNodes = new TreeSet<>();
    affectedNodes.add(node.name());
    for (TaskStatus status : heartbeat.tasks()) {
      TaskRow task = tasks.get(status.taskId());
      if (task == null || !task.node().equals(node.name())) {
        stray |= status.phase() == TaskPhase.RUNNING;
        continue;
      }
      if (status.phase() != TaskPhase.RUNNING) {
        int code = status.phase() == TaskPhase.EXITED ? status.exitCode() : 127;
        String how =
            status.phase() == TaskPhase.EXITED
                ? "exited with code " + code
                : "failed to start: " + status.message();
        affectedNodes.addAll(taskEnded(task, code, how, now));
      }
    }
    node.settling = stray;
    if (!node.ready) {
      node.ready = true;
      LOG.log(Level.INFO, "node {0} is Ready again", node.name());
    }
    applyNodeState(node, now);
    refreshNodes(affectedNodes, now);
    publish();
    wakeUp = true;
  }

  /** A task ended; returns the nodes whose devices it (or the tasks it stopped) touched. */
  private Set<String> taskEnded(TaskRow task, int exitCode, String how, long now) {
    tasks.remove(task.id());
    LiveJob job = jobs.get(task.jobId());
    Set<String> touched = new TreeSet<>();
    touched.add(task.node());
    List<Runnable> afterCommit = new ArrayList<>();
    List<java.util.function.Consumer<Store.Writes>> writes = new ArrayList<>();
    writes.add(w -> w.endTask(task.id(), exitCode, now));
    writes.add(
        w ->
            w.insertEvent(
                task.jobId(), now, "TaskEnded", task.id() + " on " + task.node() + " " + how));
    GangId gang = new GangId(new WorkloadId(task.jobId()), task.replica());
    boolean gangTasksLeft =
        tasks.values().stream()
            .anyMatch(
                t ->
                    t.jobId() == task.jobId()
                        && t.replica() == task.replica()
                        && t.attempt() == task.attempt());
    if (job != null && !task.stop() && !job.row.state().isFinal()) {
      boolean service = job.manifest.kind() == ManifestKind.INFERENCE_SERVICE;
      if (exitCode != 0 && !service) {
        finishInScheduler(job, now);
        JobRow failed = job.row.ended(JobState.Failed, now, exitCode, task.id() + " " + how);
        List<TaskRow> others = liveTasksOf(job.id());
        writes.add(w -> w.updateJob(failed));
        writes.add(w -> others.forEach(t -> w.stopTask(t.id())));
        writes.add(w -> w.insertEvent(job.id(), now, "Failed", task.id() + " " + how));
        afterCommit.add(
            () -> {
              job.row = failed;
              others.forEach(t -> tasks.put(t.id(), stopped(t)));
            });
        others.forEach(t -> touched.add(t.node()));
      } else if (service && (exitCode != 0 || !gangTasksLeft)) {
        List<TaskRow> others = liveTasksOf(job.id(), task.replica());
        scheduler.stopped(gang, now / 1000);
        writes.add(w -> others.forEach(t -> w.stopTask(t.id())));
        writes.add(
            w ->
                w.insertEvent(
                    job.id(), now, "ReplicaRestarting", "replica " + task.replica() + " " + how));
        afterCommit.add(() -> others.forEach(t -> tasks.put(t.id(), stopped(t))));
        others.forEach(t -> touched.add(t.node()));
      } else if (!gangTasksLeft) {
        finishInScheduler(job, now);
        JobRow done = job.row.ended(JobState.Succeeded, now, 0, "");
        writes.add(w -> w.updateJob(done));
        writes.add(w -> w.insertEvent(job.id(), now, "Succeeded", "every task exited with code 0"));
        afterCommit.add(() -> job.row = done);
      }
    } else if (job != null && task.stop() && !gangTasksLeft) {
      // The last task of a gang that was being stopped: a preempted gang gives its devices back
      // now (before its grace ran out); an interrupted job is queued again below.
      if (scheduler != null && !job.row.state().isFinal()) {
        scheduler
            .allocationOf(gang)
            .filter(a -> job.row.attempt() == task.attempt())
            .ifPresent(a -> scheduler.stopped(gang, now / 1000));
      }
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
      if (row.draining() && cluster != null && cluster.contains(nodeName)) {
        List<Allocation> onNode = new ArrayList<>();
        for (Allocation allocation : new ArrayList<>(scheduler.running())) {
          if (usesNode(allocation, nodeName)) {
            scheduler.stopped(allocation.id(), now / 1000);
            onNode.add(allocation);
          }
        }
        interrupted(onNode, "node " + nodeName + " is drained", now);
      }
      publish();
      wakeUp = true;
      return row;
    }
  }

  private boolean usesNode(Allocation allocation, String nodeName) {
    for (int device : allocation.devices()) {
      if (cluster.nodeOfDevice(device).equals(nodeName)) {
        return true;
      }
    }
    return false;
  }

  /** Marks nodes whose heartbeats stopped NotReady; their gangs are interrupted. */
  private void checkHeartbeats(long now) {
    for (LiveNode node : nodes.values()) {
      if (node.ready && now - node.lastHeartbeatMillis > tuning.heartbeatTimeoutMillis()) {
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
  }

  /**
   * The tasks on a node are gone (the node was lost, or its agent restarted): their devices are
   * free on that node, and their gangs are interrupted.
   */
  private void loseTasksOn(String nodeName, String why, long now) {
    List<TaskRow> lost =
        tasks.values().stream().filter(t -> t.node().equals(nodeName)).collect(Collectors.toList());
    if (lost.isEmpty()) {
      return;
    }
    List<Allocation> interrupted = new ArrayList<>();
    for (TaskRow task : lost) {
      GangId gang = new GangId(new WorkloadId(task.jobId()), task.replica());
      LiveJob job = jobs.get(task.jobId());
      if (!task.stop() && scheduler != null && job != null && !job.row.state().isFinal()) {
        scheduler.stopped(gang, now / 1000).ifPresent(interrupted::add);
      }
    }
    store.write(
        w -> {
          for (TaskRow task : lost) {
            w.endTask(task.id(), -1, now);
            w.insertEvent(task.jobId(), now, "TaskLost", task.id() + ": " + why);
          }
        });
    lost.forEach(t -> tasks.remove(t.id()));
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
   * Gangs the scheduler took back (their node was lost or drained, or a device failed): their jobs
   * are Interrupted, and their remaining tasks told to stop.
   */
  private void interrupted(List<Allocation> allocations, String why, long now) {
    Set<String> touched = new TreeSet<>();
    for (Allocation allocation : allocations) {
      LiveJob job = jobs.get(allocation.id().workload().value());
      if (job == null || job.row.state().isFinal()) {
        continue;
      }
      List<TaskRow> stopping = liveTasksOf(job.id(), allocation.id().replica());
      JobRow row =
          job.manifest.kind() == ManifestKind.INFERENCE_SERVICE
              ? job.row
              : job.row.withState(JobState.Interrupted, why);
      store.write(
          w -> {
            w.updateJob(row);
            stopping.forEach(t -> w.stopTask(t.id()));
            w.insertEvent(job.id(), now, "Interrupted", why);
          });
      job.row = row;
      stopping.forEach(t -> tasks.put(t.id(), stopped(t)));
      stopping.forEach(t -> touched.add(t.node()));
      requeueIfStopped(job, now);
    }
    refreshNodes(touched, now);
  }

  private void requeueIfStopped(LiveJob job, long now) {
    if (job.row.state() == JobState.Interrupted && liveTasksOf(job.id()).isEmpty()) {
      JobRow requeued = job.row.withState(JobState.Pending, job.row.reason());
      store.write(
          w -> {
            w.updateJob(requeued);
            w.insertEvent(
                job.id(),
                now,
                "Requeued",
                "attempt "
                    + (job.row.attempt() + 1)
                    + " waits for devices"
                    + job.manifest
                        .run()
                        .checkpointDir()
                        .map(d -> "; it resumes from " + d)
                        .orElse(""));
          });
      job.row = requeued;
    }
  }

  // ---- the scheduling cycle ----------------------------------------------------------------

  /** Whether something happened since the last cycle that may let work start. */
  public boolean wantsCycle() {
    return wakeUp;
  }

  /** One scheduling cycle: rebuild if the layout changed, check heartbeats, decide, commit. */
  public void cycle() {
    long started = System.nanoTime();
    synchronized (lock) {
      wakeUp = false;
      long now = clockMillis.getAsLong();
      checkHeartbeats(now);
      if (layoutStale) {
        rebuild(now);
      }
      if (scheduler == null) {
        publish();
        return;
      }
      long seconds = Math.max(lastCycleSeconds, now / 1000);
      lastCycleSeconds = seconds;
      CycleResult result = scheduler.cycle(seconds);
      commitStarts(result.started(), now);
      for (Eviction eviction : result.preempted()) {
        preempt(eviction, now);
      }
      Map<Long, PendingReason> byJob = new HashMap<>();
      result
          .pending()
          .forEach((gang, reason) -> byJob.putIfAbsent(gang.workload().value(), reason));
      reasons = byJob;
      publish();
    }
    cycleNanos.accept(System.nanoTime() - started);
  }

  private void commitStarts(List<Allocation> started, long now) {
    if (started.isEmpty()) {
      return;
    }
    TaskPlanner planner = new TaskPlanner(cluster, n -> nodes.get(n).row);
    Map<String, Set<Integer>> ports = portsInUse();
    List<TaskRow> newTasks = new ArrayList<>();
    Map<Long, JobRow> newRows = new LinkedHashMap<>();
    List<String[]> events = new ArrayList<>();
    for (Allocation allocation : started) {
      LiveJob job = jobs.get(allocation.id().workload().value());
      JobRow base = newRows.getOrDefault(job.id(), job.row);
      int attempt = base.attempt() + 1;
      List<TaskRow> planned = planner.plan(job, allocation, attempt, now, ports);
      String master = planned.get(0).node();
      ports
          .computeIfAbsent(master, m -> new HashSet<>())
          .add(Integer.parseInt(planned.get(0).assignment().env().get("MASTER_PORT")));
      newTasks.addAll(planned);
      boolean firstStart = base.state() != JobState.Running;
      newRows.put(job.id(), firstStart ? base.started(now, attempt) : withAttempt(base, attempt));
      events.add(
          new String[] {
            Long.toString(job.id()),
            "attempt "
                + attempt
                + (allocation.id().replica() > 0
                        || job.manifest.kind() == ManifestKind.INFERENCE_SERVICE
                    ? " replica " + allocation.id().replica()
                    : "")
                + " on "
                + describe(planned)
          });
    }
    try {
      store.write(
          w -> {
            newTasks.forEach(w::insertTask);
            newRows.values().forEach(w::updateJob);
            events.forEach(e -> w.insertEvent(Long.parseLong(e[0]), now, "Started", e[1]));
          });
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "could not commit the cycle's starts; they are pending again", e);
      for (Allocation allocation : started) {
        scheduler.stopped(allocation.id(), now / 1000);
      }
      return;
    }
    newTasks.forEach(t -> tasks.put(t.id(), t));
    newRows.forEach((id, row) -> jobs.get(id).row = row);
  }

  private static JobRow withAttempt(JobRow row, int attempt) {
    return new JobRow(
        row.id(),
        row.name(),
        row.kind(),
        row.tenant(),
        row.queue(),
        row.state(),
        row.manifest(),
        row.submittedAtMillis(),
        row.startedAtMillis(),
        row.finishedAtMillis(),
        attempt,
        row.exitCode(),
        row.reason());
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

  private Map<String, Set<Integer>> portsInUse() {
    Map<String, Set<Integer>> ports = new HashMap<>();
    for (TaskRow task : tasks.values()) {
      if (task.nodeRank() == 0) {
        String port = task.assignment().env().get("MASTER_PORT");
        if (port != null) {
          ports.computeIfAbsent(task.node(), n -> new HashSet<>()).add(Integer.parseInt(port));
        }
      }
    }
    return ports;
  }

  private void preempt(Eviction eviction, long now) {
    GangId gang = eviction.victim().id();
    LiveJob job = jobs.get(gang.workload().value());
    if (job == null) {
      return;
    }
    List<TaskRow> stopping = liveTasksOf(job.id(), gang.replica());
    JobRow row = job.row.withState(JobState.Interrupted, eviction.reason());
    store.write(
        w -> {
          w.updateJob(row);
          stopping.forEach(t -> w.stopTask(t.id()));
          w.insertEvent(job.id(), now, "Preempted", eviction.reason());
        });
    job.row = row;
    stopping.forEach(t -> tasks.put(t.id(), stopped(t)));
    refreshNodes(nodesOf(stopping), now);
  }

  // ---- rebuilding the core -----------------------------------------------------------------

  /**
   * A fresh core for the current nodes and tenants: unfinished jobs submitted again in id order,
   * running gangs restored on the devices their live tasks hold, node and device states applied.
   */
  private void rebuild(long now) {
    layoutStale = false;
    Optional<LiveCluster> laidOut =
        LiveCluster.of(
            nodes.values().stream()
                .map(n -> n.row)
                .sorted((a, b) -> Long.compare(a.seq(), b.seq()))
                .collect(Collectors.toList()),
            catalog,
            tuning.nodesPerLeaf());
    if (laidOut.isEmpty()) {
      scheduler = null;
      cluster = null;
      return;
    }
    cluster = laidOut.get();
    Set<String> types = new TreeSet<>();
    nodes.values().forEach(n -> types.add(n.row.accelerator()));
    config = setup.config(new TreeSet<>(tenants), types);
    scheduler = new Scheduler(cluster.cluster(), config, SchedulerPolicy.defaults());
    lastCycleSeconds = Math.max(lastCycleSeconds, now / 1000);
    for (LiveJob job : jobs.values()) {
      if (!job.row.state().isFinal()) {
        try {
          scheduler.submit(job.manifest.workload());
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "job {0} cannot be scheduled: {1}", job.id(), e.getMessage());
        }
      }
    }
    restoreRunningGangs(now);
    for (LiveNode node : nodes.values()) {
      applyNodeState(node, now);
    }
    refreshNodes(nodes.keySet(), now);
  }

  private void restoreRunningGangs(long now) {
    Map<GangId, List<TaskRow>> byGang = new TreeMap<>();
    for (TaskRow task : tasks.values()) {
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
      gangTasks.sort((a, b) -> Integer.compare(a.nodeRank(), b.nodeRank()));
      List<Integer> devices = new ArrayList<>();
      for (TaskRow task : gangTasks) {
        if (!cluster.contains(task.node())) {
          devices = null;
          break;
        }
        for (int local : task.devices()) {
          devices.add(cluster.device(task.node(), local));
        }
      }
      try {
        if (devices == null) {
          throw new IllegalArgumentException("a node of the gang is no longer registered");
        }
        scheduler.restore(
            gang.getKey(),
            devices.stream().mapToInt(Integer::intValue).toArray(),
            gangTasks.get(0).startedAtMillis() / 1000);
      } catch (IllegalArgumentException e) {
        LOG.log(
            Level.WARNING,
            "gang {0} could not be restored ({1}); stopping it",
            gang.getKey(),
            e.getMessage());
        LiveJob job = jobs.get(gang.getKey().workload().value());
        List<TaskRow> stopping = gangTasks;
        JobRow row =
            job.row.withState(JobState.Interrupted, "could not be restored: " + e.getMessage());
        store.write(
            w -> {
              w.updateJob(row);
              stopping.forEach(t -> w.stopTask(t.id()));
            });
        job.row = row;
        stopping.forEach(t -> tasks.put(t.id(), stopped(t)));
      }
    }
  }

  // ---- node and device states in the core ----------------------------------------------------

  private void applyNodeState(LiveNode node, long now) {
    if (cluster == null || !cluster.contains(node.name())) {
      return;
    }
    NodeState state =
        !node.ready
            ? NodeState.DOWN
            : node.row.cordoned() || node.settling ? NodeState.CORDONED : NodeState.UP;
    int index = cluster.nodeIndex(node.name());
    if (scheduler.devices().nodeState(index) != state) {
      List<Allocation> interrupted = scheduler.setNodeState(index, state, now / 1000);
      interrupted(interrupted, "node " + node.name() + " lost", now);
    }
  }

  /**
   * Sets each device's own state: DOWN when its agent reports it failed, CORDONED while a task
   * being stopped still holds it (fenced), UP otherwise.
   */
  private void refreshNodes(Collection<String> nodeNames, long now) {
    if (cluster == null) {
      return;
    }
    Set<String> fenced = new HashSet<>();
    for (TaskRow task : tasks.values()) {
      if (task.stop()) {
        for (int local : task.devices()) {
          fenced.add(task.node() + "/" + local);
        }
      }
    }
    for (String name : nodeNames) {
      LiveNode node = nodes.get(name);
      if (node == null || !cluster.contains(name)) {
        continue;
      }
      for (int local = 0; local < node.row.devices().size(); local++) {
        NodeState state =
            node.deviceFailed(node.row.devices().get(local).index())
                ? NodeState.DOWN
                : fenced.contains(name + "/" + local) ? NodeState.CORDONED : NodeState.UP;
        int device = cluster.device(name, local);
        if (scheduler.devices().deviceState(device) != state) {
          List<Allocation> interrupted = scheduler.setDeviceState(device, state, now / 1000);
          interrupted(interrupted, "device " + local + " of " + name + " failed", now);
        }
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void finishInScheduler(LiveJob job, long now) {
    if (scheduler != null) {
      try {
        scheduler.finish(job.manifest.workload().id(), now / 1000);
      } catch (IllegalArgumentException e) {
        // Not in the core (it could not be scheduled at all): nothing to release.
      }
    }
  }

  private List<TaskRow> liveTasksOf(long jobId) {
    return tasks.values().stream().filter(t -> t.jobId() == jobId).collect(Collectors.toList());
  }

  private List<TaskRow> liveTasksOf(long jobId, int replica) {
    return tasks.values().stream()
        .filter(t -> t.jobId() == jobId && t.replica() == replica)
        .collect(Collectors.toList());
  }

  private static Set<String> nodesOf(List<TaskRow> list) {
    return list.stream().map(TaskRow::node).collect(Collectors.toCollection(TreeSet::new));
  }

  private static TaskRow stopped(TaskRow task) {
    TaskAssignment a = task.assignment();
    TaskAssignment stopping =
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
        task.id(),
        task.jobId(),
        task.replica(),
        task.attempt(),
        task.node(),
        task.nodeRank(),
        task.devices(),
        stopping,
        true,
        true,
        task.exitCode(),
        task.startedAtMillis(),
        task.endedAtMillis());
  }

  /** A final job whose tasks have all ended leaves memory; the store keeps it. */
  private void forgetIfDone(LiveJob job) {
    if (job.row.state().isFinal() && liveTasksOf(job.id()).isEmpty()) {
      jobs.remove(job.id());
    }
  }

  /** Publishes each node's tasks, as committed, for heartbeats to return. */
  private void publish() {
    Map<String, List<TaskAssignment>> byNode = new HashMap<>();
    for (TaskRow task : tasks.values()) {
      byNode.computeIfAbsent(task.node(), n -> new ArrayList<>()).add(task.assignment());
    }
    desired = byNode;
  }

  // ---- read access for views (snapshots) -----------------------------------------------------

  /** What the views need, copied under the lock. */
  public Snapshot snapshot() {
    synchronized (lock) {
      Map<String, Integer> leaves = new HashMap<>();
      if (cluster != null) {
        for (LiveNode node : nodes.values()) {
          leaves.put(node.name(), cluster.leafOf(node.name()));
        }
      }
      Map<Long, JobState> states = new HashMap<>();
      jobs.values().forEach(j -> states.put(j.id(), j.row.state()));
      return new Snapshot(List.copyOf(tasks.values()), leaves, reasons, states, usage(), config);
    }
  }

  private Map<String, Long> usage() {
    Map<String, Long> usage = new HashMap<>();
    if (scheduler != null) {
      var tree = config.queues();
      for (int q = 0; q < tree.size(); q++) {
        for (String type : tree.acceleratorTypes()) {
          long used = scheduler.quota().used(tree.nameOf(q), type);
          if (used > 0) {
            usage.put(tree.nameOf(q) + "\u0000" + type, used);
          }
        }
      }
    }
    return usage;
  }

  public Collection<LiveNodeView> liveNodes() {
    List<LiveNodeView> views = new ArrayList<>();
    for (LiveNode node : nodes.values()) {
      views.add(new LiveNodeView(node.row, node.ready, node.lastHeartbeatMillis, node.telemetry));
    }
    views.sort((a, b) -> Long.compare(a.row().seq(), b.row().seq()));
    return views;
  }

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
      if (!tenants.add(name)) {
        throw ApiProblem.conflict("tenant '" + name + "' exists");
      }
      store.write(w -> w.insertTenant(name, nowMillis));
      layoutStale = true;
      wakeUp = true;
    }
  }

  /**
   * When the job's first waiting gang is expected to start, by the digital twin's what-if: the live
   * state forked into a fresh core and run forward (docs/simulate.md). Empty when the job is not
   * waiting, or not expected to start within the predictor's horizon. Running gangs end after their
   * {@code estimatedSeconds}; fenced devices count as free.
   */
  public OptionalLong predictedStartMillis(long jobId) {
    ClusterSnapshot snapshot;
    GangId waiting;
    synchronized (lock) {
      LiveJob job = jobs.get(jobId);
      if (scheduler == null
          || job == null
          || !(job.row.state() == JobState.Pending || job.row.state() == JobState.Interrupted)) {
        return OptionalLong.empty();
      }
      waiting =
          scheduler.pending().stream()
              .map(g -> g.id())
              .filter(g -> g.workload().value() == jobId)
              .sorted()
              .findFirst()
              .orElse(null);
      if (waiting == null) {
        return OptionalLong.empty();
      }
      long now = Math.max(lastCycleSeconds, clockMillis.getAsLong() / 1000);
      Map<Integer, NodeState> nodeStates = new TreeMap<>();
      for (int node = 0; node < cluster.nodeCount(); node++) {
        NodeState state = scheduler.devices().nodeState(node);
        if (state != NodeState.UP) {
          nodeStates.put(node, state);
        }
      }
      List<Workload> workloads = new ArrayList<>();
      for (LiveJob live : jobs.values()) {
        if (!live.row.state().isFinal() && live.manifest.workload().submitSeconds() <= now) {
          workloads.add(live.manifest.workload());
        }
      }
      List<RunningGang> running = new ArrayList<>();
      for (Allocation allocation : scheduler.running()) {
        long start = Math.min(allocation.startSeconds(), now);
        OptionalLong estimate = allocation.gang().estimatedSeconds();
        running.add(
            new RunningGang(
                allocation.id(),
                allocation.devices(),
                allocation.hostNode(),
                start,
                estimate.isPresent()
                    ? OptionalLong.of(start + estimate.getAsLong())
                    : OptionalLong.empty()));
      }
      snapshot =
          new ClusterSnapshot(
              cluster.cluster(),
              config,
              SchedulerPolicy.defaults(),
              now,
              nodeStates,
              workloads,
              running);
    }
    try {
      PredictedStart start =
          StartTimePredictor.withDefaults(System::nanoTime).predict(snapshot).of(waiting);
      return start.startSeconds().isPresent()
          ? OptionalLong.of(start.startSeconds().getAsLong() * 1000)
          : OptionalLong.empty();
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "no start-time prediction for job {0}: {1}", jobId, e.getMessage());
      return OptionalLong.empty();
    }
  }

  public long nowMillis() {
    return clockMillis.getAsLong();
  }

  /** Whether a node's agent may ship the log of a task: the task ran on that node. */
  public boolean isTaskOf(String node, String taskId) {
    return taskId.contains("-n") && store.taskNode(taskId).map(node::equals).orElse(false);
  }
}
