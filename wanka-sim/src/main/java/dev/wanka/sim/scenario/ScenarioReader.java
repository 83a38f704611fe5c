package dev.wanka.sim.scenario;

import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sim.accounting.CostSettings;
import dev.wanka.sim.accounting.EnergySettings;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.sim.llm.LlmJobReader;
import dev.wanka.sim.synthetic.ClusterStatistics;
import dev.wanka.sim.synthetic.SyntheticWorkload;
import dev.wanka.sim.trace.TimeWindow;
import dev.wanka.sim.twin.RunTimeModel;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlOverrides;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a scenario file and checks it whole: every problem with file, line, field, the bad value
 * and what is allowed. The format:
 *
 * <pre>{@code
 * name: tiresias-60                 # required slug
 * experiment: twin                  # optional: twin (default); fgd is the FGD paper's experiment
 * cluster: clusters/tiresias.yaml   # required: a cluster spec, relative to this file
 * scheduler: scheduler/queues.yaml  # optional: priority classes and queues (default: one queue)
 * workload:                         # one of trace, synthetic, llm:
 *   trace: {format: tiresias, path: traces/60_job.csv}   # philly, tiresias, helios, gavel
 *     # optional in trace: window: {fromSeconds: 0, toSeconds: 86400}: replay only the jobs
 *     #   submitted then (seconds since the first submission), shifted to start at 0
 *   # synthetic: {basis: helios, jobs: 2000, arrivalsPerHour: 60}   # new jobs for each seed
 *   # llm:                          # LLM jobs timed by the performance model
 *   #   - {model: llama3-8b, tokens: 2.0e10, devices: 64, tp: 2, globalBatch: 512}
 *   accelerators: [h100-sxm]        # optional: the types jobs accept, most preferred first; trace
 *                                   #   durations are run times on the first (default: the first
 *                                   #   pool's type); `accelerator: h100-sxm` names one
 *   queue: default                  # optional: the queue jobs go to (default: "default")
 *   loadScale: 1                    # optional: arrival rate multiplier (default 1)
 *   estimates: none                 # optional: none (default) or exact: each job's estimate is
 *                                   #   its run time on the first type (for sjf and backfill)
 * policies: [fifo, sjf, las]        # optional: queue orders to compare, each once (default [priority])
 * seeds: 1                          # optional: runs per policy, 1 to 100 (default 1)
 * horizonSeconds: 31536000          # optional: stop there (default: a year)
 * runTime: {tierSlowdown: 1.1, speeds: {h100-sxm: 1, ascend-910b3: 0.3}}   # optional
 * failures: {model: llama3, scale: 1, detectionSeconds: 60, restartSeconds: 300, spareNodes: 0}
 * energy:                           # optional: how devices draw power
 *   pue: 1.3                        #   default: the cluster spec's, else 1
 *   idleFraction: 0.15              #   idle power / TDP (default 0.15)
 *   busyUtilization: 1.0            #   a busy device draws idle + this × (TDP - idle) (default 1)
 *   tdpWatts: {ascend-910b2: 350}   #   TDP per type, replacing or filling in the catalog's
 * cost:                             # optional: prices, all in one currency
 *   currency: USD                   #   required: ISO 4217
 *   perKWh: 0.10                    #   electricity (default: the cluster spec's, same currency)
 *   perDeviceHour: {h100-sxm: 2.5}  #   per type; every type of the cluster, or none
 * }</pre>
 */
public final class ScenarioReader {
  /** The value of {@code experiment} for a twin run; {@code fgd} is read by FgdScenarioReader. */
  public static final String TWIN_EXPERIMENT = "twin";

  /** A year of virtual time. */
  public static final long DEFAULT_HORIZON_SECONDS = 365L * 24 * 3600;

  private ScenarioReader() {}

  private static Optional<WorkloadSource> source(MapReader workload) {
    List<String> given = SOURCES.stream().filter(workload::has).toList();
    if (given.size() != 1) {
      workload.problem(
          given.isEmpty() ? "trace" : given.get(1),
          given.isEmpty()
              ? "missing: give one of trace {format, path}, synthetic {basis, jobs,"
                  + " arrivalsPerHour} or llm [jobs]"
              : "give one of trace, synthetic or llm, not " + String.join(" and ", given));
      return Optional.empty();
    }
    if (workload.has("trace")) {
      MapReader trace = workload.map("trace", "format", "path", "window");
      Optional<TraceFormat> format = trace.keyword("format", TraceFormat.class);
      String path = trace.string("path");
      TimeWindow window = window(trace);
      return format.map(f -> new WorkloadSource.TraceFile(f, path, window));
    }
    if (workload.has("llm")) {
      return Optional.of(new WorkloadSource.LlmJobs(LlmJobReader.read(workload, "llm")));
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

  private static final List<String> SOURCES = List.of("trace", "synthetic", "llm");

  /** The types jobs accept: {@code accelerators}, or the one {@code accelerator}; empty if none. */
  private static List<String> accelerators(MapReader workload) {
    if (workload.has("accelerator") && workload.has("accelerators")) {
      workload.problem("accelerator", "give accelerator or accelerators, not both");
      return List.of();
    }
    if (workload.has("accelerator")) {
      return workload.optionalString("accelerator").map(List::of).orElse(List.of());
    }
    List<String> types = new ArrayList<>();
    List<YamlNode> items = workload.list("accelerators", false);
    for (int i = 0; i < items.size(); i++) {
      String path = Paths.item(workload.path("accelerators"), i);
      Optional<String> type = Values.slug(items.get(i), path, workload.problems());
      if (type.isPresent() && types.contains(type.get())) {
        workload.problems().add(items.get(i).at(), path, "'" + type.get() + "' is listed twice");
      } else {
        type.ifPresent(types::add);
      }
    }
    if (workload.has("accelerators") && items.isEmpty()) {
      workload.problem("accelerators", "an empty list is not allowed: give at least one type");
    }
    return types;
  }

  private static RunTimeSettings runTime(MapReader top) {
    Optional<MapReader> runTime = top.optionalMap("runTime", "tierSlowdown", "speeds");
    if (runTime.isEmpty()) {
      return RunTimeSettings.DEFAULT;
    }
    double slowdown =
        runTime
            .get()
            .optionalNumber("tierSlowdown", 1, 100)
            .orElse(RunTimeModel.DEFAULT_TIER_SLOWDOWN);
    Map<String, Double> speeds = numbersByType(runTime.get(), "speeds", 0, true, MAX_SPEED);
    return new RunTimeSettings(slowdown, speeds);
  }

  /** Relative speeds are ratios; a million between two types is a typo. */
  static final double MAX_SPEED = 1e6;

  /** The longest detection or restart time: a week. */
  static final long MAX_RECOVERY_SECONDS = 7L * 24 * 3600;

  /**
   * The optional {@code window: {fromSeconds, toSeconds}} of a trace: seconds since its first
   * submission, from inclusive, to exclusive (default: the end of the trace).
   */
  private static TimeWindow window(MapReader trace) {
    Optional<MapReader> window = trace.optionalMap("window", "fromSeconds", "toSeconds");
    if (window.isEmpty()) {
      return TimeWindow.ALL;
    }
    long from = window.get().integer("fromSeconds", 0, Long.MAX_VALUE / 4, 0);
    long to = window.get().integer("toSeconds", 1, Long.MAX_VALUE, Long.MAX_VALUE);
    if (to <= from) {
      window
          .get()
          .problem("toSeconds", to + " is not allowed: must be above fromSeconds (" + from + ")");
      return TimeWindow.ALL;
    }
    return new TimeWindow(from, to);
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
    return read(YamlOverrides.apply(YamlTreeReader.read(source, yaml), overrides));
  }

  /** Validates a parsed document, overrides applied (see {@link #read(String, String, List)}). */
  public static Scenario read(YamlNode root) {
    Problems problems = new Problems();
    MapReader top =
        MapReader.of(
            root,
            "",
            problems,
            "name",
            "experiment",
            "cluster",
            "scheduler",
            "workload",
            "policies",
            "seeds",
            "horizonSeconds",
            "runTime",
            "failures",
            "energy",
            "cost");
    String name = top.slug("name");
    top.optionalString("experiment")
        .filter(experiment -> !experiment.equals(TWIN_EXPERIMENT))
        .ifPresent(
            experiment ->
                top.problem(
                    "experiment",
                    "'" + experiment + "' is not allowed: must be twin (the default) or fgd"));
    String cluster = top.string("cluster");
    Optional<String> scheduler = top.optionalString("scheduler");
    MapReader workload =
        top.map(
            "workload",
            "trace",
            "synthetic",
            "llm",
            "accelerator",
            "accelerators",
            "queue",
            "loadScale",
            "estimates");
    Optional<WorkloadSource> jobs = source(workload);
    List<String> accelerators = accelerators(workload);
    Optional<String> queue = workload.optionalString("queue");
    double loadScale = workload.optionalPositive("loadScale").orElse(1.0);
    Estimates estimates = workload.keyword("estimates", Estimates.class, Estimates.NONE);
    List<String> policies =
        PolicyNames.read(
            top,
            problems,
            policy -> QueueOrders.byName(policy).map(order -> policy),
            QueueOrders::notAnOrder,
            List.of(QueueOrders.PRIORITY.name()));
    int seeds = (int) top.integer("seeds", 1, 100, 1);
    long horizon = top.integer("horizonSeconds", 1, Long.MAX_VALUE / 4, DEFAULT_HORIZON_SECONDS);
    RunTimeSettings runTime = runTime(top);
    double failureScale = 0;
    Recovery recovery = Recovery.DEFAULT;
    Optional<MapReader> failures =
        top.optionalMap(
            "failures", "model", "scale", "detectionSeconds", "restartSeconds", "spareNodes");
    if (failures.isPresent()) {
      MapReader f = failures.get();
      String model = f.string("model");
      if (!model.isEmpty() && !model.equals("llama3")) {
        f.problem("model", "'" + model + "' is not allowed: the model is llama3");
      }
      failureScale = f.optionalNumber("scale", 0, 1e6).orElse(1.0);
      recovery =
          new Recovery(
              f.integer(
                  "detectionSeconds", 0, MAX_RECOVERY_SECONDS, Recovery.DEFAULT_DETECTION_SECONDS),
              f.integer(
                  "restartSeconds", 0, MAX_RECOVERY_SECONDS, Recovery.DEFAULT_RESTART_SECONDS),
              (int) f.integer("spareNodes", 0, 1_000_000, 0));
    }
    EnergySettings energy = energy(top);
    Optional<CostSettings> cost = cost(top);
    problems.throwIfAny();
    return new Scenario(
        name,
        cluster,
        scheduler,
        jobs.orElseThrow(),
        accelerators,
        queue,
        loadScale,
        estimates == Estimates.EXACT,
        policies,
        seeds,
        horizon,
        runTime,
        failureScale,
        recovery,
        energy,
        cost);
  }

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** The highest TDP a scenario may give, W. */
  private static final double MAX_TDP_WATTS = 100_000;

  private static EnergySettings energy(MapReader top) {
    Optional<MapReader> energy =
        top.optionalMap("energy", "pue", "idleFraction", "busyUtilization", "tdpWatts");
    if (energy.isEmpty()) {
      return EnergySettings.DEFAULTS;
    }
    MapReader e = energy.get();
    return new EnergySettings(
        e.optionalNumber("pue", 1.0, 3.0),
        e.optionalNumber("idleFraction", 0, 1).orElse(EnergySettings.DEFAULT_IDLE_FRACTION),
        e.optionalNumber("busyUtilization", 0, 1).orElse(1.0),
        numbersByType(e, "tdpWatts", 0, true, MAX_TDP_WATTS));
  }

  private static Optional<CostSettings> cost(MapReader top) {
    Optional<MapReader> cost = top.optionalMap("cost", "currency", "perKWh", "perDeviceHour");
    if (cost.isEmpty()) {
      return Optional.empty();
    }
    MapReader c = cost.get();
    String currency = c.string("currency");
    if (!currency.isEmpty() && !CURRENCY.matcher(currency).matches()) {
      c.problem(
          "currency",
          "'" + currency + "' is not allowed: must be a 3-letter ISO 4217 code such as USD or CNY");
    }
    OptionalDouble perKWh = c.optionalNumber("perKWh", 0, 100);
    return Optional.of(
        new CostSettings(currency, perKWh, numbersByType(c, "perDeviceHour", 0, false, 1e6)));
  }

  /**
   * An optional map of accelerator type (checked against the cluster or the jobs' types when the
   * scenario runs) to a number in the given range.
   */
  private static Map<String, Double> numbersByType(
      MapReader reader, String field, double min, boolean exclusiveMin, double max) {
    Map<String, Double> values = new LinkedHashMap<>();
    Optional<YamlNode> node = reader.node(field);
    if (node.isEmpty()) {
      return values;
    }
    if (!(node.get() instanceof YamlNode.YamlMap map)) {
      reader.problem(
          field,
          node.get().describe()
              + " is not allowed: must be a map of accelerator type to number, e.g. {h100-sxm: 2}");
      return values;
    }
    for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
      Values.number(
              entry.getValue(),
              Paths.child(reader.path(field), entry.getKey()),
              min,
              exclusiveMin,
              max,
              reader.problems())
          .ifPresent(value -> values.put(entry.getKey(), value));
    }
    return values;
  }
}
