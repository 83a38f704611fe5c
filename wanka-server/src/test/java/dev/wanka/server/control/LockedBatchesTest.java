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
  /** A window no test waits out. */
  private static final long HOURS = Duration.ofHours(1).toMillis();

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
  void anUnhurriedChangeThatWaitsForOthersInVainIsCommittedAlone() {
    LockedBatches windowed = new LockedBatches(lock, store, 5, () -> {});

    windowed.applyUnhurried(
        () -> store.write(w -> w.insertTenant("patient", 1)), () -> applied.add("p"));

    assertThat(tenants()).containsExactly("patient");
    assertThat(applied).containsExactly("p");
  }

  @Test
  void aChangeSomeoneWaitsForDoesNotWaitOutTheWindow() {
    LockedBatches windowed = new LockedBatches(lock, store, HOURS, () -> {});

    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () ->
                windowed.apply(
                    () -> store.write(w -> w.insertTenant("prompt", 1)),
                    () -> applied.add("prompt")));

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(done::isDone);
    done.join();
    assertThat(applied).containsExactly("prompt");
  }

  @Test
  void aChangeSomeoneWaitsForTakesTheUnhurriedOnesWaitingAlongInItsTransaction() {
    LockedBatches windowed = new LockedBatches(lock, store, HOURS, () -> applied.add("failure"));
    windowed.apply(() -> store.write(w -> w.insertTenant("taken", 1)), () -> {});
    CompletableFuture<Void> exit = new CompletableFuture<>();
    Thread unhurried =
        new Thread(
            () -> {
              try {
                windowed.applyUnhurried(
                    () -> store.write(w -> w.insertTenant("taken", 2)), () -> applied.add("exit"));
                exit.complete(null);
              } catch (RuntimeException e) {
                exit.completeExceptionally(e);
              }
            },
            "change-unhurried");
    unhurried.setDaemon(true);
    unhurried.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> unhurried.getState() == Thread.State.TIMED_WAITING);

    CompletableFuture<Void> submitted =
        CompletableFuture.runAsync(
            () ->
                windowed.apply(
                    () -> store.write(w -> w.insertTenant("submitted", 1)),
                    () -> applied.add("submitted")));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(submitted::isDone);

    submitted.join();
    // One transaction: the unhurried change's clash spoiled the submission's afterCommit too.
    assertThat(applied).containsExactly("failure");
    assertThatThrownBy(exit::join).hasCauseInstanceOf(RuntimeException.class);
    assertThat(tenants()).containsExactlyInAnyOrder("taken", "submitted");
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
  void
      changesArrivingWhileTheFirstWaitsForTheLockShareItsTransactionAndAFailureSkipsAllAfterCommits() {
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
    // All three came before the first held the lock, so they shared one transaction: it runs its
    // failure handling (which brings the live state to the store's) instead of their afterCommit.
    assertThat(applied).containsExactly("after failure");
  }

  @Test
  void anInterruptedCallersChangeIsCommittedAndItsInterruptKept() {
    Thread.currentThread().interrupt();
    try {
      batches.apply(() -> store.write(w -> w.insertTenant("interrupted", 1)), () -> {});
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(tenants()).containsExactly("interrupted");
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
