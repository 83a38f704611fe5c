package dev.wanka.sim.trace;

import java.util.List;

/**
 * The job logs of SenseTime's Helios (Hu et al., SC'21) and Shanghai AI Lab's Acme (Hu et al.,
 * NSDI'24) clusters: columns {@code job_id}, {@code user}, {@code vc}, {@code gpu_num}, {@code
 * cpu_num}, {@code node_num}, {@code state}, {@code submit_time}, {@code start_time}, {@code
 * end_time} (times as yyyy-MM-dd HH:mm:ss), {@code duration} (seconds) and {@code queue}. A job
 * with no GPU is a CPU job; a job that ran 0 seconds is counted as never run.
 */
public final class HeliosTrace {
  static final List<String> COLUMNS =
      List.of("job_id", "vc", "gpu_num", "cpu_num", "submit_time", "duration");

  private HeliosTrace() {}

  /** Reads the whole file; throws {@link dev.wanka.spec.SpecException} listing its problems. */
  public static Trace read(String source, String text) {
    CsvTrace csv = CsvTrace.parse(source, text, COLUMNS);
    TraceJobs jobs = new TraceJobs();
    for (int row = 0; row < csv.rowCount(); row++) {
      long gpus = csv.integer(row, "gpu_num", 0, 1_000_000);
      long cpus = csv.integer(row, "cpu_num", 0, 1_000_000);
      long submit = csv.dateTime(row, "submit_time");
      long duration = csv.integer(row, "duration", 0, Long.MAX_VALUE / 4);
      if (csv.hasProblems()) {
        continue;
      }
      jobs.add(
          csv.text(row, "job_id"),
          submit,
          (int) gpus,
          (int) cpus,
          duration,
          csv.text(row, "vc"),
          "");
    }
    csv.throwIfAny();
    return jobs.build(source);
  }
}
