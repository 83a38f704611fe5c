package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.SchedulerConfigReader;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sim.accounting.EnergyUse;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.failure.FailureScope;
import dev.wanka.sim.fgd.FgdScenario;
import dev.wanka.sim.fgd.FgdScenarioReader;
import dev.wanka.sim.fgd.PackingPolicies;
import dev.wanka.sim.report.FgdReport;
import dev.wanka.sim.report.HtmlReport;
import dev.wanka.sim.report.PngCharts;
import dev.wanka.sim.report.Verdict;
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
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
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
            + " utilization, allocation ratio, fragmentation, preemptions, failures, goodput,"
            + " energy and cost, and which policy won.")
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
              + " sjf, las, drf; in an FGD experiment a packing policy: Random, DotProd,"
              + " GpuClustering, GpuPacking, BestFit, FGD.")
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
              + " quantiles), DIR/report.html (a self-contained page with a verdict, the"
              + " comparison tables and charts) and the charts as PNG files: utilization.png,"
              + " queue.png, fragmentation.png, jct-cdf.png.")
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
    String yaml = InputFiles.read(file, "scenario");
    if (FgdScenarioReader.isFgdExperiment(file.toString(), yaml, overrides)) {
      return fgdExperiment(yaml);
    }
    Scenario scenario = withOverrides(ScenarioReader.read(file.toString(), yaml, overrides));
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
      List<String> pngs = new ArrayList<>();
      PngCharts.render(result).forEach((name, png) -> pngs.add(files.write(name, png).toString()));
      if (!output.json) {
        err.printf("wrote %s and %s%n", json, report);
        err.printf("wrote %s%n", String.join(", ", pngs));
      }
    }
    return output.print(spec, () -> json(result), text -> print(text, result));
  }

  /** The FGD paper's experiment ({@code experiment: fgd}), with --policy and --seeds applied. */
  private int fgdExperiment(String yaml) {
    FgdScenario scenario = FgdScenarioReader.read(file.toString(), yaml, overrides);
    if (!policies.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (String policy : policies) {
        names.add(
            PackingPolicies.canonical(policy)
                .orElseThrow(
                    () -> new UsageException("--policy: " + PackingPolicies.notAPolicy(policy))));
      }
      scenario = scenario.withPolicies(names.stream().distinct().toList());
    }
    if (seeds != null) {
      checkSeeds();
      scenario = scenario.withSeeds(seeds);
    }
    PrintWriter err = spec.commandLine().getErr();
    FgdSimulation.Outcome outcome =
        FgdSimulation.run(
            scenario,
            file.toAbsolutePath().getParent(),
            Runtime.getRuntime().availableProcessors(),
            line -> {
              if (!output.json) {
                err.println(line);
                err.flush();
              }
            });
    if (out != null) {
      ResultFiles files = new ResultFiles(out);
      List<String> written = new ArrayList<>();
      written.add(
          files.write("results.json", Json.text(FgdView.document(outcome.result()))).toString());
      written.add(files.write("report.html", FgdReport.html(outcome.result())).toString());
      FgdReport.pngs(outcome.result())
          .forEach((name, png) -> written.add(files.write(name, png).toString()));
      if (!output.json) {
        err.printf("wrote %s%n", String.join(", ", written));
      }
    }
    return output.print(
        spec, () -> FgdView.document(outcome.result()), text -> FgdView.print(text, outcome));
  }

  private void checkSeeds() {
    if (seeds < 1 || seeds > 100) {
      throw new UsageException("--seeds: " + seeds + " is not allowed: must be from 1 to 100");
    }
  }

  private Scenario withOverrides(Scenario scenario) {
    for (String policy : policies) {
      if (QueueOrders.byName(policy).isEmpty()) {
        throw new UsageException("--policy: " + QueueOrders.notAnOrder(policy));
      }
    }
    if (seeds != null) {
      checkSeeds();
    }
    return scenario.withRuns(
        policies.isEmpty() ? scenario.policies() : policies,
        seeds == null ? scenario.seeds() : seeds);
  }

  /**
   * The jobs of each seed: a trace file read once, or a synthetic workload per seed; none for LLM
   * jobs, which the scenario lists itself.
   */
  private static LongFunction<Trace> traceForSeed(WorkloadSource source, Path base) {
    if (source instanceof WorkloadSource.LlmJobs) {
      return seed -> {
        throw new IllegalStateException("a scenario that lists its LLM jobs reads no trace");
      };
    }
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
      List<List<Number>> timeline = new ArrayList<>();
      for (TimelineSample sample : evenly(twin.timeline(), MAX_TIMELINE_POINTS)) {
        timeline.add(
            List.of(
                sample.seconds(),
                Json.round(sample.busyDevices()),
                sample.pendingGangs(),
                sample.runningGangs(),
                sample.upDevices(),
                sample.freeDevices(),
                Json.round(sample.fragmentedDevices())));
      }
      row.put(
          "timelineColumns",
          List.of(
              "seconds",
              "busyDevices",
              "pendingGangs",
              "runningGangs",
              "upDevices",
              "freeDevices",
              "fragmentedDevices"));
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
    doc.put("outsideWindowJobs", result.outsideWindowJobs());
    doc.put("power", power(result));
    doc.put("notes", notes(result));
    doc.put("verdict", Verdict.of(result));
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
      row.put("failuresByScope", failuresByScope(run.result()));
      row.put("interruptions", s.interruptions());
      row.put("ettr", s.ettr());
      row.put("allocationRatio", s.allocationRatio());
      row.put("fragmentation", s.fragmentation());
      row.put("lostDeviceHours", s.lostDeviceHours());
      row.put("goodput", s.goodput());
      EnergyUse energy = s.energy();
      row.put("energyKWh", orNull(energy.kWh()));
      row.put("averagePowerKW", orNull(energy.averageKW()));
      row.put("energyCost", orNull(energy.energyCost()));
      row.put("deviceCost", orNull(energy.deviceCost()));
      runs.add(row);
    }
    doc.put("runs", runs);
    return doc;
  }

  /** How many failures took out a device, a node, a leaf: {"device": n, "node": n, "leaf": n}. */
  private static Map<String, Long> failuresByScope(TwinResult result) {
    Map<String, Long> byScope = new LinkedHashMap<>();
    for (FailureScope scope : FailureScope.values()) {
      byScope.put(scope.name().toLowerCase(Locale.ROOT), result.failuresOf(scope));
    }
    return byScope;
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  /** The energy and cost settings the runs used, resolved per accelerator type. */
  private static Map<String, Object> power(ScenarioResult result) {
    PowerModel power = result.power();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("pue", power.pue());
    doc.put("idleFraction", power.idleFraction());
    doc.put("busyUtilization", power.busyUtilization());
    Map<String, Object> tdp = new LinkedHashMap<>();
    Map<String, Object> perDeviceHour = new LinkedHashMap<>();
    for (Accelerator type : result.acceleratorTypes()) {
      tdp.put(type.id(), orNull(power.tdpWatts(type)));
      power.prices().of(type).ifPresent(price -> perDeviceHour.put(type.id(), price));
    }
    doc.put("tdpWatts", tdp);
    doc.put("currency", power.currency().isEmpty() ? null : power.currency());
    doc.put("perKWh", orNull(power.perKWh()));
    doc.put("perDeviceHour", perDeviceHour);
    return doc;
  }

  /** Why a figure is missing, once each. */
  private static List<String> notes(ScenarioResult result) {
    return result.runs().stream()
        .flatMap(run -> run.summary().energy().unknown().stream())
        .distinct()
        .toList();
  }

  private static void print(PrintWriter out, ScenarioResult result) {
    out.printf(
        "Scenario %s: %,d jobs simulated%s%n%n",
        result.scenario(),
        result.jobs(),
        result.notSimulated().isEmpty() ? "" : " (not simulated: " + result.notSimulated() + ")");
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
    out.println();
    String currency = result.power().currency();
    String unit = currency.isEmpty() ? "" : " " + currency;
    TextTable capacity =
        new TextTable(
            "POLICY",
            "SEED>",
            "ALLOC>",
            "FRAG>",
            "LOST DEV-H>",
            "GOODPUT>",
            "ENERGY kWh>",
            "AVG kW>",
            "ENERGY COST" + unit + ">",
            "DEVICE COST" + unit + ">");
    for (ScenarioResult.PolicyRun run : result.runs()) {
      RunSummary s = run.summary();
      EnergyUse energy = s.energy();
      capacity.row(
          run.policy(),
          run.seed(),
          String.format("%.1f%%", 100 * s.allocationRatio()),
          String.format("%.1f%%", 100 * s.fragmentation()),
          String.format("%,.1f", s.lostDeviceHours()),
          String.format("%.1f%%", 100 * s.goodput()),
          format(energy.kWh(), energy.kWh().orElse(0) < 100 ? "%.2f" : "%,.0f"),
          format(energy.averageKW(), "%,.1f"),
          format(energy.energyCost(), "%,.2f"),
          format(energy.deviceCost(), "%,.2f"));
    }
    capacity.print(out, "  ");
    for (String note : notes(result)) {
      out.println("  note: " + note);
    }
    List<String> verdict = Verdict.of(result);
    if (!verdict.isEmpty()) {
      out.println();
      for (String line : verdict) {
        out.println(line);
      }
    }
  }

  private static String format(OptionalDouble value, String pattern) {
    return value.isPresent() ? String.format(pattern, value.getAsDouble()) : "-";
  }
}
