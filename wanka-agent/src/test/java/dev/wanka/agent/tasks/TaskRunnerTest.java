package dev.wanka.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TaskRunner runner;

  @BeforeEach
  void setUp() {
    runner =
        new TaskRunner(
            dir.resolve("work"), dir, "CUDA_VISIBLE_DEVICES", new PidFiles(dir.resolve("work")));
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  @Test
  void theChildSeesTheAssignmentsVariablesAndItsDevicesAndItsExitCodeIsReported() {
    runner.start(
        task(
            "t1",
            "echo \"devices=$CUDA_VISIBLE_DEVICES rank=$NODE_RANK home=${HOME:+set}\"; exit 3",
            List.of(1, 3),
            Map.of("NODE_RANK", "2")));

    TaskStatus status = awaitEnded("t1");

    assertThat(status).isEqualTo(new TaskStatus("t1", TaskPhase.EXITED, 3, ""));
    assertThat(log("t1")).contains("devices=1,3 rank=2 home=set"); // HOME comes from the agent
  }

  @Test
  void theChildDoesNotInheritTheAgentsTokenNorItsOtherWankaVariables() {
    // An agent started as the docs say (WANKA_TOKEN in its environment) must not hand its token
    // to every tenant's task: with it, a task could report for the node or fail others' tasks.
    Map<String, String> agentEnvironment =
        Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", "/home/agent",
            "WANKA_TOKEN", "wk_the-agents-secret",
            "WANKA_SERVER", "http://127.0.0.1:8080");
    try (TaskRunner agentRunner =
        new TaskRunner(
            dir.resolve("work"),
            dir,
            "CUDA_VISIBLE_DEVICES",
            new PidFiles(dir.resolve("work")),
            agentEnvironment)) {
      agentRunner.start(
          task(
              "t1",
              "echo \"token=${WANKA_TOKEN:-none} server=${WANKA_SERVER:-none} job=$WANKA_JOB_ID"
                  + " home=$HOME\"",
              List.of(0),
              Map.of("WANKA_JOB_ID", "7")));
      await().atMost(DEADLINE).until(() -> agentRunner.hasEnded("t1"));
    }

    assertThat(log("t1")).contains("token=none server=none job=7 home=/home/agent");
  }

  @Test
  void standardErrorGoesToTheSameLog() {
    runner.start(task("t1", "echo out; echo err >&2", List.of(0), Map.of()));

    awaitEnded("t1");

    assertThat(log("t1")).contains("out").contains("err");
  }

  @Test
  void aRelativeWorkingDirectoryResolvesAgainstTheBaseDirectory() throws IOException {
    Files.createDirectories(dir.resolve("jobs/a"));
    runner.start(
        new TaskAssignment("t1", 1, 0, List.of("pwd"), Map.of(), "jobs/a", List.of(0), false, 5));

    awaitEnded("t1");

    assertThat(log("t1").trim()).isEqualTo(dir.resolve("jobs/a").toRealPath().toString());
  }

  @Test
  void aMissingWorkingDirectoryFailsTheStartWithAMessage() {
    runner.start(
        new TaskAssignment("t1", 1, 0, List.of("true"), Map.of(), "nowhere", List.of(0), false, 5));

    TaskStatus status = runner.statuses().get(0);

    assertThat(status.phase()).isEqualTo(TaskPhase.FAILED_TO_START);
    assertThat(status.message())
        .contains(dir.resolve("nowhere").toString())
        .contains("does not exist");
    assertThat(log("t1")).contains("failed to start");
  }

  @Test
  void aProgramThatDoesNotExistFailsTheStart() {
    runner.start(
        new TaskAssignment(
            "t1", 1, 0, List.of("/no/such/program"), Map.of(), "", List.of(0), false, 5));

    assertThat(runner.statuses().get(0).phase()).isEqualTo(TaskPhase.FAILED_TO_START);
    assertThat(runner.statuses().get(0).message()).contains("cannot start /no/such/program");
  }

  @Test
  void aTaskIdIsStartedOnlyOnce() {
    assertThat(runner.start(task("t1", "exit 0", List.of(0), Map.of()))).isTrue();
    awaitEnded("t1");
    runner.forget("t1");

    assertThat(runner.start(task("t1", "exit 0", List.of(0), Map.of()))).isFalse();
    assertThat(runner.known()).isEmpty();
  }

  @Test
  void aTaskThatTrapsSigtermEndsOnItsOwnWithinItsGrace() {
    runner.start(
        task(
            "t1",
            "trap 'echo got-term; exit 42' TERM; echo ready; while :; do sleep 0.1; done",
            List.of(0),
            Map.of(),
            60));
    await().atMost(DEADLINE).until(() -> log("t1").contains("ready"));
    assertThat(runner.busyDevices()).containsExactly(0);

    runner.stop("t1").join();

    assertThat(awaitEnded("t1").exitCode()).isEqualTo(42); // not 137: no SIGKILL was needed
    assertThat(log("t1")).contains("got-term");
    assertThat(runner.busyDevices()).isEmpty();
  }

  @Test
  void aTaskThatIgnoresSigtermIsKilledAfterItsGrace() {
    runner.start(
        task(
            "t1",
            "trap '' TERM; echo ready; while :; do sleep 0.1; done",
            List.of(0),
            Map.of(),
            1));
    await().atMost(DEADLINE).until(() -> log("t1").contains("ready"));

    runner.stop("t1").join();

    assertThat(awaitEnded("t1").exitCode()).isEqualTo(128 + 9);
  }

  @Test
  void stoppingEndsTheWholeProcessTree() {
    runner.start(
        task("t1", "sleep 300 & echo $! > child.pid; echo ready; wait", List.of(0), Map.of(), 30));
    await().atMost(DEADLINE).until(() -> log("t1").contains("ready"));
    long child = Long.parseLong(read(dir.resolve("child.pid")).trim());
    assertThat(ProcessHandle.of(child)).isPresent();

    runner.stop("t1").join();

    awaitEnded("t1");
    await()
        .atMost(DEADLINE)
        .until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) == false);
  }

  @Test
  void closeStopsEveryRunningTaskAndWaits() {
    runner.start(task("t1", "echo ready; sleep 300", List.of(0), Map.of(), 30));
    runner.start(task("t2", "sleep 300", List.of(1), Map.of(), 30));
    await().atMost(DEADLINE).until(() -> log("t1").contains("ready"));

    runner.close();

    assertThat(runner.statuses()).extracting(TaskStatus::phase).containsOnly(TaskPhase.EXITED);
  }

  private TaskStatus awaitEnded(String taskId) {
    await().atMost(DEADLINE).until(() -> runner.hasEnded(taskId));
    return runner.statuses().stream()
        .filter(s -> s.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private String log(String taskId) {
    return read(dir.resolve("work/logs/" + taskId + ".log"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static TaskAssignment task(
      String id, String script, List<Integer> devices, Map<String, String> env) {
    return task(id, script, devices, env, 5);
  }

  static TaskAssignment task(
      String id, String script, List<Integer> devices, Map<String, String> env, long graceSeconds) {
    return new TaskAssignment(
        id, 1, 0, List.of("/bin/sh", "-c", script), env, "", devices, false, graceSeconds);
  }
}
