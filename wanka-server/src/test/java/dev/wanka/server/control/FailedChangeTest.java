package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.api.TaskAssignment;
import dev.wanka.server.store.TaskRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change that fails after touching the live state (a task's end frees its devices before its
 * write) must not leave the live state ahead of the store: it is read again from the store.
 */
class FailedChangeTest {
  @TempDir Path directory;

  private long job;

  @Test
  void aTaskEndWhoseWriteFailsLeavesTheLiveStateAsTheStoreHasIt() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);
      live.sql("ALTER TABLE events RENAME TO events_away");

      live.beat("n1", LivePlane.exited(task, 0));

      assertThat(live.state(job)).isEqualTo(JobState.Running);
      assertThat(live.liveTasks(job)).extracting(TaskRow::id).containsExactly(task);
      live.checkInvariants();

      live.sql("ALTER TABLE events_away RENAME TO events");
      live.beat("n1", LivePlane.exited(task, 0));

      assertThat(live.state(job)).isEqualTo(JobState.Succeeded);
      assertThat(live.liveTasks(job)).isEmpty();
      live.checkInvariants();
    }
  }

  @Test
  void whileTheStoreCannotBeReadAgentsAreToldNothingNewAndThenAllIsReadAgain() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);
      live.sql("ALTER TABLE tasks RENAME TO tasks_away");

      // Told that its task is gone, the agent would forget it, and the store still has it live.
      assertThat(live.beat("n1", LivePlane.exited(task, 0)))
          .extracting(TaskAssignment::taskId)
          .containsExactly(task);
      live.cycle();
      assertThat(live.beat("n1", LivePlane.exited(task, 0)))
          .extracting(TaskAssignment::taskId)
          .containsExactly(task);

      live.sql("ALTER TABLE tasks_away RENAME TO tasks");
      live.cycle();
      live.checkInvariants();
      live.beat("n1", LivePlane.exited(task, 0));

      assertThat(live.state(job)).isEqualTo(JobState.Succeeded);
      live.checkInvariants();
    }
  }

  @Test
  void aReportWhoseBatchFailsBeforeItsWriteLeavesTheNodesNextReportToBeHandedOver() {
    try (LivePlane live = new LivePlane(directory)) {
      String task = runningTask(live);
      List<Runnable> handedOver = new ArrayList<>();
      live.closeDatabase();

      live.report("n1", handedOver::add, LivePlane.exited(task, 0));
      handedOver.get(0).run();
      live.report("n1", handedOver::add, LivePlane.exited(task, 0));

      assertThat(handedOver).hasSize(2);
    }
  }

  /** A job ({@link #job}) of one 8-device task on node n1, running; returns the task's id. */
  private String runningTask(LivePlane live) {
    job = live.runningGang("n1");
    return live.liveTasks(job).get(0).id();
  }
}
