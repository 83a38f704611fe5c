package dev.wanka.cli;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.SchedulerConfigReader;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sim.report.HtmlReport;
import dev.wanka.sim.scenario.Scenario;
import dev.wanka.sim.scenario.ScenarioReader;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.scenario.ScenarioRunner;
import dev.wanka.sim.scenario.WorkloadSource;
import dev.wanka.sim.synthetic.ClusterStatistics;
import dev.wanka.sim.synthetic.SyntheticWorkload;
import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.RunSummary;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wanka simulate SCENARIO}: the digital twin on a scenario's trace and cluster. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Run the digital twin: a scenario's job trace on its cluster with the scheduler core,"
            + " once per queue order and seed; job completion times, waits, makespan,"
            + " utilization and preemptions.")
final class SimulateCommand implements Callable<Integer> {
  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      description = "Scenario YAML, e.g. examples/scenarios/tiresias-60.yaml.")
  Path file;

  @Option(
      names = "--policy",
      paramLabel = "ORDER",
      description =
          "A queue order to run (repeatable; replaces the scenario's policies): fifo, priority,"
              + " sjf, las, drf.")
  List<String> policies = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N", description = "Runs per policy, 1 to 100.")
  Integer seeds;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override a scenario field, e.g. --set workload.loadScale=5 or --set"
              + " workload.trace.path=other.csv (repeatable, applied in order).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Also write DIR/results.json (every run's summary, its cluster timeline after each"
              + " cycle, at most 2,000 points, and its job completion times, at most 1,000"
              + " quantiles) and DIR/report.html (a self-contained page with the comparison"
              + " table and charts).")
  Path out;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      converter = KeywordOption.ProgressKeyword.class,
      completionCandidates = KeywordOption.ProgressKeyword.class,
      description =
          "How progress shows on stderr: ${COMPLETION-CANDIDATES}; default a bar on a terminal,"
              + " else a line every 10 s and one per finished run.")
  SimulateProgress.Mode progress;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Scenario scenario =
        withOverrides(
            ScenarioReader.read(file.toString(), InputFiles.read(file, "scenario"), overrides));
    Path base = file.toAbsolutePath().getParent();
    Catalog catalog = root.catalog();
    Path clusterFile = base.resolve(scenario.clusterPath());
    Cluster cluster =
        Cluster.build(
            ClusterSpecReader.read(
                clusterFile.toString(), InputFiles.read(clusterFile, "cluster spec"), catalog));
    SchedulerConfig config =
        scenario.schedulerPath().isPresent()
            ? schedulerConfig(base.resolve(scenario.schedulerPath().get()), catalog)
            : ScenarioRunner.openConfig(
                cluster, scenario.queue().orElse(ScenarioRunner.DEFAULT_QUEUE));
    LongFunction<Trace> traceForSeed = traceForSeed(scenario.source(), base);
    PrintWriter err = spec.commandLine().getErr();
    ScenarioResult result;
    try {
      result =
          ScenarioRunner.run(
              scenario,
              cluster,
              config,
              traceForSeed,
              new SimulateProgress(
                  progress == null ? SimulateProgress.auto() : progress, err, System::nanoTime));
    } catch (IllegalArgumentException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
    if (out != null) {
      ResultFiles files = new ResultFiles(out);
      Path json = files.write("results.json", Json.text(results(result)));
      Path report = files.write("report.html", HtmlReport.render(result));
      if (!output.json) {
        err.printf("wrote %s and %s%n", json, report);
      }
    }
    return output.print(spec, () -> json(result), text -> print(text, result));
  }

  private Scenario withOverrides(Scenario scenario) {
    for (String policy : policies) {
      if (QueueOrders.byName(policy).isEmpty()) {
        throw new UsageException("--policy: " + QueueOrders.notAnOrder(policy));
      }
    }
    if (seeds != null && (seeds < 1 || seeds > 100)) {
      throw new UsageException("--seeds: " + seeds + " is not allowed: must be from 1 to 100");
    }
    return new Scenario(
        scenario.name(),
        scenario.clusterPath(),
        scenario.schedulerPath(),
        scenario.source(),
        scenario.accelerator(),
        scenario.queue(),
        scenario.loadScale(),
        scenario.exactEstimates(),
        policies.isEmpty() ? scenario.policies() : policies,
        seeds == null ? scenario.seeds() : seeds,
        scenario.horizonSeconds(),
        scenario.failureScale());
  }

  /** The jobs of each seed: a trace file read once, or a synthetic workload per seed. */
  private static LongFunction<Trace> traceForSeed(WorkloadSource source, Path base) {
    if (source instanceof WorkloadSource.TraceFile) {
      WorkloadSource.TraceFile file = (WorkloadSource.TraceFile) source;
      Path path = base.resolve(file.path());
      Trace trace = file.format().read(path.toString(), InputFiles.read(path, "trace"));
      return seed -> trace;
    }
    WorkloadSource.Synthetic synthetic = (WorkloadSource.Synthetic) source;
    SyntheticWorkload generator =
        new SyntheticWorkload(ClusterStatistics.find(synthetic.basis()).orElseThrow());
    return seed -> generator.generate(synthetic.jobs(), synthetic.arrivalsPerHour(), seed);
  }

  private static SchedulerConfig schedulerConfig(Path path, Catalog catalog) {
    return SchedulerConfigReader.read(
        path.toString(), InputFiles.read(path, "scheduler configuration"), catalog);
  }

  /** The --json document plus, per run, its timeline and completion times. */
  private static Map<String, Object> results(ScenarioResult result) {
    Map<String, Object> doc = json(result);
    List<Map<String, Object>> runs = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> summaries = (List<Map<String, Object>>) doc.get("runs");
    for (int i = 0; i < result.runs().size(); i++) {
      TwinResult twin = result.runs().get(i).result();
      Map<String, Object> row = new LinkedHashMap<>(summaries.get(i));
      List<long[]> timeline = new ArrayList<>();
      for (TimelineSample sample : evenly(twin.timeline(), MAX_TIMELINE_POINTS)) {
        timeline.add(
            new long[] {
              sample.seconds(),
              Math.round(sample.busyDevices()),
              sample.pendingGangs(),
              sample.runningGangs()
            });
      }
      row.put("timelineColumns", List.of("seconds", "busyDevices", "pendingGangs", "runningGangs"));
      row.put("timeline", timeline);
      List<Long> completion =
          twin.jobs().stream()
              .filter(JobOutcome::completed)
              .map(o -> o.completionSeconds().getAsLong())
              .sorted()
              .toList();
      row.put("jctSecondsQuantiles", evenly(completion, MAX_QUANTILES));
      runs.add(row);
    }
    doc.put("runs", runs);
    return doc;
  }

  private static final int MAX_TIMELINE_POINTS = 2000;

  private static final int MAX_QUANTILES = 1000;

  /** At most {@code max} items, evenly spaced, always with the first and the last. */
  static <T> List<T> evenly(List<T> items, int max) {
    if (items.size() <= max) {
      return items;
    }
    List<T> picked = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      picked.add(items.get((int) Math.round((double) i * (items.size() - 1) / (max - 1))));
    }
    return picked;
  }

  private static Map<String, Object> json(ScenarioResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", result.scenario());
    doc.put("jobs", result.jobs());
    doc.put("cpuOnlyJobs", result.cpuOnlyJobs());
    doc.put("neverRanJobs", result.neverRanJobs());
    List<Map<String, Object>> runs = new ArrayList<>();
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", run.policy());
      row.put("seed", run.seed());
      row.put("completed", s.completed());
      row.put("meanJctSeconds", s.meanCompletionSeconds());
      row.put("p50JctSeconds", s.p50CompletionSeconds());
      row.put("p99JctSeconds", s.p99CompletionSeconds());
      row.put("meanWaitSeconds", s.meanWaitSeconds());
      row.put("p99WaitSeconds", s.p99WaitSeconds());
      row.put("makespanSeconds", s.makespanSeconds());
      row.put("utilization", s.utilization());
      row.put("preemptions", s.preemptions());
      row.put("failures", s.failures());
      row.put("interruptions", s.interruptions());
      row.put("ettr", s.ettr());
      runs.add(row);
    }
    doc.put("runs", runs);
    return doc;
  }

  private static void print(PrintWriter out, ScenarioResult result) {
    out.printf(
        "Scenario %s: %,d jobs simulated%s%n%n",
        result.scenario(),
        result.jobs(),
        result.cpuOnlyJobs() + result.neverRanJobs() == 0
            ? ""
            : String.format(
                " (%,d CPU-only and %,d never-run jobs of the trace not simulated)",
                result.cpuOnlyJobs(), result.neverRanJobs()));
    TextTable table =
        new TextTable(
            "POLICY",
            "SEED>",
            "DONE>",
            "JCT MEAN s>",
            "JCT P50 s>",
            "JCT P99 s>",
            "WAIT MEAN s>",
            "MAKESPAN s>",
            "UTIL>",
            "PREEMPT>",
            "FAIL>",
            "ETTR>");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      table.row(
          run.policy(),
          run.seed(),
          s.completed() + "/" + s.jobs(),
          String.format("%,.0f", s.meanCompletionSeconds()),
          String.format("%,d", s.p50CompletionSeconds()),
          String.format("%,d", s.p99CompletionSeconds()),
          String.format("%,.0f", s.meanWaitSeconds()),
          String.format("%,d", s.makespanSeconds()),
          String.format("%.1f%%", 100 * s.utilization()),
          s.preemptions(),
          s.failures(),
          String.format("%.3f", s.ettr()));
    }
    table.print(out, "  ");
  }
}
