package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.api.Health;
import dev.wanka.api.JobState;
import dev.wanka.api.TaskAssignment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat holding news is answered at once and its news applied later, as the HTTP API does
 * ({@link ControlPlane#report}). Here "later" is when the test runs what the control plane handed
 * to the executor.
 */
class ReportLaterTest {
  @TempDir Path directory;

  private final List<Runnable> handedOver = new ArrayList<>();
  private final Executor later = handedOver::add;
  private long job;

  @Test
  void anEndedTaskIsListedUntilItsEndIsApplied() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);

      List<TaskAssignment> reply = live.report("n1", later, LivePlane.exited(task, 0));

      assertThat(reply).extracting(TaskAssignment::taskId).containsExactly(task);
      assertThat(live.state(job)).isEqualTo(JobState.Running);
      assertThat(handedOver).hasSize(1);
      handedOver.get(0).run();
      assertThat(live.state(job)).isEqualTo(JobState.Succeeded);
      assertThat(live.report("n1", later, LivePlane.exited(task, 0))).isEmpty();
      assertThat(handedOver).hasSize(1);
      live.checkInvariants();
    }
  }

  @Test
  void aWaitingReportIsReplacedByTheNodesNewerOne() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);
      live.failDevice("n1", 1);
      live.report("n1", later, LivePlane.running(task));
      live.healDevices();
      live.report("n1", later, LivePlane.exited(task, 0));

      assertThat(handedOver).hasSize(1);
      handedOver.get(0).run();
      assertThat(live.state(job)).isEqualTo(JobState.Succeeded);
      assertThat(live.plane.liveNode("n1").orElseThrow().telemetry())
          .extracting(status -> status.health())
          .containsOnly(Health.OK);
    }
  }

  @Test
  void aReportFromBeforeItsAgentRegisteredAgainIsDropped() {
    try (LivePlane live = new LivePlane(directory)) {
      live.node("n1", 2);
      live.beat("n1");
      for (int i = 0; i < 98; i++) {
        live.report("n1", later);
      }
      live.report("n1", later, LivePlane.running("j999-a1-n0"));
      assertThat(handedOver).hasSize(1);

      live.node("n1", 2);
      handedOver.get(0).run();
      live.advanceMillis(5_000);
      live.beat("n1");

      // Applied, the old report's sequence (100) would hide the new agent's (1).
      assertThat(live.plane.liveNode("n1").orElseThrow().lastHeartbeatMillis())
          .isEqualTo(live.clock.get());
    }
  }

  @Test
  void newsRefusedByTheExecutorIsHandedOverWithTheNextReport() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);
      Executor refusing =
          command -> {
            throw new RejectedExecutionException("stopping");
          };

      assertThatThrownBy(() -> live.report("n1", refusing, LivePlane.exited(task, 0)))
          .isInstanceOf(RejectedExecutionException.class);
      live.report("n1", later, LivePlane.exited(task, 0));

      assertThat(handedOver).hasSize(1);
      handedOver.get(0).run();
      assertThat(live.state(job)).isEqualTo(JobState.Succeeded);
    }
  }

  /** A job ({@link #job}) of one 8-device task on node n1, running; returns the task's id. */
  private String runningTask(LivePlane live) {
    job = live.runningGang("n1");
    return live.liveTasks(job).get(0).id();
  }
}
