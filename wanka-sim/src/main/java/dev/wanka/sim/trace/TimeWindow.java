package dev.wanka.sim.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a trace to replay: the jobs submitted from {@code fromSeconds} (inclusive) to {@code
 * toSeconds} (exclusive), counted from the trace's first submission. The kept jobs' submit times
 * are shifted so that the window starts at 0; the jobs outside are counted, never silently lost.
 */
public record TimeWindow(long fromSeconds, long toSeconds) {
  /** The whole trace. */
  public static final TimeWindow ALL = new TimeWindow(0, Long.MAX_VALUE);

  public TimeWindow {
    if (fromSeconds < 0 || toSeconds <= fromSeconds) {
      throw new IllegalArgumentException(
          "window: from "
              + fromSeconds
              + " to "
              + toSeconds
              + " is not allowed: need 0 <= from < to (seconds since the first submission)");
    }
  }

  public boolean isAll() {
    return equals(ALL);
  }

  public boolean contains(long submitSeconds) {
    return submitSeconds >= fromSeconds && submitSeconds < toSeconds;
  }

  /** The jobs inside the window, their submit times shifted by {@code -fromSeconds}. */
  public Trace apply(Trace trace) {
    if (isAll()) {
      return trace;
    }
    List<TraceJob> kept = new ArrayList<>();
    for (TraceJob job : trace.jobs()) {
      if (contains(job.submitSeconds())) {
        kept.add(job.submittedAt(job.submitSeconds() - fromSeconds));
      }
    }
    return new Trace(trace.source(), kept, trace.neverRan());
  }

  /** How many of the trace's jobs lie outside the window. */
  public int outside(Trace trace) {
    return (int) trace.jobs().stream().filter(job -> !contains(job.submitSeconds())).count();
  }
}
