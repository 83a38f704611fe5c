package dev.wanka.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.TaskAssignment;
import dev.wanka.server.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTest {
  @TempDir Path directory;

  private Database open(String kind) {
    return Database.open(
        kind.equals("h2") ? TestDatabases.h2(directory) : TestDatabases.postgres(), "", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aJobItsTaskAndItsEventAreCommittedTogetherAndReadBack(String kind) {
    try (Database database = open(kind)) {
      Store store = new Store(database);
      long id = store.nextJobId();
      store.write(
          w -> {
            w.insertJob(job(id));
            w.saveNode(node("n1", 1));
            w.insertTask(task("t1", id, "n1", List.of(0, 1)));
            w.insertEvent(id, 5, "Started", "on n1");
          });
      assertThat(store.job(id)).get().extracting(JobRow::state).isEqualTo(JobState.Pending);
      assertThat(store.liveTasks()).extracting(TaskRow::devices).containsExactly(List.of(0, 1));
      assertThat(store.claims()).hasSize(2);
      assertThat(store.events(id)).extracting(e -> e.message()).containsExactly("on n1");
      assertThat(store.nodes().get(0).devices()).hasSize(2);
      assertThat(store.unfinishedJobs()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void writesInOneTransactionCommitTogetherAndAFailedOneIsUndoneAlone(String kind) {
    try (Database database = open(kind)) {
      Store store = new Store(database);
      long first = store.nextJobId();
      long clash = store.nextJobId();
      long last = store.nextJobId();
      store.inOneTransaction(
          () -> {
            store.write(
                w -> {
                  w.insertJob(job(first));
                  w.insertTask(task("t1", first, "n1", List.of(3)));
                });
            assertThat(CompletableFuture.supplyAsync(() -> store.job(first)).join())
                .as("seen by another connection before the end")
                .isEmpty();
            assertThatThrownBy(
                    () ->
                        store.write(
                            w -> {
                              w.insertJob(job(clash));
                              w.insertTask(task("t2", clash, "n1", List.of(3)));
                            }))
                .isInstanceOf(RuntimeException.class);
            store.inOneTransaction(() -> store.write(w -> w.insertJob(job(last))));
          });

      assertThat(store.job(first)).isPresent();
      assertThat(store.job(clash)).isEmpty();
      assertThat(store.job(last)).isPresent();
      assertThat(store.liveTasks()).extracting(TaskRow::id).containsExactly("t1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aFailedWriteWithinAWriteIsUndoneAloneInOneTransaction(String kind) {
    try (Database database = open(kind)) {
      Store store = new Store(database);
      long outer = store.nextJobId();
      long inner = store.nextJobId();
      store.inOneTransaction(
          () ->
              store.write(
                  w -> {
                    w.insertJob(job(outer));
                    assertThatThrownBy(
                            () ->
                                store.write(
                                    v -> {
                                      v.insertJob(job(inner));
                                      v.insertJob(job(inner));
                                    }))
                        .isInstanceOf(RuntimeException.class);
                  }));

      assertThat(store.job(outer)).isPresent();
      assertThat(store.job(inner)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aDeviceClaimedTwiceFailsTheWholeTransaction(String kind) {
    try (Database database = open(kind)) {
      Store store = new Store(database);
      long first = store.nextJobId();
      long second = store.nextJobId();
      store.write(
          w -> {
            w.insertJob(job(first));
            w.insertTask(task("t1", first, "n1", List.of(3)));
          });
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        w.insertJob(job(second));
                        w.insertTask(task("t2", second, "n1", List.of(2, 3)));
                      }))
          .isInstanceOf(RuntimeException.class);
      assertThat(store.job(second)).isEmpty();
      assertThat(store.claims()).hasSize(1);
      store.write(w -> w.insertTask(task("t3", first, "n2", List.of(3))));
      store.write(w -> w.endTask(task("t1", first, "n1", List.of(3)), 0, 9));
      assertThat(store.claims()).extracting(claim -> claim[0]).containsExactly("n2");
      assertThat(store.liveTasks()).extracting(TaskRow::id).containsExactly("t3");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void eventsAreNumberedInTheOrderTheyAreWrittenAcrossRestarts(String kind) {
    try (Database database = open(kind)) {
      Store before = new Store(database);
      long id = before.nextJobId();
      before.write(
          w -> {
            w.insertJob(job(id));
            w.insertEvent(id, 1, "Submitted", "first");
            w.insertEvent(id, 1, "Started", "second");
          });
      Store restarted = new Store(database);
      restarted.write(w -> w.insertEvent(id, 1, "Succeeded", "third"));
      List<JobEvent> events = restarted.events(id);
      assertThat(events).extracting(JobEvent::message).containsExactly("first", "second", "third");
      assertThat(events).extracting(JobEvent::id).doesNotHaveDuplicates().isSorted();
    }
  }

  private static JobRow job(long id) {
    return new JobRow(
        id, "j", "TrainingJob", "default", "default", JobState.Pending, "m", 1, 0, 0, 0, -1, "");
  }

  private static NodeRow node(String name, long seq) {
    return new NodeRow(
        name,
        seq,
        "127.0.0.1",
        "h100-sxm",
        List.of(new DeviceInfo(0, "u0", "H100", 1), new DeviceInfo(1, "u1", "H100", 1)),
        false,
        false,
        1);
  }

  private static TaskRow task(String id, long job, String node, List<Integer> devices) {
    TaskAssignment assignment =
        new TaskAssignment(id, job, 1, List.of("true"), Map.of(), "", devices, false, 30);
    return new TaskRow(id, job, 0, 1, node, 0, devices, assignment, false, true, -1, 1, 0);
  }
}
