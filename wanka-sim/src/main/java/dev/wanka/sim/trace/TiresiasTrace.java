package dev.wanka.sim.trace;

import java.util.List;

/**
 * The job trace of the Tiresias simulator (Gu et al., NSDI'19): columns {@code job_id}, {@code
 * num_gpu}, {@code submit_time} (seconds), {@code iterations}, {@code model_name}, {@code duration}
 * (seconds) and {@code interval}.
 */
public final class TiresiasTrace {
  static final List<String> COLUMNS =
      List.of("job_id", "num_gpu", "submit_time", "model_name", "duration");

  private TiresiasTrace() {}

  /** Reads the whole file; throws {@link dev.wanka.spec.SpecException} listing its problems. */
  public static Trace read(String source, String text) {
    CsvTrace csv = CsvTrace.parse(source, text, COLUMNS);
    TraceJobs jobs = new TraceJobs();
    for (int row = 0; row < csv.rowCount(); row++) {
      long gpus = csv.integer(row, "num_gpu", 1, 1_000_000);
      long submit = csv.integer(row, "submit_time", 0, Long.MAX_VALUE / 4);
      long duration = csv.integer(row, "duration", 0, Long.MAX_VALUE / 4);
      if (csv.hasProblems()) {
        continue;
      }
      jobs.add(
          csv.text(row, "job_id"),
          submit,
          (int) gpus,
          0,
          duration,
          "",
          csv.text(row, "model_name"));
    }
    csv.throwIfAny();
    return jobs.build(source);
  }
}
