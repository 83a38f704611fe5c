package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.JobState;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.Role;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.catalog.Catalog;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.store.Database;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.Store;
import dev.wanka.server.store.TaskRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A control plane driven by the test alone: no HTTP, no scheduling thread, a clock the test moves.
 * Cycles run when the test calls {@link #cycle()}; agents are played by {@link #beat}. After every
 * step the test can check the store and the live state against each other ({@link
 * #checkInvariants()}).
 */
final class LivePlane implements AutoCloseable {
  static final Principal ADMIN = new Principal(1, "admin", Role.ADMIN, "", "");
  static final String H100 = "h100-sxm";

  /** Heartbeat every second, a node is lost after 10 s, as the defaults. */
  static final ServerTuning TUNING = new ServerTuning(1000, 10_000, 200, 16, 0, 30_000);

  final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  private final Database database;
  final Store store;
  ControlPlane plane;
  private final Map<String, Long> sequences = new HashMap<>();
  private final Map<String, Integer> deviceCounts = new HashMap<>();
  private final Set<String> failedDevices = new HashSet<>();

  /** A control plane on an H2 file under {@code directory}. */
  LivePlane(Path directory) {
    this(Database.openIn(directory));
  }

  /** A control plane on an H2 database in memory, named {@code name}: faster, for long runs. */
  LivePlane(String name) {
    this(Database.open("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "", ""));
  }

  private LivePlane(Database database) {
    this.database = database;
    this.store = new Store(database);
    this.plane = newPlane();
  }

  private ControlPlane newPlane() {
    return new ControlPlane(store, Catalog.bundled(), SchedulerSetup.open(), TUNING, clock::get);
  }

  /** The server restarts on the same database: the control plane is rebuilt from it. */
  void restart() {
    plane = newPlane();
    plane.acceptingRequests();
  }

  static Principal agent(String node) {
    return new Principal(2, "agent " + node, Role.AGENT, "", node);
  }

  static Principal user(String tenant) {
    return new Principal(3, "user of " + tenant, Role.USER, tenant, "");
  }

  /** Registers (or registers again) a node of {@code devices} H100s. */
  void node(String name, int devices) {
    List<DeviceInfo> infos = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      infos.add(new DeviceInfo(i, name + "-gpu" + i, "H100", 80L << 30));
    }
    deviceCounts.put(name, devices);
    sequences.put(name, 0L);
    plane.register(agent(name), new RegisterRequest(name, name + ".local", H100, infos, "test"));
  }

  /** From now on the node's heartbeats report this device FAILED. */
  void failDevice(String node, int index) {
    failedDevices.add(node + "/" + index);
  }

  /** From now on every device of every node reports OK. */
  void healDevices() {
    failedDevices.clear();
  }

  /**
   * A heartbeat of a node reporting these tasks, its news applied before the answer; returns the
   * tasks the server wants there.
   */
  List<TaskAssignment> beat(String node, TaskStatus... tasks) {
    return plane.heartbeat(agent(node), node, nextHeartbeat(node, tasks)).tasks();
  }

  /**
   * A heartbeat of a node reporting these tasks as the HTTP API takes it: answered at once, its
   * news (if any) handed to {@code later}.
   */
  List<TaskAssignment> report(String node, Executor later, TaskStatus... tasks) {
    return plane.report(agent(node), node, nextHeartbeat(node, tasks), later).tasks();
  }

  private Heartbeat nextHeartbeat(String node, TaskStatus... tasks) {
    List<DeviceStatus> devices = new ArrayList<>();
    for (int i = 0; i < deviceCounts.get(node); i++) {
      Health health = failedDevices.contains(node + "/" + i) ? Health.FAILED : Health.OK;
      devices.add(new DeviceStatus(i, health, 40, 300, 0.5));
    }
    return new Heartbeat(sequences.merge(node, 1L, Long::sum), devices, List.of(tasks));
  }

  /** Registers {@code node} with 8 devices and runs a job of one 8-device task there. */
  long runningGang(String node) {
    node(node, 8);
    beat(node);
    long job = submit(gang("g", 8));
    cycle();
    String task = beat(node).get(0).taskId();
    beat(node, running(task));
    return job;
  }

  static TaskStatus running(String taskId) {
    return new TaskStatus(taskId, TaskPhase.RUNNING, -1, "");
  }

  static TaskStatus exited(String taskId, int code) {
    return new TaskStatus(taskId, TaskPhase.EXITED, code, "");
  }

  long submit(String manifest) {
    return plane.submit(ADMIN, manifest, "spec").id();
  }

  void cycle() {
    plane.cycle();
  }

  void advanceMillis(long millis) {
    clock.addAndGet(millis);
  }

  JobRow job(long id) {
    return plane.job(ADMIN, id);
  }

  JobState state(long id) {
    return job(id).state();
  }

  /** The live tasks of a job, as the control plane holds them. */
  List<TaskRow> liveTasks(long jobId) {
    List<TaskRow> found = new ArrayList<>();
    for (TaskRow task : plane.snapshot().tasks()) {
      if (task.jobId() == jobId) {
        found.add(task);
      }
    }
    return found;
  }

  /**
   * The store and the live state agree: the live tasks are the stored live tasks; their devices are
   * exactly the device claims, none held twice; every job's state fits its live tasks.
   */
  void checkInvariants() {
    List<TaskRow> live = plane.snapshot().tasks();
    assertThat(live)
        .extracting(TaskRow::id)
        .containsExactlyInAnyOrderElementsOf(store.liveTasks().stream().map(TaskRow::id).toList());
    Set<String> held = new HashSet<>();
    for (TaskRow task : live) {
      for (int device : task.devices()) {
        assertThat(held.add(task.node() + "/" + device))
            .as("device %s/%s held twice", task.node(), device)
            .isTrue();
      }
    }
    Set<String> claimed = new HashSet<>();
    for (String[] claim : store.claims()) {
      claimed.add(claim[0] + "/" + claim[1]);
    }
    assertThat(claimed).isEqualTo(held);
    for (JobRow row : store.jobs("", 100_000)) {
      List<TaskRow> tasks = live.stream().filter(t -> t.jobId() == row.id()).toList();
      boolean anyRunning = tasks.stream().anyMatch(t -> !t.stop());
      switch (row.state()) {
        case Running:
          // A service stays Running while its replicas restart.
          assertThat(anyRunning || row.kind().equals("InferenceService"))
              .as("job %s is Running: a task runs", row.id())
              .isTrue();
          break;
        case Pending:
          assertThat(tasks).as("job %s is Pending: no live task", row.id()).isEmpty();
          break;
        default:
          assertThat(anyRunning)
              .as("job %s is %s: every live task is told to stop", row.id(), row.state())
              .isFalse();
      }
    }
  }

  static String gang(String name, int devices) {
    return "apiVersion: wanka/v1\n"
        + "kind: TrainingJob\n"
        + "metadata:\n  name: "
        + name
        + "\n"
        + "spec:\n  devices: "
        + devices
        + "\n  devicesPerNode: 8\n  accelerators: [h100-sxm]\n"
        + "  command: [sh, -c, 'echo hi']\n"
        + "  checkpoint: {dir: /tmp/ckpt}\n";
  }

  static String service(String name, int replicas, int devices) {
    return "apiVersion: wanka/v1\n"
        + "kind: InferenceService\n"
        + "metadata:\n  name: "
        + name
        + "\n"
        + "spec:\n  replicas: "
        + replicas
        + "\n  devices: "
        + devices
        + "\n  accelerators: [h100-sxm]\n"
        + "  command: [sh, -c, 'serve']\n";
  }

  /** Closes the database under the control plane: every read and write fails from now on. */
  void closeDatabase() {
    database.close();
  }

  /** Runs a statement on the database behind the control plane's back (to break it, say). */
  void sql(String statement) {
    database.jdbi().useHandle(h -> h.execute(statement));
  }

  @Override
  public void close() {
    database.close();
  }
}
