package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobState;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.TaskRow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's views of jobs do not wait for the control plane's lock, which a change holds until its
 * commit: a job's view is read while a cancel waits in the database (for a row another connection
 * locked) with the lock held.
 */
class ViewsWithoutTheLockTest {
  @TempDir Path directory;

  @Test
  void aJobsViewIsReadWhileAChangeHoldsTheLock() throws Exception {
    try (LivePlane live = new LivePlane(directory)) {
      long job = live.runningGang("n1");
      JobRow row = live.plane.job(LivePlane.ADMIN, job);
      CompletableFuture<JobRow> cancelled = new CompletableFuture<>();
      Thread canceller;
      try (Handle other = live.connection()) {
        other.begin();
        other.execute("UPDATE jobs SET name = name WHERE id = ?", job);
        canceller =
            new Thread(
                () -> {
                  try {
                    cancelled.complete(live.plane.cancel(LivePlane.ADMIN, job));
                  } catch (RuntimeException e) {
                    cancelled.completeExceptionally(e);
                  }
                });
        canceller.start();
        awaitWaitingInTheDatabase(canceller);

        Snapshot view = live.plane.snapshotOfJobs(List.of(job));
        String name = live.plane.manifestOf(row).workload().name();

        assertThat(cancelled).as("the cancel, blocked with the lock held").isNotDone();
        assertThat(view.states()).containsEntry(job, JobState.Running);
        assertThat(view.tasksOfJob(job)).extracting(TaskRow::node).containsExactly("n1");
        assertThat(view.leaves()).containsKey("n1");
        assertThat(name).isEqualTo("g");
        other.rollback();
      }
      canceller.join();
      assertThat(cancelled.get().state()).isEqualTo(JobState.Cancelled);
      live.checkInvariants();
    }
  }

  /** Returns once {@code thread} waits inside the database driver (for the row lock). */
  private static void awaitWaitingInTheDatabase(Thread thread) throws InterruptedException {
    while (!(thread.getState() == Thread.State.TIMED_WAITING
            || thread.getState() == Thread.State.WAITING)
        || Arrays.stream(thread.getStackTrace())
            .noneMatch(frame -> frame.getClassName().startsWith("org.h2."))) {
      assertThat(thread.isAlive()).as("the cancel ended without waiting for the row").isTrue();
      Thread.sleep(1);
    }
  }
}
