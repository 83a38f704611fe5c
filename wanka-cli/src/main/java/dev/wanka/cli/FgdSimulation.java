package dev.wanka.cli;

import dev.wanka.sim.fgd.ArrivalOrder;
import dev.wanka.sim.fgd.FgdComparison;
import dev.wanka.sim.fgd.FgdExperiment;
import dev.wanka.sim.fgd.FgdResult;
import dev.wanka.sim.fgd.FgdScenario;
import dev.wanka.sim.fgd.PolicyCurves;
import dev.wanka.sim.fgd.PublishedCurves;
import dev.wanka.sim.fgd.SeededWorkload;
import dev.wanka.sim.fgd.ShippedOrders;
import dev.wanka.sim.trace.OpenbTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wanka simulate} on an FGD experiment scenario: reads the openb trace, chooses each seed's
 * arrival order (the simulator's shipped one or Wanka's generator), runs every policy on every seed
 * in parallel, and compares the curves with the published ones.
 */
final class FgdSimulation {
  /** What one experiment gave, how long it took on how many threads. */
  record Outcome(FgdResult result, long wallMillis, int threads) {}

  private FgdSimulation() {}

  /**
   * @param base the scenario file's directory, which its paths are relative to
   * @param progress told of each finished run, e.g. "ran FGD seed 42 (12/60)"
   */
  static Outcome run(
      FgdScenario scenario, Path base, int threads, java.util.function.Consumer<String> progress) {
    Path nodes = base.resolve(scenario.nodesPath());
    Path pods = base.resolve(scenario.podsPath());
    OpenbTrace trace =
        OpenbTrace.read(
            nodes.toString(),
            InputFiles.read(nodes, "openb node list"),
            pods.toString(),
            InputFiles.read(pods, "openb pod list"));
    StringBuilder note = new StringBuilder();
    Optional<Map<Integer, ArrivalOrder>> shipped = shippedOrders(scenario, base, trace, note);
    FgdExperiment experiment;
    try {
      experiment =
          shipped.isPresent()
              ? new FgdExperiment(trace, FgdExperiment.Orders.REPLAYED, shipped.get())
              : new FgdExperiment(
                  trace,
                  FgdExperiment.Orders.SEEDED,
                  FgdExperiment.seededOrders(trace, scenario.seedList(), scenario.inflation()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PublishedCurves allocation =
        published(scenario.publishedAllocationPath(), base, trace.workload(), "allocation");
    PublishedCurves fragmentation =
        published(scenario.publishedFragmentationPath(), base, trace.workload(), "fragmentation");
    int total = scenario.policies().size() * scenario.seeds();
    int[] done = {0};
    long start = System.nanoTime();
    List<PolicyCurves> curves =
        experiment.runAll(
            scenario.policies(),
            threads,
            run ->
                progress.accept(
                    String.format(
                        "ran %s seed %d (%d/%d)", run.policy(), run.seed(), ++done[0], total)));
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    return new Outcome(
        new FgdResult(
            scenario,
            experiment,
            note.toString(),
            curves,
            FgdComparison.of(curves, experiment.orders(), allocation, fragmentation),
            !allocation.isEmpty()),
        wallMillis,
        threads);
  }

  /**
   * The shipped orders of every seed, if the scenario wants them and they were made for this trace
   * and inflation; {@code note} says which orders were used and why.
   */
  private static Optional<Map<Integer, ArrivalOrder>> shippedOrders(
      FgdScenario scenario, Path base, OpenbTrace trace, StringBuilder note) {
    if (scenario.orders() == FgdScenario.OrderChoice.SEEDED
        || scenario.ordersDirectory().isEmpty()) {
      note.append("Wanka's seeded generator (PROTOCOL §2)");
      return Optional.empty();
    }
    Path directory =
        base.resolve(scenario.ordersDirectory().get()).resolve(trace.workload()).normalize();
    boolean replay = scenario.orders() == FgdScenario.OrderChoice.REPLAY;
    if (scenario.inflation() != SeededWorkload.DEFAULT_INFLATION) {
      String why =
          "the shipped orders were made with inflation "
              + SeededWorkload.DEFAULT_INFLATION
              + ", not "
              + scenario.inflation();
      if (replay) {
        throw new UsageException("workload.orders: use is replay, but " + why);
      }
      note.append("Wanka's seeded generator (PROTOCOL §2): ").append(why);
      return Optional.empty();
    }
    Map<Integer, ArrivalOrder> orders = new LinkedHashMap<>();
    for (int seed : scenario.seedList()) {
      Path order = directory.resolve(ShippedOrders.podOrderFile(seed));
      Path ranks = directory.resolve(ShippedOrders.nodeRankFile(seed));
      String why = null;
      String orderText = null;
      if (!Files.isRegularFile(order) || !Files.isRegularFile(ranks)) {
        why =
            "no shipped order of "
                + trace.workload()
                + " for seed "
                + seed
                + " in "
                + shown(directory);
      } else {
        orderText = InputFiles.read(order, "pod order");
        if (!ShippedOrders.matches(orderText, trace)) {
          why = "the shipped orders in " + shown(directory) + " were made for another trace";
        }
      }
      if (why != null) {
        if (replay) {
          throw new UsageException("workload.orders: use is replay, but " + why);
        }
        note.append("Wanka's seeded generator (PROTOCOL §2): ").append(why);
        return Optional.empty();
      }
      orders.put(
          seed,
          ShippedOrders.read(
              order.toString(),
              orderText,
              ranks.toString(),
              InputFiles.read(ranks, "node ranks"),
              trace));
    }
    note.append("the FGD simulator's own, replayed from ").append(shown(directory));
    return Optional.of(orders);
  }

  /** A path as a person would type it here: relative to the working directory when inside it. */
  private static Path shown(Path path) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
  }

  private static PublishedCurves published(
      Optional<String> path, Path base, String workload, String what) {
    if (path.isEmpty()) {
      return PublishedCurves.none(workload);
    }
    Path file = base.resolve(path.get());
    return PublishedCurves.read(
        file.toString(), InputFiles.read(file, "published " + what + " curves"), workload);
  }
}
