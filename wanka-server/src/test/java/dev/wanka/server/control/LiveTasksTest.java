package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.TaskAssignment;
import dev.wanka.server.store.TaskRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveTasksTest {
  private final LiveTasks tasks = new LiveTasks();

  @Test
  void aJobsTasksComeInTheOrderTheyWereStartedWhateverOrderTheyWerePut() {
    tasks.put(task("j1-r0-a2-n1", 0, 2, "n3", 1));
    tasks.put(task("j1-r0-a1-n1", 0, 1, "n2", 1));
    tasks.put(task("j1-r0-a2-n0", 0, 2, "n1", 0));
    tasks.put(task("j1-r0-a1-n0", 0, 1, "n1", 0));

    assertThat(tasks.ofJob(1))
        .extracting(TaskRow::id)
        .containsExactly("j1-r0-a1-n0", "j1-r0-a1-n1", "j1-r0-a2-n0", "j1-r0-a2-n1");
  }

  @Test
  void aTaskPutAgainIsReplacedInPlace() {
    tasks.put(task("j1-r0-a1-n0", 0, 1, "n1", 0));
    tasks.put(task("j1-r0-a1-n1", 0, 1, "n2", 1));

    tasks.put(tasks.get("j1-r0-a1-n0").stopping());

    assertThat(tasks.ofJob(1)).extracting(TaskRow::stop).containsExactly(true, false);
  }

  @Test
  void aTaskPutAgainWithOtherPlaceFieldsLeavesNoStaleEntry() {
    tasks.put(task("t", 0, 1, "n1", 0));

    tasks.put(task("t", 0, 3, "n1", 0));

    assertThat(tasks.ofJob(1)).extracting(TaskRow::attempt).containsExactly(3);
  }

  @Test
  void aJobWhoseTasksAreAllRemovedHasNone() {
    tasks.put(task("j1-r0-a1-n0", 0, 1, "n1", 0));
    tasks.put(task("j1-r1-a2-n0", 1, 2, "n2", 0));

    tasks.remove("j1-r0-a1-n0");
    assertThat(tasks.ofGang(1, 0)).isEmpty();
    assertThat(tasks.anyOfAttempt(1, 1, 2)).isTrue();
    tasks.remove("j1-r1-a2-n0");

    assertThat(tasks.ofJob(1)).isEmpty();
    assertThat(tasks.anyLaterAttempt(1, 1, 0)).isFalse();
  }

  private static TaskRow task(String id, int replica, int attempt, String node, int rank) {
    List<Integer> devices = List.of(0);
    TaskAssignment assignment =
        new TaskAssignment(id, 1, attempt, List.of("true"), Map.of(), "", devices, false, 30);
    return new TaskRow(
        id, 1, replica, attempt, node, rank, devices, assignment, false, true, -1, 1, 0);
  }
}
