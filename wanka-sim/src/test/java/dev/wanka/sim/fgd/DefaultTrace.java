package dev.wanka.sim.fgd;

import dev.wanka.sim.trace.OpenbTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The openb default trace, the simulator's shipped orders and its published curves, read from the
 * project's examples directory (where examples/scenarios/fgd-default.yaml finds them).
 */
final class DefaultTrace {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Path ORDERS = EXAMPLES.resolve("fgd/orders/openb_pod_list_default");
  static final List<Integer> SEEDS = List.of(42, 43, 44, 45, 46, 47, 48, 49, 50, 51);

  private static OpenbTrace trace;

  private DefaultTrace() {}

  static synchronized OpenbTrace trace() {
    if (trace == null) {
      Path nodes = EXAMPLES.resolve("traces/openb/openb_node_list_gpu_node.csv");
      Path pods = EXAMPLES.resolve("traces/openb/openb_pod_list_default.csv");
      trace = OpenbTrace.read(nodes.toString(), read(nodes), pods.toString(), read(pods));
    }
    return trace;
  }

  /** The simulator's own orders for the seeds. */
  static Map<Integer, ArrivalOrder> shippedOrders(List<Integer> seeds) {
    Map<Integer, ArrivalOrder> orders = new LinkedHashMap<>();
    for (int seed : seeds) {
      Path order = ORDERS.resolve(ShippedOrders.podOrderFile(seed));
      Path ranks = ORDERS.resolve(ShippedOrders.nodeRankFile(seed));
      orders.put(
          seed,
          ShippedOrders.read(
              order.toString(), read(order), ranks.toString(), read(ranks), trace()));
    }
    return orders;
  }

  static PublishedCurves publishedAllocation() {
    return published("expected_alloc_default.csv");
  }

  static PublishedCurves publishedFragmentation() {
    return published("expected_frag_default.csv");
  }

  private static PublishedCurves published(String file) {
    Path path = EXAMPLES.resolve("fgd").resolve(file);
    return PublishedCurves.read(path.toString(), read(path), "openb_pod_list_default");
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
