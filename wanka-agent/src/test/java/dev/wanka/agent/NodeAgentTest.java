package dev.wanka.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.agent.tasks.PidFiles;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeControlPlane plane;
  private NodeAgent agent;

  @BeforeEach
  void setUp() throws IOException {
    plane = new FakeControlPlane();
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    plane.close();
  }

  @Test
  void registersRunsItsTaskReportsTheExitUntilUnlistedAndShipsTheLog() {
    agent = start();
    await().atMost(DEADLINE).until(() -> !plane.registrations.isEmpty());
    RegisterRequest registration = plane.registrations.get(0);
    assertThat(registration.node()).isEqualTo("node-1");
    assertThat(registration.address()).isEqualTo("127.0.0.1");
    assertThat(registration.accelerator()).isEqualTo("h100-sxm");
    assertThat(registration.devices()).hasSize(2);

    plane.desired =
        List.of(
            task(
                "j1-a0-n0",
                "echo \"devices=$CUDA_VISIBLE_DEVICES rank=$NODE_RANK\"; exit 7",
                List.of(1),
                Map.of("NODE_RANK", "0")));

    awaitReported(new TaskStatus("j1-a0-n0", TaskPhase.EXITED, 7, ""));
    await().atMost(DEADLINE).until(() -> plane.log("j1-a0-n0").contains("devices=1 rank=0"));

    int heartbeatsSoFar = plane.heartbeats.size();
    plane.desired = List.of();
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                plane.heartbeats.size() > heartbeatsSoFar + 1
                    && plane.heartbeats.get(plane.heartbeats.size() - 1).tasks().isEmpty());

    List<Long> sequences = plane.heartbeats.stream().map(Heartbeat::sequence).toList();
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
    assertThat(plane.heartbeats.get(0).devices()).hasSize(2);
  }

  @Test
  void registersAgainWhenTheServerNoLongerKnowsTheNode() {
    agent = start();
    await().atMost(DEADLINE).until(() -> plane.registrations.size() == 1);

    plane.knowsNode = false;

    await().atMost(DEADLINE).until(() -> plane.registrations.size() == 2);
  }

  @Test
  void stopsATaskMarkedStopAndARunningTaskNoLongerListed() {
    agent = start();
    TaskAssignment first = task("j1-a0-n0", "echo ready; sleep 300", List.of(0), Map.of());
    TaskAssignment second = task("j2-a0-n0", "sleep 300", List.of(1), Map.of());
    plane.desired = List.of(first, second);
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                plane
                    .latest("j2-a0-n0")
                    .map(TaskStatus::phase)
                    .equals(Optional.of(TaskPhase.RUNNING)));
    await().atMost(DEADLINE).until(() -> plane.log("j1-a0-n0").contains("ready"));

    plane.desired =
        List.of(
            new TaskAssignment(
                first.taskId(), 1, 0, first.command(), Map.of(), "", first.devices(), true, 5));

    awaitReported(new TaskStatus("j1-a0-n0", TaskPhase.EXITED, 128 + 15, ""));
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                plane.heartbeats.get(plane.heartbeats.size() - 1).tasks().stream()
                    .noneMatch(s -> s.taskId().equals("j2-a0-n0")));
  }

  @Test
  void tasksKeepRunningWhileTheServerIsAwayAndHeartbeatsResume() throws IOException {
    agent = start();
    plane.desired =
        List.of(task("j1-a0-n0", "echo $$ > task.pid; sleep 300", List.of(0), Map.of()));
    await().atMost(DEADLINE).until(() -> plane.latest("j1-a0-n0").isPresent());
    await().atMost(DEADLINE).until(() -> Files.exists(dir.resolve("task.pid")));

    plane.dropping = true;
    await().atMost(DEADLINE).until(() -> plane.dropped.get() >= 3);
    plane.dropping = false;
    int heartbeatsSoFar = plane.heartbeats.size();

    await().atMost(DEADLINE).until(() -> plane.heartbeats.size() > heartbeatsSoFar);
    assertThat(plane.latest("j1-a0-n0").orElseThrow().phase()).isEqualTo(TaskPhase.RUNNING);
    long pid = Long.parseLong(Files.readString(dir.resolve("task.pid")).trim());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
  }

  @Test
  void closeStopsTheRunningTasks() throws IOException {
    agent = start();
    plane.desired =
        List.of(task("j1-a0-n0", "echo $$ > task.pid; sleep 300", List.of(0), Map.of()));
    await().atMost(DEADLINE).until(() -> Files.exists(dir.resolve("task.pid")));
    await().atMost(DEADLINE).until(() -> !Files.readString(dir.resolve("task.pid")).isBlank());
    long pid = Long.parseLong(Files.readString(dir.resolve("task.pid")).trim());

    agent.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dir.resolve("work/pids/j1-a0-n0.pid")).doesNotExist();
  }

  @Test
  void processesLeftByAPreviousAgentAreStoppedAtStart() throws IOException {
    Process leftover = new ProcessBuilder("sleep", "300").start();
    try {
      new PidFiles(dir.resolve("work"))
          .write("j9-a0-n0", leftover.toHandle(), Duration.ofSeconds(5));

      agent = start();

      await().atMost(DEADLINE).until(() -> !leftover.isAlive());
    } finally {
      leftover.destroyForcibly();
    }
  }

  @Test
  void aTaskToldToStopBeforeItStartedIsReportedEndedAndNeverRuns() {
    // A gang's task on this node is told to stop before this agent has seen it (its peer on
    // another node failed at once): unless the agent reports it, the server waits for its exit
    // forever and keeps its devices fenced.
    agent = start();
    await().atMost(DEADLINE).until(() -> !plane.registrations.isEmpty());
    TaskAssignment never = task("j1-a0-n0", "touch ran", List.of(0), Map.of());
    plane.desired =
        List.of(
            new TaskAssignment(
                never.taskId(),
                1,
                0,
                never.command(),
                Map.of(),
                dir.toString(),
                List.of(0),
                true,
                5));

    await().atMost(DEADLINE).until(() -> plane.latest("j1-a0-n0").isPresent());

    assertThat(plane.latest("j1-a0-n0").orElseThrow().phase()).isNotEqualTo(TaskPhase.RUNNING);
    plane.desired = List.of();
    int heartbeatsSoFar = plane.heartbeats.size();
    await().atMost(DEADLINE).until(() -> plane.heartbeats.size() > heartbeatsSoFar + 1);
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  @Test
  void aTasksWholeLogIsOnTheServerBeforeItsEndIsReported() {
    // 'wanka logs -f' stops once the job has ended: its last lines (often the error that ended
    // it) must be on the server by the time the end is reported.
    agent = start();
    await().atMost(DEADLINE).until(() -> !plane.registrations.isEmpty());
    List<TaskAssignment> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(
          task(
              "j" + (i + 1) + "-a0-n0",
              "i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); done; echo the-last-line",
              List.of(i % 2),
              Map.of()));
    }
    plane.desired = tasks;

    await()
        .atMost(DEADLINE)
        .until(() -> tasks.stream().allMatch(t -> plane.logAtEnd.containsKey(t.taskId())));

    for (TaskAssignment task : tasks) {
      assertThat(plane.logAtEnd.get(task.taskId())).as(task.taskId()).endsWith("the-last-line\n");
    }
  }

  @Test
  void aRestartedAgentsHeartbeatsOutrankEveryHeartbeatOfTheAgentBeforeIt() {
    // The server ignores a heartbeat not newer than the newest it has seen for the node: a
    // heartbeat of the previous agent that reaches it late must not make it ignore the new one's.
    agent = start();
    await().atMost(DEADLINE).until(() -> plane.heartbeats.size() >= 5);
    agent.close();
    long lastOfThePrevious =
        plane.heartbeats.stream().mapToLong(Heartbeat::sequence).max().orElseThrow();
    int before = plane.heartbeats.size();

    agent = start();
    await().atMost(DEADLINE).until(() -> plane.heartbeats.size() > before);

    assertThat(plane.heartbeats.get(before).sequence()).isGreaterThan(lastOfThePrevious);
  }

  private void awaitReported(TaskStatus status) {
    await().atMost(DEADLINE).until(() -> plane.latest(status.taskId()).equals(Optional.of(status)));
  }

  private NodeAgent start() {
    AgentOptions options =
        AgentOptions.builder(plane.uri(), FakeControlPlane.TOKEN)
            .node("node-1")
            .address("127.0.0.1")
            .devices(DeviceSpec.parse("sim:2xH100", Catalog.bundled()))
            .workDir(dir.resolve("work"))
            .heartbeatInterval(Duration.ofMillis(50))
            .build();
    NodeAgent started = new NodeAgent(options);
    started.start();
    return started;
  }

  private TaskAssignment task(
      String taskId, String script, List<Integer> devices, Map<String, String> env) {
    return new TaskAssignment(
        taskId, 1, 0, List.of("/bin/sh", "-c", script), env, dir.toString(), devices, false, 5);
  }
}
