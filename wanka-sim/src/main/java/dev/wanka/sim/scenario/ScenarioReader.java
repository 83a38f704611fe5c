package dev.wanka.sim.scenario;

import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sim.synthetic.ClusterStatistics;
import dev.wanka.sim.synthetic.SyntheticWorkload;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlOverrides;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a scenario file and checks it whole: every problem with file, line, field, the bad value
 * and what is allowed. The format:
 *
 * <pre>{@code
 * name: tiresias-60                 # required slug
 * cluster: clusters/tiresias.yaml   # required: a cluster spec, relative to this file
 * scheduler: scheduler/queues.yaml  # optional: priority classes and queues (default: one queue)
 * workload:
 *   trace: {format: tiresias, path: traces/60_job.csv}   # philly, tiresias, helios, gavel
 *   # or, instead of trace: jobs fitted to a bundled cluster's statistics, new for each seed
 *   # synthetic: {basis: helios, jobs: 2000, arrivalsPerHour: 60}
 *   accelerator: a100-sxm-80gb      # optional: the type jobs run on (default: the first pool's)
 *   queue: default                  # optional: the queue jobs go to (default: "default")
 *   loadScale: 1                    # optional: arrival rate multiplier (default 1)
 *   estimates: none                 # optional: none (default) or exact: each job's estimate is
 *                                   #   its trace duration (for sjf and backfill)
 * policies: [fifo, sjf, las]        # optional: queue orders to compare (default [priority])
 * seeds: 1                          # optional: runs per policy, 1 to 100 (default 1)
 * horizonSeconds: 31536000          # optional: stop there (default: a year)
 * failures: {model: llama3, scale: 1}   # optional: nodes fail at Llama 3's rates times scale
 * }</pre>
 */
public final class ScenarioReader {
  /** A year of virtual time. */
  public static final long DEFAULT_HORIZON_SECONDS = 365L * 24 * 3600;

  private ScenarioReader() {}

  private static Optional<WorkloadSource> source(MapReader workload) {
    if (workload.has("trace") == workload.has("synthetic")) {
      workload.problem(
          workload.has("trace") ? "synthetic" : "trace",
          workload.has("trace")
              ? "give trace or synthetic, not both"
              : "missing: give trace {format, path} or synthetic {basis, jobs, arrivalsPerHour}");
      return Optional.empty();
    }
    if (workload.has("trace")) {
      MapReader trace = workload.map("trace", "format", "path");
      Optional<TraceFormat> format = trace.keyword("format", TraceFormat.class);
      String path = trace.string("path");
      return format.map(f -> new WorkloadSource.TraceFile(f, path));
    }
    MapReader synthetic = workload.map("synthetic", "basis", "jobs", "arrivalsPerHour");
    String basis = synthetic.string("basis");
    int jobs = (int) synthetic.integer("jobs", 1, MAX_SYNTHETIC_JOBS);
    double rate = synthetic.positive("arrivalsPerHour");
    Optional<ClusterStatistics> statistics = ClusterStatistics.find(basis);
    if (!basis.isEmpty() && statistics.isEmpty()) {
      synthetic.problem(
          "basis",
          "'"
              + basis
              + "' is not a bundled cluster; allowed: "
              + String.join(", ", ClusterStatistics.bundled().keySet()));
    } else if (statistics.isPresent()) {
      try {
        new SyntheticWorkload(statistics.get());
      } catch (IllegalArgumentException e) {
        synthetic.problem("basis", e.getMessage());
      }
    }
    return Optional.of(new WorkloadSource.Synthetic(basis, jobs, rate));
  }

  /** The most jobs a synthetic workload may have. */
  public static final int MAX_SYNTHETIC_JOBS = 10_000_000;

  /** Where jobs' run-time estimates come from. */
  enum Estimates implements dev.wanka.spec.Keyword {
    NONE("none"),
    EXACT("exact");

    private final String keyword;

    Estimates(String keyword) {
      this.keyword = keyword;
    }

    @Override
    public String keyword() {
      return keyword;
    }
  }

  /** Parses and validates; throws {@link dev.wanka.spec.SpecException} listing every problem. */
  public static Scenario read(String source, String yaml) {
    return read(source, yaml, List.of());
  }

  /**
   * As {@link #read(String, String)}, with {@code key.path=value} overrides applied first (see
   * {@link YamlOverrides}), so a sweep needs no edited copies of the file.
   */
  public static Scenario read(String source, String yaml, List<String> overrides) {
    Problems problems = new Problems();
    YamlNode root = YamlOverrides.apply(YamlTreeReader.read(source, yaml), overrides);
    MapReader top =
        MapReader.of(
            root,
            "",
            problems,
            "name",
            "cluster",
            "scheduler",
            "workload",
            "policies",
            "seeds",
            "horizonSeconds",
            "failures");
    String name = top.slug("name");
    String cluster = top.string("cluster");
    Optional<String> scheduler = top.optionalString("scheduler");
    MapReader workload =
        top.map("workload", "trace", "synthetic", "accelerator", "queue", "loadScale", "estimates");
    Optional<WorkloadSource> jobs = source(workload);
    Optional<String> accelerator = workload.optionalString("accelerator");
    Optional<String> queue = workload.optionalString("queue");
    double loadScale = workload.optionalPositive("loadScale").orElse(1.0);
    Estimates estimates = workload.keyword("estimates", Estimates.class, Estimates.NONE);
    List<String> policies = new ArrayList<>();
    List<YamlNode> items = top.list("policies", false);
    for (int i = 0; i < items.size(); i++) {
      String path = Paths.item("policies", i);
      Optional<String> policy = Values.string(items.get(i), path, problems);
      if (policy.isPresent() && QueueOrders.byName(policy.get()).isEmpty()) {
        problems.add(items.get(i).at(), path, QueueOrders.notAnOrder(policy.get()));
      }
      policy.ifPresent(policies::add);
    }
    if (!top.has("policies")) {
      policies.add(QueueOrders.PRIORITY.name());
    }
    int seeds = (int) top.integer("seeds", 1, 100, 1);
    long horizon = top.integer("horizonSeconds", 1, Long.MAX_VALUE / 4, DEFAULT_HORIZON_SECONDS);
    double failureScale = 0;
    Optional<MapReader> failures = top.optionalMap("failures", "model", "scale");
    if (failures.isPresent()) {
      String model = failures.get().string("model");
      if (!model.isEmpty() && !model.equals("llama3")) {
        failures.get().problem("model", "'" + model + "' is not allowed: the model is llama3");
      }
      failureScale = failures.get().optionalNumber("scale", 0, 1e6).orElse(1.0);
    }
    problems.throwIfAny();
    return new Scenario(
        name,
        cluster,
        scheduler,
        jobs.orElseThrow(),
        accelerator,
        queue,
        loadScale,
        estimates == Estimates.EXACT,
        policies,
        seeds,
        horizon,
        failureScale);
  }
}
