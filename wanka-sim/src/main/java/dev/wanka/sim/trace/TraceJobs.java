package dev.wanka.sim.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rows collected by a reader, made into a {@link Trace}: sorted, times from the first submission.
 */
final class TraceJobs {
  private final List<TraceJob> absolute = new ArrayList<>();
  private int neverRan;

  /** Adds a job, or counts it as never run when its duration is 0 (e.g. cancelled while queued). */
  void add(
      String id, long submit, int devices, int cpus, long duration, String group, String model) {
    if (duration == 0) {
      neverRan++;
    } else {
      absolute.add(new TraceJob(id, submit, devices, cpus, duration, group, model));
    }
  }

  void add(TraceJob job) {
    absolute.add(job);
  }

  Trace build(String source) {
    long first = absolute.stream().mapToLong(TraceJob::submitSeconds).min().orElse(0);
    List<TraceJob> jobs = new ArrayList<>(absolute.size());
    for (TraceJob job : absolute) {
      jobs.add(job.submittedAt(job.submitSeconds() - first));
    }
    jobs.sort(Comparator.comparingLong(TraceJob::submitSeconds)); // stable: file order on ties
    return new Trace(source, jobs, neverRan);
  }
}
