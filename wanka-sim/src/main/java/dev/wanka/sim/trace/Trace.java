package dev.wanka.sim.trace;

import java.util.List;

/**
 * The jobs read from a trace file, in submission order (ties in file order), with submit times
 * counted from the first submission; and how many rows described jobs that never ran (a duration of
 * 0, e.g. cancelled while queued), which are counted here rather than dropped silently.
 */
public record Trace(String source, List<TraceJob> jobs, int neverRan) {
  public Trace {
    jobs = List.copyOf(jobs);
  }
}
