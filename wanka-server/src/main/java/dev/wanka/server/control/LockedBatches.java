package dev.wanka.server.control;

import dev.wanka.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Changes applied under the control plane's lock in shared database transactions. A commit costs
 * far more than its statements (H2 writes the changed pages of every table the transaction
 * touched), so the first change to arrive waits {@code windowMillis} for others, then applies all
 * that came, in one transaction; the others wait for it. At 100 submissions and 100 task exits a
 * second a 10 ms window makes about 70 commits a second rather than 200, for 10 ms more on each
 * answer at most.
 */
final class LockedBatches {
  private final Object lock;
  private final Store store;
  private final long windowMillis;
  private final Runnable afterFailure;
  private final Object gate = new Object();
  // guarded by gate
  private List<Change> waiting = new ArrayList<>();
  private boolean gathering;

  /**
   * @param afterFailure run under the lock, instead of the changes' {@code afterCommit}, after a
   *     batch in which a change failed (its write, or the commit): a change may have changed the
   *     live state before its write, which is then ahead of the database. It must bring the live
   *     state to what the database holds, including what the batch's other changes committed.
   */
  LockedBatches(Object lock, Store store, long windowMillis, Runnable afterFailure) {
    this.lock = lock;
    this.store = store;
    this.windowMillis = windowMillis;
    this.afterFailure = afterFailure;
  }

  /**
   * Applies a change and returns once it is committed.
   *
   * @param write what to do in the transaction, its writes through {@link Store#write}
   * @param afterCommit what to do once the transaction committed, under the lock still (unless a
   *     change of the batch failed: see the constructor)
   * @throws RuntimeException what {@code write} threw (its writes undone), or the failed commit
   */
  void apply(Runnable write, Runnable afterCommit) {
    if (Thread.holdsLock(lock)) {
      // It would wait for itself, or run afterCommit inside the caller's uncommitted transaction.
      throw new IllegalStateException("a change must not be applied under the lock");
    }
    Change mine = new Change(write, afterCommit);
    boolean first;
    synchronized (gate) {
      waiting.add(mine);
      first = !gathering;
      gathering = true;
    }
    if (first) {
      gatherThenApply();
    } else {
      mine.awaitDone();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void gatherThenApply() {
    boolean interrupted = false;
    if (windowMillis > 0) {
      try {
        Thread.sleep(windowMillis);
      } catch (InterruptedException e) {
        interrupted = true; // restored after the database work, which an interrupt would break
      }
    }
    try {
      List<Change> batch;
      synchronized (gate) {
        batch = waiting;
        waiting = new ArrayList<>();
        gathering = false;
      }
      synchronized (lock) {
        applyAll(batch);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void applyAll(List<Change> batch) {
    try {
      try {
        store.inOneTransaction(() -> batch.forEach(Change::write));
      } catch (RuntimeException e) {
        batch.forEach(change -> change.failure = e);
      }
      if (batch.stream().anyMatch(change -> change.failure != null)) {
        afterFailure.run();
        return;
      }
      for (Change change : batch) {
        try {
          change.afterCommit.run();
        } catch (RuntimeException e) {
          change.failure = e;
        }
      }
    } catch (Error e) {
      // Rolled back or half applied: no one may take it for success.
      batch.forEach(change -> change.failure = new IllegalStateException("the batch failed", e));
      throw e;
    } finally {
      batch.forEach(change -> change.done.countDown());
    }
  }

  private static final class Change {
    final Runnable write;
    final Runnable afterCommit;
    final CountDownLatch done = new CountDownLatch(1);
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

    void awaitDone() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
