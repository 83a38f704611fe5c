package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.ApiException;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.WankaClient;
import dev.wanka.server.TestServer;
import dev.wanka.server.TestServer.FakeAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiFlowTest {
  @TempDir Path data;
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
  }

  @AfterEach
  void stop() {
    server.close();
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

  @Test
  void aGangIsPlacedOnTwoNodesWithRendezvousVariablesAndSucceedsWhenBothTasksExitZero() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    FakeAgent b = server.agent("node-b", 8, "h100-sxm");
    JobView job = server.admin().submit(gang("g16", 16), "application/yaml");
    assertThat(job.state()).isEqualTo(JobState.Pending);

    List<TaskAssignment> tasks = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              tasks.clear();
              tasks.addAll(a.beat(List.of()).tasks());
              tasks.addAll(b.beat(List.of()).tasks());
              return tasks.size() == 2;
            });
    assertThat(tasks).extracting(t -> t.env().get("WORLD_SIZE")).containsOnly("16");
    assertThat(tasks).extracting(t -> t.env().get("NNODES")).containsOnly("2");
    assertThat(tasks).extracting(t -> t.env().get("NODE_RANK")).containsExactlyInAnyOrder("0", "1");
    assertThat(tasks).extracting(t -> t.env().get("MASTER_PORT")).containsOnly("29500");
    assertThat(tasks)
        .extracting(t -> t.env().get("WANKA_CHECKPOINT_DIR"))
        .containsOnly("/tmp/ckpt");
    assertThat(tasks).allSatisfy(t -> assertThat(t.devices()).hasSize(8));
    JobView running = server.admin().job(job.id());
    assertThat(running.state()).isEqualTo(JobState.Running);
    assertThat(running.placement()).hasSize(2);

    reportUntilForgotten(a, new TaskStatus(taskOn(tasks, 0).taskId(), TaskPhase.EXITED, 0, ""));
    assertThat(server.admin().job(job.id()).state()).isEqualTo(JobState.Running);
    reportUntilForgotten(b, new TaskStatus(taskOn(tasks, 1).taskId(), TaskPhase.EXITED, 0, ""));
    assertThat(server.admin().job(job.id()).state()).isEqualTo(JobState.Succeeded);
    assertThat(server.admin().events(job.id()))
        .extracting(e -> e.type())
        .contains("Submitted", "Started", "Succeeded");
  }

  /**
   * Reports a task's end as an agent does: until a reply no longer lists the task. The reply to the
   * first report may come before the end is applied; the server lists the task until it is
   * committed.
   */
  private static void reportUntilForgotten(FakeAgent agent, TaskStatus end) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                agent.beat(List.of(end)).tasks().stream()
                    .noneMatch(t -> t.taskId().equals(end.taskId())));
  }

  private static TaskAssignment taskOn(List<TaskAssignment> tasks, int rank) {
    return tasks.stream()
        .filter(t -> t.env().get("NODE_RANK").equals(Integer.toString(rank)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aNodeThatStopsHeartbeatingInterruptsItsGangWhichRunsAgainElsewhere() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    FakeAgent b = server.agent("node-b", 8, "h100-sxm");
    JobView job = server.admin().submit(gang("g8", 8), "application/yaml");
    List<TaskAssignment> first = new ArrayList<>();
    FakeAgent[] holder = new FakeAgent[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<TaskAssignment> onA = a.beat(List.of()).tasks();
              List<TaskAssignment> onB = b.beat(List.of()).tasks();
              first.clear();
              first.addAll(onA);
              first.addAll(onB);
              holder[0] = onA.isEmpty() ? a : b;
              return first.size() == 1;
            });
    FakeAgent survivor = holder[0];
    // The node running the job goes silent; the survivor keeps reporting until the job moves.
    await().atMost(Duration.ofSeconds(15)).until(() -> !survivor.beat(List.of()).tasks().isEmpty());
    JobView moved = server.admin().job(job.id());
    assertThat(moved.state()).isEqualTo(JobState.Running);
    assertThat(moved.attempt()).isEqualTo(2);
    assertThat(server.admin().events(job.id()))
        .extracting(e -> e.type())
        .contains("TaskLost", "Interrupted", "Requeued");
  }

  @Test
  void whenMostNodesFallSilentAtOnceTheirWorkIsLeftRunningUntilFewerAreSilent() throws Exception {
    List<FakeAgent> agents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      agents.add(server.agent("node-" + i, 8, "h100-sxm"));
    }
    JobView job = server.admin().submit(gang("g8", 8), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              agents.forEach(a -> a.beat(List.of()));
              return server.admin().job(job.id()).state() == JobState.Running;
            });
    // All ten fall silent for longer than the timeout (2 s): the server holds off.
    Thread.sleep(3_000);
    assertThat(server.admin().job(job.id()).state()).isEqualTo(JobState.Running);
    assertThat(server.admin().nodes()).allSatisfy(n -> assertThat(n.state()).isEqualTo("Ready"));
    // Nine come back; the one still silent is lost at last.
    String running = server.admin().job(job.id()).placement().get(0).node();
    List<FakeAgent> others = new ArrayList<>(agents);
    others.removeIf(a -> a.node().equals(running));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              others.forEach(a -> a.beat(List.of()));
              return server.admin().job(job.id()).attempt() == 2;
            });
    assertThat(server.admin().events(job.id())).extracting(e -> e.type()).contains("TaskLost");
  }

  @Test
  void aFailingTaskFailsItsGangAndTheOtherTaskIsToldToStop() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    FakeAgent b = server.agent("node-b", 8, "h100-sxm");
    JobView job = server.admin().submit(gang("g16", 16), "application/yaml");
    List<TaskAssignment> tasks = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              tasks.clear();
              tasks.addAll(a.beat(List.of()).tasks());
              tasks.addAll(b.beat(List.of()).tasks());
              return tasks.size() == 2;
            });
    TaskAssignment onA = a.beat(List.of()).tasks().get(0);
    reportUntilForgotten(a, new TaskStatus(onA.taskId(), TaskPhase.EXITED, 3, ""));
    JobView failed = server.admin().job(job.id());
    assertThat(failed.state()).isEqualTo(JobState.Failed);
    assertThat(failed.exitCode()).isEqualTo(3);
    List<TaskAssignment> onB = b.beat(List.of()).tasks();
    assertThat(onB).singleElement().satisfies(t -> assertThat(t.stop()).isTrue());
    // Until b's task is gone its devices stay fenced: a new 8-device job goes to node a.
    JobView next = server.admin().submit(gang("next", 8), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.admin().job(next.id()).state() == JobState.Running);
    assertThat(server.admin().job(next.id()).placement())
        .singleElement()
        .satisfies(p -> assertThat(p.node()).isEqualTo("node-a"));
  }

  @Test
  void aRestartedServerRestoresTheRunningGangFromTheDatabase() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    FakeAgent b = server.agent("node-b", 8, "h100-sxm");
    JobView job = server.admin().submit(gang("g16", 16), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              a.beat(List.of());
              b.beat(List.of());
              return server.admin().job(job.id()).state() == JobState.Running;
            });
    // Submitted once the gang runs: a node that joined is scheduled on only after the core's
    // next rebuild, and this job must not take node-a before node-b is there.
    JobView waiting = server.admin().submit(gang("waits", 8), "application/yaml");
    List<TaskAssignment> before = a.beat(List.of()).tasks();
    server.close();
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning(), a, b);
    assertThat(server.admin().job(job.id()).state()).isEqualTo(JobState.Running);
    assertThat(server.admin().job(waiting.id()).state()).isEqualTo(JobState.Pending);
    assertThat(a.beat(List.of()).tasks()).isEqualTo(before);
    assertThat(server.admin().job(job.id()).state()).isEqualTo(JobState.Running);
    assertThat(server.admin().events(job.id()))
        .extracting(e -> e.type())
        .doesNotContain("Interrupted");
  }

  @Test
  void aWaitingJobIsToldWhyAndWhenTheTwinExpectsItToStart() {
    FakeAgent a = server.agent("node-a", 8, "h100-sxm");
    String estimated =
        gang("first", 8).replace("  devices: 8\n", "  devices: 8\n  estimatedSeconds: 600\n");
    JobView first = server.admin().submit(estimated, "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              a.beat(List.of());
              return server.admin().job(first.id()).state() == JobState.Running;
            });
    JobView second = server.admin().submit(gang("second", 8), "application/yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !server.admin().why(second.id()).code().isEmpty());
    var why = server.admin().why(second.id());
    assertThat(why.state()).isEqualTo(JobState.Pending);
    assertThat(why.message()).isNotBlank();
    long expected = server.admin().job(first.id()).startedAtMillis() + 600_000;
    assertThat(why.predictedStartMillis()).isBetween(expected - 2_000, expected + 2_000);
    assertThat(server.admin().why(first.id()).predictedStartMillis()).isZero();
  }

  @Test
  void aTenantSeesAndTouchesOnlyItsOwnJobs() {
    server.agent("node-a", 8, "h100-sxm");
    WankaClient teamA = server.user("team-a");
    WankaClient teamB = server.user("team-b");
    JobView mine = teamA.submit(gang("mine", 8), "application/yaml");
    assertThat(mine.tenant()).isEqualTo("team-a");
    assertThat(teamB.jobs()).isEmpty();
    assertThat(teamA.jobs()).extracting(JobView::id).containsExactly(mine.id());
    assertThatThrownBy(() -> teamB.job(mine.id()))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(() -> teamB.cancel(mine.id()))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(
            () ->
                teamB.submit(
                    gang("theirs", 8).replace("metadata:\n", "metadata:\n  tenant: team-a\n"),
                    "application/yaml"))
        .isInstanceOf(ApiException.class)
        .satisfies(
            e ->
                assertThat(((ApiException) e).problem().errors())
                    .extracting(f -> f.field())
                    .containsExactly("metadata.tenant"));
    assertThat(server.admin().jobs()).hasSize(1);
  }
}
