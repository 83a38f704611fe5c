package dev.wanka.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Calls actions at fixed rates, evenly spread: call {@code e} of a stream (counting from 0) is due
 * {@code e / rate} seconds after the stream starts. Every {@value #TICK_MICROS} µs a tick makes the
 * calls due by then, so a late tick delays calls but never drops them; each call's delay past its
 * due time is recorded as the stream's send lag, which shows whether the generator kept up.
 */
final class Pacer implements AutoCloseable {
  private static final long TICK_MICROS = 2000;

  private final ScheduledExecutorService ticks;

  /**
   * @param threads the threads that run the streams' ticks (a stream's ticks never overlap)
   */
  Pacer(int threads) {
    this.ticks =
        Executors.newScheduledThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "load-pacer");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a stream now.
   *
   * @param limit how many calls in all; {@link Long#MAX_VALUE} for no limit
   * @param action called with the call's number
   * @param lag where each call's delay past its due time goes
   */
  void start(double ratePerSecond, long limit, LongConsumer action, RequestLog lag) {
    if (!(ratePerSecond > 0) || limit <= 0) {
      return;
    }
    Stream stream = new Stream(System.nanoTime(), ratePerSecond, limit, action, lag);
    ticks.scheduleAtFixedRate(stream::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
  }

  /** Stops every stream; a tick under way finishes its calls. */
  @Override
  public void close() {
    ticks.shutdownNow();
  }

  private static final class Stream {
    private final long startNanos;
    private final double nanosPerCall;
    private final long limit;
    private final LongConsumer action;
    private final RequestLog lag;
    private long next;

    Stream(long startNanos, double ratePerSecond, long limit, LongConsumer action, RequestLog lag) {
      this.startNanos = startNanos;
      this.nanosPerCall = 1e9 / ratePerSecond;
      this.limit = limit;
      this.action = action;
      this.lag = lag;
    }

    void tick() {
      long now = System.nanoTime();
      while (next < limit && !Thread.currentThread().isInterrupted()) {
        long due = startNanos + (long) (next * nanosPerCall);
        if (due - now > 0) {
          return;
        }
        lag.took(due, System.nanoTime() - due);
        try {
          action.accept(next);
        } catch (RuntimeException e) {
          // An exception would cancel the periodic tick: count it, and go on with the next call.
          lag.failed(due, e.toString());
        }
        next++;
      }
    }
  }
}
