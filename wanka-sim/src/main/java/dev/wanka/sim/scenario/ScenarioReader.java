package dev.wanka.sim.scenario;

import dev.wanka.sched.plugin.QueueOrders;
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
 *   trace: {format: tiresias, path: traces/60_job.csv}   # formats: philly, tiresias, helios
 *   accelerator: a100-sxm-80gb      # optional: the type jobs run on (default: the first pool's)
 *   queue: default                  # optional: the queue jobs go to (default: "default")
 *   loadScale: 1                    # optional: arrival rate multiplier (default 1)
 *   estimates: none                 # optional: none (default) or exact: each job's estimate is
 *                                   #   its trace duration (for sjf and backfill)
 * policies: [fifo, sjf, las]        # optional: queue orders to compare (default [priority])
 * seeds: 1                          # optional: runs per policy, 1 to 100 (default 1)
 * horizonSeconds: 31536000          # optional: stop there (default: a year)
 * }</pre>
 */
public final class ScenarioReader {
  /** A year of virtual time. */
  public static final long DEFAULT_HORIZON_SECONDS = 365L * 24 * 3600;

  private ScenarioReader() {}

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
            "horizonSeconds");
    String name = top.slug("name");
    String cluster = top.string("cluster");
    Optional<String> scheduler = top.optionalString("scheduler");
    MapReader workload =
        top.map("workload", "trace", "accelerator", "queue", "loadScale", "estimates");
    MapReader trace = workload.map("trace", "format", "path");
    Optional<TraceFormat> format = trace.keyword("format", TraceFormat.class);
    String tracePath = trace.string("path");
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
        problems.add(
            items.get(i).at(),
            path,
            "'"
                + policy.get()
                + "' is not a queue order; allowed: "
                + String.join(", ", QueueOrders.names()));
      }
      policy.ifPresent(policies::add);
    }
    if (!top.has("policies")) {
      policies.add(QueueOrders.PRIORITY.name());
    }
    int seeds = (int) top.integer("seeds", 1, 100, 1);
    long horizon = top.integer("horizonSeconds", 1, Long.MAX_VALUE / 4, DEFAULT_HORIZON_SECONDS);
    problems.throwIfAny();
    return new Scenario(
        name,
        cluster,
        scheduler,
        format.orElseThrow(),
        tracePath,
        accelerator,
        queue,
        loadScale,
        estimates == Estimates.EXACT,
        policies,
        seeds,
        horizon);
  }
}
