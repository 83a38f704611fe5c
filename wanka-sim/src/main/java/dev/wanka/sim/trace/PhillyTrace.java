package dev.wanka.sim.trace;

import java.util.List;

/**
 * The Philly-derived job trace of Pollux (Qiao et al., OSDI'21; from Microsoft's Philly traces,
 * Jeon et al., ATC'19): columns {@code timestamp} (submission, yyyy-MM-dd HH:mm:ss), {@code
 * duration} (seconds), {@code num_gpus}, {@code gpu_time} (GPU-seconds) and {@code cluster} (the
 * virtual cluster). Rows carry no id: a job is named by its line number.
 */
public final class PhillyTrace {
  static final List<String> COLUMNS =
      List.of("timestamp", "duration", "num_gpus", "gpu_time", "cluster");

  private PhillyTrace() {}

  /** Reads the whole file; throws {@link dev.wanka.spec.SpecException} listing its problems. */
  public static Trace read(String source, String text) {
    CsvTrace csv = CsvTrace.parse(source, text, COLUMNS);
    TraceJobs jobs = new TraceJobs();
    for (int row = 0; row < csv.rowCount(); row++) {
      long submit = csv.dateTime(row, "timestamp");
      long duration = csv.integer(row, "duration", 0, Long.MAX_VALUE / 4);
      long gpus = csv.integer(row, "num_gpus", 1, 1_000_000);
      if (csv.hasProblems()) {
        continue;
      }
      jobs.add(
          "line-" + csv.lineOf(row), submit, (int) gpus, 0, duration, csv.text(row, "cluster"), "");
    }
    csv.throwIfAny();
    return jobs.build(source);
  }
}
