package dev.wanka.server.store;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.HistoryPoint;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.Role;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TenantView;
import dev.wanka.api.WireJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;
import tools.jackson.core.type.TypeReference;

/**
 * Every read and write of the control plane's tables. Writes go through {@link #write}, one
 * transaction per call, so that a decision (an allocation, a job's state, its event) is committed
 * whole or not at all. Within {@link #inOneTransaction}, each call is a savepoint of the one
 * transaction instead: undone alone if it fails, committed with the others at the end.
 */
public final class Store {
  /** The longest tenant or job name the store keeps (their columns' width). */
  public static final int MAX_NAME_LENGTH = 63;

  /** The longest node name or node address the store keeps (a DNS name's limit). */
  public static final int MAX_HOST_LENGTH = 253;

  private static final TypeReference<List<DeviceInfo>> DEVICE_LIST = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final ThreadLocal<Handle> shared = new ThreadLocal<>();
  private final ThreadLocal<int[]> savepoints = ThreadLocal.withInitial(() -> new int[1]);

  /**
   * The last event id handed out. Events are numbered here, not by a sequence: the server is its
   * database's only writer, and a sequence cost a query per event plus, on H2, a commit of its own
   * every 32 values. An id a rolled-back write took is skipped.
   */
  private final AtomicLong lastEventId;

  public Store(Database database) {
    this.jdbi = database.jdbi();
    this.lastEventId =
        new AtomicLong(
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events")
                        .mapTo(Long.class)
                        .one()));
  }

  /** Runs {@code work} in one transaction: all its writes are committed together, or none. */
  public void write(Consumer<Writes> work) {
    Handle handle = shared.get();
    if (handle == null) {
      jdbi.useTransaction(h -> work.accept(new Writes(h, lastEventId)));
      return;
    }
    int[] depth = savepoints.get();
    String savepoint = "write" + ++depth[0];
    try {
      handle.savepoint(savepoint);
      try {
        work.accept(new Writes(handle, lastEventId));
      } catch (RuntimeException e) {
        handle.rollbackToSavepoint(savepoint);
        throw e;
      }
      handle.releaseSavepoint(savepoint);
    } finally {
      depth[0]--;
    }
  }

  /**
   * Runs {@code work}, whose {@link #write}s on this thread are committed in one transaction at its
   * end: one commit for many small decisions, where a commit costs far more than its statements (H2
   * writes the changed pages of every table touched). A write that fails is undone alone and its
   * exception reaches its caller within {@code work}; a commit that fails throws here.
   */
  public void inOneTransaction(Runnable work) {
    if (shared.get() != null) {
      work.run();
      return;
    }
    jdbi.useTransaction(
        handle -> {
          shared.set(handle);
          try {
            work.run();
          } finally {
            shared.remove();
          }
        });
  }

  public long nextJobId() {
    return next("job_ids");
  }

  public long nextTokenId() {
    return next("token_ids");
  }

  private long next(String sequence) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT nextval('" + sequence + "')").mapTo(Long.class).one());
  }

  // ---- reads -----------------------------------------------------------------------------------

  public List<TenantView> tenants() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, created_at FROM tenants ORDER BY name")
                .map((rs, ctx) -> new TenantView(rs.getString(1), rs.getLong(2)))
                .list());
  }

  public List<TokenRow> tokens() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM tokens ORDER BY id").map((rs, ctx) -> token(rs)).list());
  }

  public List<NodeRow> nodes() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM nodes ORDER BY seq").map((rs, ctx) -> node(rs)).list());
  }

  public Optional<JobRow> job(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> job(rs))
                .findOne());
  }

  /** Jobs in id order, newest last; {@code tenant} empty for all tenants. */
  public List<JobRow> jobs(String tenant, int limit) {
    String where = tenant.isEmpty() ? "" : " WHERE tenant = :tenant";
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM (SELECT * FROM jobs"
                        + where
                        + " ORDER BY id DESC LIMIT :limit) recent ORDER BY id")
                .bind("tenant", tenant)
                .bind("limit", limit)
                .map((rs, ctx) -> job(rs))
                .list());
  }

  /** The cluster's samples from {@code fromMillis} on, oldest first. */
  public List<HistoryPoint> historySince(long fromMillis) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM cluster_history WHERE at_millis >= :from ORDER BY at_millis")
                .bind("from", fromMillis)
                .map(
                    (rs, ctx) ->
                        new HistoryPoint(
                            rs.getLong("at_millis"),
                            rs.getInt("devices"),
                            rs.getInt("devices_busy"),
                            rs.getInt("devices_failed"),
                            rs.getInt("nodes"),
                            rs.getInt("nodes_not_ready"),
                            rs.getInt("jobs_pending"),
                            rs.getInt("jobs_running"),
                            rs.getInt("jobs_interrupted"),
                            rs.getLong("jobs_failed_total"),
                            rs.getDouble("utilization"),
                            rs.getDouble("power_watts")))
                .list());
  }

  /** Jobs not yet final: what the scheduler holds. */
  public List<JobRow> unfinishedJobs() {
    return jobsInStates(
        Arrays.stream(JobState.values()).filter(s -> !s.isFinal()).collect(Collectors.toList()));
  }

  /** Jobs in any of {@code states}, in id order. */
  public List<JobRow> jobsInStates(List<JobState> states) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM jobs WHERE state IN (<states>) ORDER BY id")
                .bindList("states", states.stream().map(Enum::name).collect(Collectors.toList()))
                .map((rs, ctx) -> job(rs))
                .list());
  }

  /** How many jobs are in each state. */
  public Map<JobState, Integer> jobCounts() {
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getInt(2)})
                .forEach(row -> counts.put(JobState.valueOf((String) row[0]), (Integer) row[1])));
    return counts;
  }

  public List<TaskRow> liveTasks() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM tasks WHERE live ORDER BY job_id, replica, node_rank")
                .map((rs, ctx) -> task(rs))
                .list());
  }

  public List<TaskRow> tasksOf(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM tasks WHERE job_id = :job ORDER BY attempt, replica, node_rank")
                .bind("job", jobId)
                .map((rs, ctx) -> task(rs))
                .list());
  }

  /** The node a task ran on. */
  public Optional<String> taskNode(String taskId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT node FROM tasks WHERE id = :id")
                .bind("id", taskId)
                .mapTo(String.class)
                .findOne());
  }

  /** Every device claim, as {@code node/device -> task}: for consistency checks. */
  public List<String[]> claims() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT node, device, task_id FROM device_claims ORDER BY node, device")
                .map(
                    (rs, ctx) ->
                        new String[] {
                          rs.getString(1), Integer.toString(rs.getInt(2)), rs.getString(3)
                        })
                .list());
  }

  public List<JobEvent> events(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM events WHERE job_id = :job ORDER BY id")
                .bind("job", jobId)
                .map(
                    (rs, ctx) ->
                        new JobEvent(
                            rs.getLong("id"),
                            rs.getLong("job_id"),
                            rs.getLong("at"),
                            rs.getString("type"),
                            rs.getString("message")))
                .list());
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** The writes of one transaction. */
  public static final class Writes {
    private final Handle handle;
    private final AtomicLong lastEventId;

    private Writes(Handle handle, AtomicLong lastEventId) {
      this.handle = handle;
      this.lastEventId = lastEventId;
    }

    public void insertHistory(HistoryPoint point) {
      handle
          .createUpdate(
              "INSERT INTO cluster_history (at_millis, devices, devices_busy, devices_failed, nodes,"
                  + " nodes_not_ready, jobs_pending, jobs_running, jobs_interrupted,"
                  + " jobs_failed_total, utilization, power_watts) VALUES (:at, :devices, :busy,"
                  + " :failed, :nodes, :notReady, :pending, :running, :interrupted, :failedJobs,"
                  + " :utilization, :power)")
          .bind("at", point.atMillis())
          .bind("devices", point.devices())
          .bind("busy", point.devicesBusy())
          .bind("failed", point.devicesFailed())
          .bind("nodes", point.nodes())
          .bind("notReady", point.nodesNotReady())
          .bind("pending", point.jobsPending())
          .bind("running", point.jobsRunning())
          .bind("interrupted", point.jobsInterrupted())
          .bind("failedJobs", point.jobsFailedTotal())
          .bind("utilization", point.utilization())
          .bind("power", point.powerWatts())
          .execute();
    }

    /** Drops the samples taken before {@code atMillis}. */
    public void deleteHistoryBefore(long atMillis) {
      handle
          .createUpdate("DELETE FROM cluster_history WHERE at_millis < :at")
          .bind("at", atMillis)
          .execute();
    }

    public void insertTenant(String name, long atMillis) {
      handle
          .createUpdate("INSERT INTO tenants (name, created_at) VALUES (:name, :at)")
          .bind("name", name)
          .bind("at", atMillis)
          .execute();
    }

    public void insertToken(TokenRow token) {
      handle
          .createUpdate(
              "INSERT INTO tokens (id, name, role, tenant, node, hash, created_at, revoked)"
                  + " VALUES (:id, :name, :role, :tenant, :node, :hash, :createdAtMillis,"
                  + " :revoked)")
          .bindMethods(token)
          .execute();
    }

    public void revokeToken(long id) {
      handle
          .createUpdate("UPDATE tokens SET revoked = TRUE WHERE id = :id")
          .bind("id", id)
          .execute();
    }

    /** Inserts a node, or updates the address, type, devices and flags of one seen before. */
    public void saveNode(NodeRow node) {
      String update =
          "UPDATE nodes SET address = :address, accelerator = :accelerator, devices = :devices,"
              + " cordoned = :cordoned, draining = :draining WHERE name = :name";
      String insert =
          "INSERT INTO nodes (name, seq, address, accelerator, devices, cordoned, draining,"
              + " registered_at) VALUES (:name, :seq, :address, :accelerator, :devices,"
              + " :cordoned, :draining, :at)";
      if (bindNode(handle.createUpdate(update), node).execute() == 0) {
        bindNode(handle.createUpdate(insert), node).execute();
      }
    }

    private static Update bindNode(Update statement, NodeRow node) {
      return statement
          .bind("name", node.name())
          .bind("seq", node.seq())
          .bind("address", node.address())
          .bind("accelerator", node.accelerator())
          .bind("devices", WireJson.write(node.devices()))
          .bind("cordoned", node.cordoned())
          .bind("draining", node.draining())
          .bind("at", node.registeredAtMillis());
    }

    public void insertJob(JobRow job) {
      bindChanging(
              handle.createUpdate(
                  "INSERT INTO jobs (id, name, kind, tenant, queue, state, manifest, submitted_at,"
                      + " started_at, finished_at, attempt, exit_code, reason) VALUES (:id, :name,"
                      + " :kind, :tenant, :queue, :state, :manifest, :submittedAtMillis,"
                      + " :startedAtMillis, :finishedAtMillis, :attempt, :exitCode, :reason)"),
              job)
          .bind("name", job.name())
          .bind("kind", job.kind())
          .bind("tenant", job.tenant())
          .bind("queue", job.queue())
          .bind("manifest", job.manifest())
          .bind("submittedAtMillis", job.submittedAtMillis())
          .execute();
    }

    /** Saves a job's state, times, attempt, exit code and reason. */
    public void updateJob(JobRow job) {
      bindChanging(
              handle.createUpdate(
                  "UPDATE jobs SET state = :state, started_at = :startedAtMillis, finished_at ="
                      + " :finishedAtMillis, attempt = :attempt, exit_code = :exitCode, reason ="
                      + " :reason WHERE id = :id"),
              job)
          .execute();
    }

    /** Binds what changes over a job's life, and its id (explicitly: bindMethods reflects). */
    private static Update bindChanging(Update statement, JobRow job) {
      return statement
          .bind("id", job.id())
          .bind("state", job.state().name())
          .bind("startedAtMillis", job.startedAtMillis())
          .bind("finishedAtMillis", job.finishedAtMillis())
          .bind("attempt", job.attempt())
          .bind("exitCode", job.exitCode())
          .bind("reason", job.reason());
    }

    /**
     * Records a task and claims its devices. A device already claimed makes the whole transaction
     * fail: the database itself refuses to book a device twice.
     */
    public void insertTask(TaskRow task) {
      handle
          .createUpdate(
              "INSERT INTO tasks (id, job_id, replica, attempt, node, node_rank, devices,"
                  + " assignment, stop, live, exit_code, started_at, ended_at) VALUES (:id, :job,"
                  + " :replica, :attempt, :node, :rank, :devices, :assignment, :stop, :live,"
                  + " :exit, :started, :ended)")
          .bind("id", task.id())
          .bind("job", task.jobId())
          .bind("replica", task.replica())
          .bind("attempt", task.attempt())
          .bind("node", task.node())
          .bind("rank", task.nodeRank())
          .bind("devices", joinDevices(task.devices()))
          .bind("assignment", WireJson.write(task.assignment()))
          .bind("stop", task.stop())
          .bind("live", task.live())
          .bind("exit", task.exitCode())
          .bind("started", task.startedAtMillis())
          .bind("ended", task.endedAtMillis())
          .execute();
      var claims =
          handle.prepareBatch(
              "INSERT INTO device_claims (node, device, task_id) VALUES (:node, :device, :task)");
      for (int device : task.devices()) {
        claims.bind("node", task.node()).bind("device", device).bind("task", task.id()).add();
      }
      claims.execute();
    }

    public void stopTask(String taskId) {
      handle
          .createUpdate("UPDATE tasks SET stop = TRUE WHERE id = :id")
          .bind("id", taskId)
          .execute();
    }

    /** A task ended (its exit reported, or its node lost): it gives back its devices. */
    public void endTask(TaskRow task, int exitCode, long atMillis) {
      handle
          .createUpdate(
              "UPDATE tasks SET live = FALSE, exit_code = :exit, ended_at = :at WHERE id = :id")
          .bind("id", task.id())
          .bind("exit", exitCode)
          .bind("at", atMillis)
          .execute();
      // By the key's first column: device_claims has no index on task_id.
      handle
          .createUpdate("DELETE FROM device_claims WHERE node = :node AND task_id = :id")
          .bind("node", task.node())
          .bind("id", task.id())
          .execute();
    }

    public void insertEvent(long jobId, long atMillis, String type, String message) {
      handle
          .createUpdate(
              "INSERT INTO events (id, job_id, at, type, message) VALUES (:id, :job, :at, :type,"
                  + " :message)")
          .bind("id", lastEventId.incrementAndGet())
          .bind("job", jobId)
          .bind("at", atMillis)
          .bind("type", type)
          .bind("message", message)
          .execute();
    }
  }

  // ---- row mapping -----------------------------------------------------------------------------

  private static TokenRow token(ResultSet rs) throws SQLException {
    return new TokenRow(
        rs.getLong("id"),
        rs.getString("name"),
        Role.valueOf(rs.getString("role")),
        rs.getString("tenant"),
        rs.getString("node"),
        rs.getString("hash"),
        rs.getLong("created_at"),
        rs.getBoolean("revoked"));
  }

  private static NodeRow node(ResultSet rs) throws SQLException {
    return new NodeRow(
        rs.getString("name"),
        rs.getLong("seq"),
        rs.getString("address"),
        rs.getString("accelerator"),
        WireJson.MAPPER.readValue(rs.getString("devices"), DEVICE_LIST),
        rs.getBoolean("cordoned"),
        rs.getBoolean("draining"),
        rs.getLong("registered_at"));
  }

  private static JobRow job(ResultSet rs) throws SQLException {
    return new JobRow(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("kind"),
        rs.getString("tenant"),
        rs.getString("queue"),
        JobState.valueOf(rs.getString("state")),
        rs.getString("manifest"),
        rs.getLong("submitted_at"),
        rs.getLong("started_at"),
        rs.getLong("finished_at"),
        rs.getInt("attempt"),
        rs.getInt("exit_code"),
        rs.getString("reason"));
  }

  private static TaskRow task(ResultSet rs) throws SQLException {
    TaskRow task =
        new TaskRow(
            rs.getString("id"),
            rs.getLong("job_id"),
            rs.getInt("replica"),
            rs.getInt("attempt"),
            rs.getString("node"),
            rs.getInt("node_rank"),
            splitDevices(rs.getString("devices")),
            WireJson.read(rs.getString("assignment"), TaskAssignment.class),
            rs.getBoolean("stop"),
            rs.getBoolean("live"),
            rs.getInt("exit_code"),
            rs.getLong("started_at"),
            rs.getLong("ended_at"));
    // The assignment is stored as first sent; the stop column says whether it must end since.
    return task.stop() ? task.stopping() : task;
  }

  private static String joinDevices(List<Integer> devices) {
    return devices.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static List<Integer> splitDevices(String text) {
    List<Integer> devices = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String part : text.split(",")) {
        devices.add(Integer.parseInt(part));
      }
    }
    return devices;
  }
}
