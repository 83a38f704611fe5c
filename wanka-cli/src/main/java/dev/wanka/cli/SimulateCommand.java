package dev.wanka.cli;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.SchedulerConfigReader;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sim.fgd.FgdScenario;
import dev.wanka.sim.fgd.FgdScenarioReader;
import dev.wanka.sim.fgd.PackingPolicies;
import dev.wanka.sim.report.FgdReport;
import dev.wanka.sim.report.HtmlReport;
import dev.wanka.sim.report.PngCharts;
import dev.wanka.sim.scenario.Scenario;
import dev.wanka.sim.scenario.ScenarioReader;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.scenario.ScenarioRunner;
import dev.wanka.sim.scenario.WorkloadSource;
import dev.wanka.sim.synthetic.ClusterStatistics;
import dev.wanka.sim.synthetic.SyntheticWorkload;
import dev.wanka.sim.trace.Trace;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlOverrides;
import dev.wanka.spec.YamlTreeReader;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
              + " else a line every 10 s and one per finished run. An FGD experiment shows a"
              + " line per finished run unless none.")
  SimulateProgress.Mode progress;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    YamlNode document =
        YamlOverrides.apply(
            YamlTreeReader.read(file.toString(), InputFiles.read(file, "scenario")), overrides);
    if (FgdScenarioReader.isFgdExperiment(document)) {
      return fgdExperiment(document);
    }
    Scenario scenario = withOverrides(ScenarioReader.read(document));
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
      Path json = files.write("results.json", Json.text(TwinView.results(result)));
      Path report = files.write("report.html", HtmlReport.render(result));
      List<String> pngs = new ArrayList<>();
      PngCharts.render(result).forEach((name, png) -> pngs.add(files.write(name, png).toString()));
      if (!output.json) {
        err.printf("wrote %s and %s%n", json, report);
        err.printf("wrote %s%n", String.join(", ", pngs));
      }
    }
    return output.print(
        spec, () -> TwinView.document(result), text -> TwinView.print(text, result));
  }

  /** The FGD paper's experiment ({@code experiment: fgd}), with --policy and --seeds applied. */
  private int fgdExperiment(YamlNode document) {
    FgdScenario scenario = FgdScenarioReader.read(document);
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
              if (!output.json && progress != SimulateProgress.Mode.NONE) {
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
        policies.isEmpty() ? scenario.policies() : policies.stream().distinct().toList(),
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
}
