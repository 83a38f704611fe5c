package dev.wanka.sim.fgd;

import dev.wanka.sim.scenario.PolicyNames;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Problems;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlOverrides;
import dev.wanka.spec.YamlTreeReader;
import java.util.List;
import java.util.Optional;

/**
 * Reads an FGD experiment scenario and checks it whole, every problem with file, line and field.
 * The format (examples/scenarios/fgd-default.yaml):
 *
 * <pre>{@code
 * name: fgd-default
 * experiment: fgd                     # required: this is the FGD paper's experiment
 * cluster:
 *   openb: {nodes: ../traces/openb/openb_node_list_gpu_node.csv}   # the openb node list
 * workload:
 *   trace: {format: openb, path: ../traces/openb/openb_pod_list_default.csv}
 *   inflation: 1.3                    # optional: pods arrive until 1.3 x capacity is requested
 *   orders: {use: auto, dir: ../fgd/orders}   # optional: auto (default), replay or seeded;
 *                                   # dir/<pod list name>/ holds the simulator's own orders
 * policies: [Random, DotProd, GpuClustering, GpuPacking, BestFit, FGD]   # optional: all six
 * seeds: 10                           # optional: 1 to 100 (default 10)
 * firstSeed: 42                       # optional (default 42, the paper's first seed)
 * published:                          # optional: the simulator's results to compare with
 *   allocation: ../fgd/expected_alloc_default.csv
 *   fragmentation: ../fgd/expected_frag_default.csv
 * }</pre>
 */
public final class FgdScenarioReader {
  /** The value of {@code experiment} that makes a scenario an FGD experiment. */
  public static final String EXPERIMENT = "fgd";

  /** The paper's seeds are 42..51. */
  public static final int DEFAULT_FIRST_SEED = 42;

  public static final int DEFAULT_SEEDS = 10;

  private FgdScenarioReader() {}

  /** Whether the document (overrides applied) declares {@code experiment: fgd}. */
  public static boolean isFgdExperiment(YamlNode root) {
    return root instanceof YamlNode.YamlMap map
        && map.get("experiment")
            .filter(n -> n instanceof YamlNode.YamlScalar s && s.text().equals(EXPERIMENT))
            .isPresent();
  }

  /** Parses and validates; throws {@link dev.wanka.spec.SpecException} listing every problem. */
  public static FgdScenario read(String source, String yaml, List<String> overrides) {
    return read(YamlOverrides.apply(YamlTreeReader.read(source, yaml), overrides));
  }

  /** Validates a parsed document, overrides applied (see {@link #read(String, String, List)}). */
  public static FgdScenario read(YamlNode root) {
    Problems problems = new Problems();
    MapReader top =
        MapReader.of(
            root,
            "",
            problems,
            "name",
            "experiment",
            "cluster",
            "workload",
            "policies",
            "seeds",
            "firstSeed",
            "published");
    String name = top.slug("name");
    String experiment = top.string("experiment");
    if (!experiment.isEmpty() && !experiment.equals(EXPERIMENT)) {
      top.problem("experiment", "'" + experiment + "' is not allowed here: must be " + EXPERIMENT);
    }
    String nodes = top.map("cluster", "openb").map("openb", "nodes").string("nodes");
    MapReader workload = top.map("workload", "trace", "inflation", "orders");
    MapReader trace = workload.map("trace", "format", "path");
    String format = trace.string("format");
    if (!format.isEmpty() && !format.equals("openb")) {
      trace.problem("format", "'" + format + "' is not allowed: the FGD experiment reads openb");
    }
    String pods = trace.string("path");
    double inflation =
        workload.optionalNumber("inflation", 0.01, 10).orElse(SeededWorkload.DEFAULT_INFLATION);
    FgdScenario.OrderChoice orders = FgdScenario.OrderChoice.AUTO;
    Optional<String> ordersDirectory = Optional.empty();
    Optional<MapReader> ordersMap = workload.optionalMap("orders", "use", "dir");
    if (ordersMap.isPresent()) {
      orders =
          ordersMap
              .get()
              .keyword("use", FgdScenario.OrderChoice.class, FgdScenario.OrderChoice.AUTO);
      ordersDirectory = ordersMap.get().optionalString("dir");
      if (orders == FgdScenario.OrderChoice.REPLAY && ordersDirectory.isEmpty()) {
        ordersMap.get().problem("dir", "missing: replay needs the directory of shipped orders");
      }
    }
    List<String> policies =
        PolicyNames.read(
            top,
            problems,
            PackingPolicies::canonical,
            PackingPolicies::notAPolicy,
            PackingPolicies.NAMES);
    int seeds = (int) top.integer("seeds", 1, 100, DEFAULT_SEEDS);
    int firstSeed = (int) top.integer("firstSeed", 0, Integer.MAX_VALUE - 100, DEFAULT_FIRST_SEED);
    Optional<MapReader> published = top.optionalMap("published", "allocation", "fragmentation");
    Optional<String> allocation = published.flatMap(p -> p.optionalString("allocation"));
    Optional<String> fragmentation = published.flatMap(p -> p.optionalString("fragmentation"));
    problems.throwIfAny();
    return new FgdScenario(
        name,
        nodes,
        pods,
        inflation,
        orders,
        ordersDirectory,
        policies,
        seeds,
        firstSeed,
        allocation,
        fragmentation);
  }
}
