package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.TaskRow;
import dev.wanka.workload.Manifest;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's views of jobs do not wait for the control plane's lock, which a change holds until its
 * commit: with the lock held, a job's view is read on another thread, which must end rather than
 * block on the lock.
 */
class ViewsWithoutTheLockTest {
  @TempDir Path directory;

  @Test
  void aJobsViewIsReadWhileTheLockIsHeld() throws Exception {
    try (LivePlane live = new LivePlane(directory)) {
      long job = live.runningGang("n1");
      JobRow row = live.plane.job(LivePlane.ADMIN, job);
      AtomicReference<Snapshot> view = new AtomicReference<>();
      AtomicReference<Manifest> manifest = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                view.set(live.plane.snapshotOfJobs(List.of(job)));
                manifest.set(live.plane.manifestOf(row));
              });

      synchronized (lockOf(live.plane)) {
        reader.start();
        assertThat(endedOrBlocked(reader))
            .as("the reader, while the lock is held")
            .isEqualTo(Thread.State.TERMINATED);
      }

      assertThat(view.get().tasksOfJob(job)).extracting(TaskRow::node).containsExactly("n1");
      assertThat(view.get().leaves()).containsKey("n1");
      assertThat(manifest.get().workload().name()).isEqualTo("g");
    }
  }

  /** Waits until {@code thread} has ended or is blocked entering the control plane's monitor. */
  private static Thread.State endedOrBlocked(Thread thread) throws InterruptedException {
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.TERMINATED) {
        return state;
      }
      StackTraceElement[] stack = thread.getStackTrace();
      if (state == Thread.State.BLOCKED
          && stack.length > 0
          && stack[0].getClassName().equals(ControlPlane.class.getName())) {
        return state;
      }
      Thread.sleep(1);
    }
  }

  private static Object lockOf(ControlPlane plane) throws ReflectiveOperationException {
    Field lock = ControlPlane.class.getDeclaredField("lock");
    lock.setAccessible(true);
    return lock.get(plane);
  }
}
