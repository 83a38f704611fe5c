package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.server.TestDatabases;
import dev.wanka.server.store.Database;
import dev.wanka.server.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockedBatchesTest {
  @TempDir Path directory;
  private Database database;
  private Store store;
  private final Object lock = new Object();
  private LockedBatches batches;
  private final List<String> applied = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    database = Database.open(TestDatabases.h2(directory), "", "");
    store = new Store(database);
    batches = new LockedBatches(lock, store, 0, () -> applied.add("after failure"));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aChangeWaitingForNoOneIsCommittedThenApplied() {
    batches.apply(() -> store.write(w -> w.insertTenant("alone", 1)), () -> applied.add("alone"));

    assertThat(tenants()).containsExactly("alone");
    assertThat(applied).containsExactly("alone");
  }

  @Test
  void aChangeThatWaitsForOthersInVainIsCommittedAlone() {
    LockedBatches windowed = new LockedBatches(lock, store, 5, () -> {});

    windowed.apply(() -> store.write(w -> w.insertTenant("patient", 1)), () -> applied.add("p"));

    assertThat(tenants()).containsExactly("patient");
    assertThat(applied).containsExactly("p");
  }

  @Test
  void aChangeAppliedUnderTheLockIsRefusedRatherThanWaitingForItself() {
    synchronized (lock) {
      assertThatThrownBy(() -> batches.apply(() -> {}, () -> {}))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aFailedWriteIsUndoneAndThrownAndItsChangeNotAppliedButTheFailureHandled() {
    batches.apply(() -> store.write(w -> w.insertTenant("taken", 1)), () -> {});
    assertThat(applied).isEmpty();

    assertThatThrownBy(
            () ->
                batches.apply(
                    () -> store.write(w -> w.insertTenant("taken", 2)), () -> applied.add("again")))
        .isInstanceOf(RuntimeException.class);
    assertThat(applied).containsExactly("after failure");
  }

  @Test
  void changesArrivingTogetherShareOneTransactionAndAFailedOneSpoilsNoOther() {
    batches.apply(() -> store.write(w -> w.insertTenant("taken", 1)), () -> {});
    CompletableFuture<Void> first;
    CompletableFuture<Void> clash;
    CompletableFuture<Void> last;
    synchronized (lock) {
      first = waitingChange("first");
      clash = waitingChange("taken");
      last = waitingChange("last");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingThreads() == 3);
    }

    first.join();
    last.join();
    assertThatThrownBy(clash::join).hasCauseInstanceOf(RuntimeException.class);
    assertThat(tenants()).containsExactlyInAnyOrder("taken", "first", "last");
    // The batch with the failure runs its failure handling (which brings the live state to the
    // store's) instead of its changes' afterCommit; a change in another batch is applied.
    assertThat(applied).contains("after failure").doesNotHaveDuplicates();
    assertThat(applied).isSubsetOf("first", "last", "after failure");
  }

  private CompletableFuture<Void> waitingChange(String tenant) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                batches.apply(
                    () -> store.write(w -> w.insertTenant(tenant, 3)), () -> applied.add(tenant));
                done.complete(null);
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            },
            "change-" + tenant);
    thread.start();
    return done;
  }

  /** Threads of changes blocked on the lock (the first) or waiting for the first to apply them. */
  private static long waitingThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("change-"))
        .filter(t -> t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.WAITING)
        .count();
  }

  private List<String> tenants() {
    return store.tenants().stream().map(t -> t.name()).toList();
  }
}
