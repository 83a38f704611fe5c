package dev.wanka.sim.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job traces of Gavel (Narayanan et al., "Heterogeneity-Aware Cluster Scheduling Policies for
 * Deep Learning Workloads", OSDI'20), e.g. its Philly-derived {@code traces/msr/seed=0/*.trace}:
 * tab-separated, no header, one job per line, as Gavel's {@code parse_trace} reads them — {@code
 * job_type}, {@code command}, {@code num_steps_arg}, {@code needs_data_dir}, {@code total_steps},
 * {@code arrival_time} (seconds), {@code scale_factor} (GPUs); or, in Gavel's later 9-column
 * layout, {@code job_type}, {@code command}, {@code num_steps_arg}, {@code needs_data_dir}, {@code
 * total_steps}, {@code scale_factor}, {@code priority_weight}, {@code SLO}, {@code arrival_time}.
 *
 * <p>A job's duration is its total steps over its isolated throughput on a V100 ({@link
 * #REFERENCE_TYPE}), from Gavel's bundled throughput table, rounded up to whole seconds; its
 * throughputs on the table's other GPUs relative to that are kept as {@link
 * TraceJob#relativeSpeeds()}. Arrival times are rounded down to whole seconds. Jobs are named by
 * their line.
 */
public final class GavelTrace {
  /** The GPU whose throughput gives a job's duration. */
  public static final String REFERENCE_TYPE = "v100";

  private static final List<String> COLUMNS =
      List.of("job_type", "total_steps", "arrival_time", "scale_factor");

  /** Where each of {@link #COLUMNS} is in a row of 7 fields, and of 9. */
  private static final int[] SEVEN = {0, 4, 5, 6};

  private static final int[] NINE = {0, 4, 8, 5};

  private GavelTrace() {}

  /** Reads the whole file; throws {@link dev.wanka.spec.SpecException} listing its problems. */
  public static Trace read(String source, String text) {
    CsvTrace csv = CsvTrace.withColumns(source, COLUMNS);
    String[] lines = CsvTrace.lines(text);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] fields = lines[i].split("\t", -1);
      int[] layout = fields.length == 7 ? SEVEN : fields.length == 9 ? NINE : null;
      if (layout == null) {
        csv.problem(
            i + 1,
            "row",
            fields.length
                + " tab-separated fields; a Gavel trace row has 7 (job_type, command,"
                + " num_steps_arg, needs_data_dir, total_steps, arrival_time, scale_factor) or 9");
        continue;
      }
      String[] picked = new String[COLUMNS.size()];
      for (int c = 0; c < picked.length; c++) {
        picked[c] = fields[layout[c]];
      }
      csv.addRow(picked, i + 1);
    }
    GavelThroughputs table = GavelThroughputs.bundled();
    TraceJobs jobs = new TraceJobs();
    for (int row = 0; row < csv.rowCount(); row++) {
      long steps = csv.integer(row, "total_steps", 1, Long.MAX_VALUE / 4);
      double arrival = csv.number(row, "arrival_time", 0, 1e12);
      long scale = csv.integer(row, "scale_factor", 1, 1_000_000);
      String jobType = csv.text(row, "job_type");
      Optional<double[]> throughputs = table.stepsPerSecond(jobType, (int) Math.max(1, scale));
      if (throughputs.isEmpty() || !(throughputs.get()[0] > 0)) {
        csv.problem(
            csv.lineOf(row),
            "job_type",
            "'"
                + jobType
                + "' has no "
                + REFERENCE_TYPE
                + " throughput in Gavel's table; allowed: "
                + String.join(", ", table.jobTypes()));
      }
      if (csv.hasProblems()) {
        continue;
      }
      double[] perType = throughputs.get();
      Map<String, Double> speeds = new LinkedHashMap<>();
      for (int t = 0; t < perType.length; t++) {
        if (perType[t] > 0) {
          speeds.put(GavelThroughputs.TYPES.get(t), perType[t] / perType[0]);
        }
      }
      jobs.add(
          new TraceJob(
              "line-" + csv.lineOf(row),
              (long) Math.floor(arrival),
              (int) scale,
              0,
              Math.max(1, (long) Math.ceil(steps / perType[0])),
              "",
              jobType,
              speeds));
    }
    csv.throwIfAny();
    return jobs.build(source);
  }
}
