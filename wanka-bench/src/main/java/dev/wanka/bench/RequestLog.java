package dev.wanka.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every request of one kind (heartbeat, submit, ...): when it was sent and how long it took, or why
 * it failed, or that it was skipped. Every sample is kept (16 bytes each), so a summary over a
 * window is exact: percentiles are read from the sorted latencies, not from buckets. Thread-safe.
 */
final class RequestLog {
  private final String kind;
  private long[] starts = new long[4096];
  private long[] latencies = new long[4096];
  private int size;
  private final List<Failure> failures = new ArrayList<>();
  private long[] skips = new long[256];
  private int skipCount;

  RequestLog(String kind) {
    this.kind = kind;
  }

  String kind() {
    return kind;
  }

  /** A request sent at {@code startNanos} ({@link System#nanoTime}) was answered with 2xx. */
  synchronized void took(long startNanos, long latencyNanos) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      latencies = Arrays.copyOf(latencies, size * 2);
    }
    starts[size] = startNanos;
    latencies[size] = latencyNanos;
    size++;
  }

  /** A request sent at {@code startNanos} failed: an error status, a timeout, a refused call. */
  synchronized void failed(long startNanos, String why) {
    failures.add(new Failure(startNanos, why));
  }

  /** A request due at {@code startNanos} was not sent (its agent's previous one was still open). */
  synchronized void skipped(long startNanos) {
    if (skipCount == skips.length) {
      skips = Arrays.copyOf(skips, skipCount * 2);
    }
    skips[skipCount++] = startNanos;
  }

  /** The requests sent in {@code [fromNanos, toNanos)}. */
  synchronized LatencySummary summary(long fromNanos, long toNanos) {
    long[] window = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (starts[i] >= fromNanos && starts[i] < toNanos) {
        window[n++] = latencies[i];
      }
    }
    Arrays.sort(window, 0, n);
    Map<String, Long> why = new TreeMap<>();
    for (Failure failure : failures) {
      if (failure.startNanos >= fromNanos && failure.startNanos < toNanos) {
        why.merge(failure.why, 1L, Long::sum);
      }
    }
    long skipped = 0;
    for (int i = 0; i < skipCount; i++) {
      if (skips[i] >= fromNanos && skips[i] < toNanos) {
        skipped++;
      }
    }
    long failed = why.values().stream().mapToLong(Long::longValue).sum();
    double seconds = (toNanos - fromNanos) / 1e9;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += window[i];
    }
    return new LatencySummary(
        kind,
        n,
        failed,
        skipped,
        (n + failed) / seconds,
        millis(percentile(window, n, 0.50)),
        millis(percentile(window, n, 0.90)),
        millis(percentile(window, n, 0.99)),
        millis(percentile(window, n, 0.999)),
        millis(n == 0 ? 0 : window[n - 1]),
        n == 0 ? 0 : millis(Math.round(sum / n)),
        why);
  }

  /**
   * The nearest-rank percentile: the smallest sample with at least {@code q} of them at or below.
   */
  static long percentile(long[] sorted, int n, double q) {
    if (n == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * n);
    return sorted[Math.max(0, Math.min(n, rank) - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private record Failure(long startNanos, String why) {}
}
