package dev.wanka.server.control;

import dev.wanka.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Changes applied under the control plane's lock by whoever holds it: every change waiting for the
 * lock at that moment, in one database transaction. A commit costs far more than its statements, so
 * 100 submissions and 100 task exits a second cost a few commits a second rather than 200, and a
 * change that waits for no one is applied at once, alone.
 */
final class LockedBatches {
  private final Object lock;
  private final Store store;
  private final Queue<Change> waiting = new ConcurrentLinkedQueue<>();

  LockedBatches(Object lock, Store store) {
    this.lock = lock;
    this.store = store;
  }

  /**
   * Applies a change and returns once it is committed.
   *
   * @param write what to do in the transaction, its writes through {@link Store#write}
   * @param afterCommit what to do once the transaction committed, under the lock still
   * @throws RuntimeException what {@code write} threw (its writes undone), or the failed commit
   */
  void apply(Runnable write, Runnable afterCommit) {
    Change mine = new Change(write, afterCommit);
    waiting.add(mine);
    synchronized (lock) {
      if (!mine.done) {
        applyWaiting();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void applyWaiting() {
    List<Change> batch = new ArrayList<>();
    for (Change change = waiting.poll(); change != null; change = waiting.poll()) {
      batch.add(change);
    }
    try {
      store.inOneTransaction(() -> batch.forEach(Change::write));
    } catch (RuntimeException e) {
      batch.forEach(change -> change.failure = e);
    }
    for (Change change : batch) {
      try {
        if (change.failure == null) {
          change.afterCommit.run();
        }
      } catch (RuntimeException e) {
        change.failure = e;
      } finally {
        change.done = true;
      }
    }
  }

  private static final class Change {
    final Runnable write;
    final Runnable afterCommit;
    volatile boolean done;
    volatile RuntimeException failure;

    Change(Runnable write, Runnable afterCommit) {
      this.write = write;
      this.afterCommit = afterCommit;
    }

    void write() {
      try {
        write.run();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }
}
