package dev.wanka.server.control;

import dev.wanka.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Changes applied under the control plane's lock in shared database transactions. A commit costs
 * far more than its statements (H2 writes the changed pages of every table the transaction
 * touched), so changes that arrive together share one: the first to arrive waits for the lock and
 * takes with it every change that came until it holds the lock; changes that arrive while a batch
 * is applied form the next one.
 *
 * <p>A change that no one waits for (a task exit reported by a heartbeat that was answered already)
 * is applied unhurried: when it is the first, it waits up to {@code windowMillis} for others before
 * it takes the lock, unless a change someone waits for (a submission, whose 201 waits for its
 * commit) arrives and hurries it. So exits share the commits of submissions, or each other's,
 * without adding to any answer's latency.
 */
final class LockedBatches {
  private final Object lock;
  private final Store store;
  private final long windowNanos;
  private final Runnable afterFailure;
  private final Object gate = new Object();
  // guarded by gate
  private List<Change> waiting = new ArrayList<>();
  private boolean gathering;
  private boolean hurried;

  /**
   * @param windowMillis how long an unhurried change waits for company
   * @param afterFailure run under the lock, instead of the changes' {@code afterCommit}, after a
   *     batch in which a change failed (its write, or the commit): a change may have changed the
   *     live state before its write, which is then ahead of the database. It must bring the live
   *     state to what the database holds, including what the batch's other changes committed.
   */
  LockedBatches(Object lock, Store store, long windowMillis, Runnable afterFailure) {
    this.lock = lock;
    this.store = store;
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    this.afterFailure = afterFailure;
  }

  /**
   * Applies a change someone waits for, as soon as the lock is free, and returns once it is
   * committed.
   *
   * @param write what to do in the transaction, its writes through {@link Store#write}
   * @param afterCommit what to do once the transaction committed, under the lock still (unless a
   *     change of the batch failed: see the constructor)
   * @throws RuntimeException what {@code write} threw (its writes undone), or the failed commit
   */
  void apply(Runnable write, Runnable afterCommit) {
    join(new Change(write, afterCommit), true);
  }

  /**
   * Like {@link #apply}, for a change no one waits for: it may wait up to the window for others to
   * share its commit.
   */
  void applyUnhurried(Runnable write, Runnable afterCommit) {
    join(new Change(write, afterCommit), false);
  }

  private void join(Change mine, boolean hurry) {
    if (Thread.holdsLock(lock)) {
      // It would wait for itself, or run afterCommit inside the caller's uncommitted transaction.
      throw new IllegalStateException("a change must not be applied under the lock");
    }
    boolean first;
    synchronized (gate) {
      waiting.add(mine);
      if (hurry && !hurried) {
        hurried = true;
        gate.notifyAll();
      }
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
    boolean interrupted = awaitCompany();
    try {
      synchronized (lock) {
        // An interrupt pending now would break the database work (H2 closes an interrupted file
        // channel): it is cleared here and restored afterwards.
        interrupted |= Thread.interrupted();
        List<Change> batch;
        synchronized (gate) {
          batch = waiting;
          waiting = new ArrayList<>();
          gathering = false;
          hurried = false;
        }
        applyAll(batch);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits out the window unless the batch is hurried. Returns whether the thread was interrupted:
   * the interrupt is restored after the database work, which it would break.
   */
  private boolean awaitCompany() {
    long deadline = System.nanoTime() + windowNanos;
    synchronized (gate) {
      while (!hurried) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(gate, left);
        } catch (InterruptedException e) {
          return true;
        }
      }
    }
    return false;
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
