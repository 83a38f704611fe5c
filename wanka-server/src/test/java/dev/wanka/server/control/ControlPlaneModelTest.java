package dev.wanka.server.control;

import static dev.wanka.server.control.LivePlane.ADMIN;
import static dev.wanka.server.control.LivePlane.exited;
import static dev.wanka.server.control.LivePlane.gang;
import static dev.wanka.server.control.LivePlane.running;
import static dev.wanka.server.control.LivePlane.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control plane under a seeded stream of what a real cluster does: submissions of gangs,
 * services and small jobs at three priorities, heartbeats, exits (0 and not), cancels, time
 * passing, nodes falling silent and coming back, agents restarting (with another device count at
 * times), failed devices, cordon, drain and uncordon, tenants added, server restarts, cycles. The
 * agents are modelled as the real one behaves (docs/agent.md): a listed task starts once, a task
 * told to stop ends within a few seconds, one told to stop before it started is reported ended.
 *
 * <p>After every step: the store and the live state agree and no device is claimed twice ({@link
 * LivePlane#checkInvariants()}), and no device of a node is used by two of its processes. At the
 * end every job is cancelled and the cluster calmed: no task may be left, and a fresh 8-device gang
 * must run on each node (nothing stays fenced, cordoned or held).
 *
 * <p>Each seed replays the same run. 10 seeds by default (about 10 s); {@code -Dmodel.seeds=300}
 * for a longer search. Such searches found, at about one seed in a hundred each, a restart undoing
 * stops, a node given work beside an old process after a restart, devices fenced for good after an
 * agent restart, and tasks told to stop before their agent saw them.
 */
class ControlPlaneModelTest {
  private static final String[] NODES = {"a", "b", "c", "d"};
  private static final int STEPS = 300;

  /** One process on a node, as its agent runs it. */
  private static final class Process {
    final TaskAssignment task;
    boolean ended;
    int exitCode;
    boolean stopping;
    long endsAtMillis;

    Process(TaskAssignment task) {
      this.task = task;
    }
  }

  private LivePlane live;
  private Random random;
  private final Map<String, Map<String, Process>> processes = new TreeMap<>();
  private final Map<String, Boolean> reachable = new TreeMap<>();
  private final Map<String, Integer> devices = new TreeMap<>();
  private final List<Long> jobs = new ArrayList<>();
  private final List<String> history = new ArrayList<>();

  static IntStream seeds() {
    return IntStream.rangeClosed(1, Integer.getInteger("model.seeds", 10));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void noDeviceIsUsedTwiceAndNothingIsLeftBehind(int seed) {
    random = new Random(seed);
    try (LivePlane plane = new LivePlane("model-" + seed)) {
      live = plane;
      for (String node : NODES) {
        processes.put(node, new LinkedHashMap<>());
        restartAgent(node, 8);
      }
      for (int step = 0; step < STEPS; step++) {
        history.add(step + ": " + step());
        check();
      }
      calmDown();
    }
  }

  /** One random event; returns what it was, for the history. */
  private String step() {
    int dice = random.nextInt(100);
    String node = NODES[random.nextInt(NODES.length)];
    if (dice < 12) {
      return submit();
    } else if (dice < 45) {
      if (!reachable.get(node)) {
        return "no heartbeat from " + node;
      }
      beat(node);
      return "heartbeat from " + node;
    } else if (dice < 55) {
      List<Process> alive = processes.get(node).values().stream().filter(p -> !p.ended).toList();
      if (alive.isEmpty()) {
        return "nothing runs on " + node;
      }
      Process process = alive.get(random.nextInt(alive.size()));
      process.ended = true;
      process.exitCode = random.nextInt(4) == 0 ? 1 : 0;
      return process.task.taskId() + " exits " + process.exitCode;
    } else if (dice < 60 && !jobs.isEmpty()) {
      long id = jobs.get(random.nextInt(jobs.size()));
      live.plane.cancel(ADMIN, id);
      return "cancel " + id;
    } else if (dice < 75) {
      long millis = 200 + random.nextInt(3000);
      live.advanceMillis(millis);
      return millis + " ms pass";
    } else if (dice < 80) {
      reachable.put(node, !reachable.get(node));
      return node + (reachable.get(node) ? " is reachable again" : " is cut off");
    } else if (dice < 81) {
      live.failDevice(node, random.nextInt(4));
      return "a device of " + node + " fails";
    } else if (dice < 83) {
      int count = random.nextInt(3) == 0 ? 4 + random.nextInt(2) * 12 : 8;
      restartAgent(node, count);
      return "the agent of " + node + " restarts with " + count + " devices";
    } else if (dice < 87) {
      String action = List.of("cordon", "drain", "uncordon").get(random.nextInt(3));
      live.plane.setNodeFlags(node, action, ADMIN);
      return action + " " + node;
    } else if (dice < 88) {
      live.plane.addTenant("t" + history.size(), live.clock.get());
      return "a tenant is added";
    } else if (dice < 90) {
      live.restart();
      return "the server restarts";
    }
    live.cycle();
    return "cycle";
  }

  private String submit() {
    String priority = List.of("production", "normal", "best-effort").get(random.nextInt(3));
    String manifest;
    switch (random.nextInt(4)) {
      case 0:
        manifest = gang("g", 8);
        break;
      case 1:
        manifest = gang("g", 16);
        break;
      case 2:
        manifest = service("s", 2, 4);
        break;
      default:
        manifest = gang("one", 4).replace("devicesPerNode: 8", "devicesPerNode: 4");
    }
    long id = live.submit(manifest + "  priority: " + priority + "\n");
    jobs.add(id);
    return "submit " + id + " (" + priority + ")";
  }

  /** The agent kills its processes and registers again. */
  private void restartAgent(String node, int count) {
    processes.get(node).clear();
    live.node(node, count);
    devices.put(node, count);
    reachable.put(node, true);
  }

  /** A heartbeat of the node's agent, and what the agent does with the reply. */
  private void beat(String node) {
    Map<String, Process> running = processes.get(node);
    long now = live.clock.get();
    List<TaskStatus> statuses = new ArrayList<>();
    for (Process process : running.values()) {
      if (process.stopping && !process.ended && now >= process.endsAtMillis) {
        process.ended = true;
        process.exitCode = 143;
      }
      statuses.add(
          process.ended
              ? exited(process.task.taskId(), process.exitCode)
              : running(process.task.taskId()));
    }
    Set<String> listed = new HashSet<>();
    for (TaskAssignment task : live.beat(node, statuses.toArray(new TaskStatus[0]))) {
      listed.add(task.taskId());
      Process process = running.get(task.taskId());
      if (process == null) {
        process = new Process(task);
        running.put(task.taskId(), process);
        if (task.stop()) { // told to stop before it started: reported ended, never run
          process.ended = true;
          process.exitCode = 127;
        }
      } else if (task.stop()) {
        stop(process, now);
      }
    }
    for (Iterator<Process> it = running.values().iterator(); it.hasNext(); ) {
      Process process = it.next();
      if (!listed.contains(process.task.taskId())) {
        if (process.ended) {
          it.remove();
        } else {
          stop(process, now);
        }
      }
    }
  }

  private void stop(Process process, long now) {
    if (!process.stopping && !process.ended) {
      process.stopping = true;
      process.endsAtMillis = now + random.nextInt(3000);
    }
  }

  private void check() {
    try {
      live.checkInvariants();
      for (Map.Entry<String, Map<String, Process>> node : processes.entrySet()) {
        Set<Integer> used = new HashSet<>();
        for (Process process : node.getValue().values()) {
          for (int device : process.ended ? List.<Integer>of() : process.task.devices()) {
            assertThat(used.add(device))
                .as("device %s of node %s used by two processes", device, node.getKey())
                .isTrue();
          }
        }
      }
    } catch (AssertionError e) {
      int from = Math.max(0, history.size() - 30);
      throw new AssertionError(
          e.getMessage() + "\nafter:\n" + String.join("\n", history.subList(from, history.size())),
          e);
    }
  }

  /**
   * Every job cancelled, every node healthy, reachable, uncordoned and of 8 devices: nothing may be
   * left over.
   */
  private void calmDown() {
    live.healDevices();
    for (String node : NODES) {
      reachable.put(node, true);
      live.plane.setNodeFlags(node, "uncordon", ADMIN);
    }
    jobs.forEach(id -> live.plane.cancel(ADMIN, id));
    for (String node : NODES) {
      if (devices.get(node) != 8) {
        restartAgent(node, 8); // for the fresh 8-device gangs below
      }
    }
    for (int i = 0; i < 20; i++) {
      live.advanceMillis(1000);
      List.of(NODES).forEach(this::beat);
      live.cycle();
    }
    assertThat(live.plane.snapshot().tasks())
        .as("tasks left after every job was cancelled")
        .isEmpty();
    List<Long> fresh = new ArrayList<>();
    for (String node : NODES) {
      fresh.add(live.submit(gang("fresh", 8) + "  priority: production\n"));
    }
    for (int i = 0; i < 5; i++) {
      live.advanceMillis(1000);
      List.of(NODES).forEach(this::beat);
      live.cycle();
    }
    for (long id : fresh) {
      assertThat(live.state(id))
          .as("fresh 8-device job %s on an idle cluster", id)
          .isEqualTo(JobState.Running);
    }
    check();
  }
}
