package dev.wanka.cli;

import dev.wanka.sched.bench.BenchCluster;
import dev.wanka.sched.bench.SchedulerBench;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka bench scheduler}: the scheduler core's placement rate for single-node work and its
 * cycle latency for a large gang, on a generated H100 cluster ({@link SchedulerBench}).
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the scheduler core against its targets on a generated H100 cluster.",
      "The cluster has H100 nodes of 8 on the 3-tier fabric of"
          + " examples/clusters/h100-100k.yaml; its work is seeded and random. Two measures:",
      "  placements per second: single-node jobs (1, 2, 4 or 8 devices) submitted to a 30%%"
          + " busy cluster, placed by scheduling cycles until none starts (3 rounds after a"
          + " warm-up);",
      "  gang latency: one cycle placing a rigid gang of 8,192 devices (a tenth of a smaller"
          + " cluster) on a 70%% busy cluster while --pending mixed jobs wait, repeated"
          + " --repetitions times after a warm-up; p50 and p99 of the cycle time.",
      "Targets (100,000 devices, 10,000 pending): >= 5,000 placements/s and p99 <= 50 ms. The"
          + " default run takes 10-20 s; it reports progress on stderr once it has run 2 s."
    },
    footerHeading = "%nExample:%n",
    footer = {"  wanka bench scheduler --devices 16384 --pending 2000 --json"})
final class BenchSchedulerCommand implements Callable<Integer> {
  /** Progress goes to stderr only once a run has taken this long. */
  static final long QUIET_NANOS = 2_000_000_000L;

  @ParentCommand BenchCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      paramLabel = "N",
      description = "Devices in the cluster, a multiple of 8; default 100,000.")
  int devices = SchedulerBench.DEFAULT_DEVICES;

  @Option(
      names = "--pending",
      paramLabel = "M",
      description = "Jobs pending in both measurements; default 10,000.")
  int pending = SchedulerBench.DEFAULT_PENDING;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the cluster's work and jobs; the same seed, the same work. Default 1.")
  long seed = SchedulerBench.DEFAULT_SEED;

  @Option(
      names = "--repetitions",
      paramLabel = "R",
      description =
          "Timed gang cycles; default 100 (and half as many warm-up cycles, at least 20).")
  int repetitions = SchedulerBench.DEFAULT_REPETITIONS;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    FlagProblems problems = new FlagProblems();
    String devicesProblem = BenchCluster.problem(devices);
    if (devicesProblem != null) {
      problems.add("--devices: " + devicesProblem);
    }
    problems.range("--pending", pending, 1, SchedulerBench.MAX_PENDING);
    problems.range("--repetitions", repetitions, 1, SchedulerBench.MAX_REPETITIONS);
    if (problems.any()) {
      return problems.report(spec);
    }
    SchedulerBench.Options options = SchedulerBench.Options.of(devices, pending, seed, repetitions);
    SchedulerBench.Result result = SchedulerBench.run(options, System::nanoTime, progress());
    String java = System.getProperty("java.version");
    return output.print(spec, () -> json(result, java), out -> print(out, result, java));
  }

  /** Prints what runs next on stderr, from the first step after the run has taken 2 s. */
  private Consumer<String> progress() {
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    return step -> {
      long elapsed = System.nanoTime() - start;
      if (elapsed > QUIET_NANOS) {
        err.printf(Locale.ROOT, "bench: %.0f s: %s%n", elapsed / 1e9, step);
        err.flush();
      }
    };
  }

  /** Whether the run is the issue's situation, which the targets are about. */
  private static boolean targetsApply(SchedulerBench.Options options) {
    return options.devices() == SchedulerBench.DEFAULT_DEVICES
        && options.pending() == SchedulerBench.DEFAULT_PENDING;
  }

  static Map<String, Object> json(SchedulerBench.Result result, String javaVersion) {
    SchedulerBench.Options options = result.options();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("devices", options.devices());
    json.put("pending", options.pending());
    json.put("seed", options.seed());
    json.put("repetitions", options.repetitions());
    json.put("warmupRepetitions", options.warmupRepetitions());
    json.put("javaVersion", javaVersion);
    json.put("placementsPerSecond", Json.round(result.placementsPerSecond()));
    json.put("placements", result.placements());
    json.put("placementCycles", result.placementCycles());
    json.put("placementMillis", Json.round(result.placementNanos() / 1e6));
    json.put("singleNodeRounds", options.singleNodeRounds());
    json.put("singleNodeBusy", Json.round(result.singleNodeBusy()));
    json.put("gangDevices", options.gangDevices());
    json.put("gangScope", result.gangScope());
    json.put("gangBusy", Json.round(result.gangBusy()));
    json.put("gangP50Millis", Json.round(result.gangP50Millis()));
    json.put("gangP99Millis", Json.round(result.gangP99Millis()));
    json.put("gangMaxMillis", Json.round(result.gangMaxMillis()));
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("apply", targetsApply(options));
    targets.put("placementsPerSecond", SchedulerBench.TARGET_PLACEMENTS_PER_SECOND);
    targets.put("gangP99Millis", SchedulerBench.TARGET_GANG_P99_MILLIS);
    targets.put("placementsMet", result.meetsPlacementTarget());
    targets.put("gangMet", result.meetsGangTarget());
    json.put("targets", targets);
    return json;
  }

  static void print(PrintWriter out, SchedulerBench.Result result, String javaVersion) {
    SchedulerBench.Options options = result.options();
    boolean targets = targetsApply(options);
    out.printf(
        Locale.ROOT,
        "Scheduler benchmark: %,d H100 SXM (%,d nodes of 8, 3-tier fabric), %,d jobs pending,"
            + " seed %d%n%n",
        options.devices(),
        options.devices() / BenchCluster.DEVICES_PER_NODE,
        options.pending(),
        options.seed());
    TextTable table =
        targets
            ? new TextTable("MEASURE", "RESULT>", "TARGET", "VERDICT")
            : new TextTable("MEASURE", "RESULT>");
    String gang = String.format(Locale.ROOT, "%,d-device gang cycle", options.gangDevices());
    String rate = String.format(Locale.ROOT, "%,.0f", result.placementsPerSecond());
    String p50 = String.format(Locale.ROOT, "%.1f", result.gangP50Millis());
    String p99 = String.format(Locale.ROOT, "%.1f", result.gangP99Millis());
    if (targets) {
      table.row(
          "single-node placements/s",
          rate,
          ">= 5,000",
          result.meetsPlacementTarget() ? "met" : "NOT met");
      table.row(gang + " p50 (ms)", p50, "", "");
      table.row(gang + " p99 (ms)", p99, "<= 50", result.meetsGangTarget() ? "met" : "NOT met");
    } else {
      table.row("single-node placements/s", rate);
      table.row(gang + " p50 (ms)", p50);
      table.row(gang + " p99 (ms)", p99);
    }
    table.print(out, "  ");
    out.println();
    out.printf(
        Locale.ROOT,
        "  single-node  %d rounds of %,d jobs on a %.0f%% busy cluster: %,d placed in %d cycles,"
            + " %.1f ms%n",
        options.singleNodeRounds(),
        options.pending(),
        result.singleNodeBusy() * 100,
        result.placements(),
        result.placementCycles(),
        result.placementNanos() / 1e6);
    out.printf(
        Locale.ROOT,
        "  gang         %d cycles (after %d warm-up) on a %.0f%% busy cluster, %s; max %.1f ms%n",
        options.repetitions(),
        options.warmupRepetitions(),
        result.gangBusy() * 100,
        result.gangScope().equals("pool")
            ? "anywhere in the pool, preferring one spine group"
            : "required within one " + result.gangScope() + " group",
        result.gangMaxMillis());
    out.printf(
        Locale.ROOT,
        "  Java %s%s%n",
        javaVersion,
        targets ? "" : "; the targets are for 100,000 devices and 10,000 pending");
  }
}
