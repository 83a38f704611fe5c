package dev.wanka.bench;

import java.time.Duration;

/** Sleeping in the benchmarks' driving threads; an interrupt ends the run. */
final class Waits {
  private Waits() {}

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sleeps {@code seconds}; nothing when it is 0 or less. */
  static void seconds(double seconds) {
    if (seconds > 0) {
      pause(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
  }
}
