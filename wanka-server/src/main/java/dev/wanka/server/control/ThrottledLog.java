package dev.wanka.server.control;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A recurring failure, logged at most once per interval with a count of the ones left out: with the
 * database down, every node's report would otherwise log its own error every second.
 */
final class ThrottledLog {
  private final long intervalMillis;
  private final LongSupplier clockMillis;
  private final BiConsumer<String, Throwable> sink;
  private boolean logged;
  private long lastMillis;
  private long leftOut;

  ThrottledLog(long intervalMillis, LongSupplier clockMillis, BiConsumer<String, Throwable> sink) {
    this.intervalMillis = intervalMillis;
    this.clockMillis = clockMillis;
    this.sink = sink;
  }

  synchronized void failed(String message, Throwable cause) {
    long now = clockMillis.getAsLong();
    if (logged && now - lastMillis < intervalMillis) {
      leftOut++;
      return;
    }
    String more = leftOut == 0 ? "" : " (and " + leftOut + " more like it since the last one)";
    logged = true;
    lastMillis = now;
    leftOut = 0;
    sink.accept(message + more, cause);
  }
}
