package dev.wanka.sim.trace;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One job of a cluster trace, as the trace gives it, before it is mapped onto a cluster and queues.
 *
 * @param id the trace's id for the job (unique within the trace)
 * @param submitSeconds when it was submitted, in seconds from the trace's first submission
 * @param devices accelerators it used; 0 for a CPU-only job
 * @param cpus CPU cores it asked for, when the trace says (0 otherwise)
 * @param durationSeconds how long it ran, in seconds (at least 1)
 * @param group the trace's grouping of jobs: virtual cluster, team or user group; empty if none
 * @param model the model it trained, when the trace names it; empty otherwise
 * @param relativeSpeeds how fast it runs on each accelerator type the trace measured, relative to
 *     the type its duration is for (which has 1), by the trace's names for the types; a type it
 *     cannot run on is left out; empty when the trace does not say (only Gavel's does)
 */
public record TraceJob(
    String id,
    long submitSeconds,
    int devices,
    int cpus,
    long durationSeconds,
    String group,
    String model,
    Map<String, Double> relativeSpeeds) {
  public TraceJob {
    if (submitSeconds < 0 || devices < 0 || cpus < 0 || durationSeconds < 1) {
      throw new IllegalArgumentException("trace job " + id + " has a negative or empty field");
    }
    relativeSpeeds = Collections.unmodifiableMap(new TreeMap<>(relativeSpeeds));
  }

  /** A job whose trace says nothing of accelerator types. */
  public TraceJob(
      String id,
      long submitSeconds,
      int devices,
      int cpus,
      long durationSeconds,
      String group,
      String model) {
    this(id, submitSeconds, devices, cpus, durationSeconds, group, model, Map.of());
  }

  /** The same job submitted at another time. */
  public TraceJob submittedAt(long seconds) {
    return new TraceJob(id, seconds, devices, cpus, durationSeconds, group, model, relativeSpeeds);
  }
}
