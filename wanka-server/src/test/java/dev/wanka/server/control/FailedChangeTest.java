package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.server.store.TaskRow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change that fails after touching the live state (a task's end frees its devices before its
 * write) must not leave the live state ahead of the store: it is read again from the store.
 */
class FailedChangeTest {
  @TempDir Path directory;

  @Test
  void aTaskEndWhoseWriteFailsLeavesTheLiveStateAsTheStoreHasIt() {
    try (LivePlane live = new LivePlane(directory)) {
      live.node("n1", 8);
      live.beat("n1");
      long job = live.submit(LivePlane.gang("g", 8));
      live.cycle();
      String task = live.beat("n1").get(0).taskId();
      live.beat("n1", LivePlane.running(task));
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
}
