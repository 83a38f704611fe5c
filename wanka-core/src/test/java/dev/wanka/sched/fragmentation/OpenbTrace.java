package dev.wanka.sched.fragmentation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The openb default trace and the FGD simulator's per-seed pod orders and node ranks, read from the
 * test resources (see PROVENANCE.md there): the 1,213 GPU nodes, the 8,152 pods, and for seeds
 * 42..51 the shuffled, inflated arrival order and the tie-breaking node ranks (PROTOCOL §1, §2).
 */
final class OpenbTrace {
  static final int FIRST_SEED = 42;
  static final int LAST_SEED = 51;

  record NodeRow(String name, int cpuMilli, int memoryMib, int gpuCount, String gpuModel) {}

  private static OpenbTrace instance;

  private final List<NodeRow> nodes;
  private final Map<String, PodRequest> pods;
  private final int totalGpus;

  private OpenbTrace(List<NodeRow> nodes, Map<String, PodRequest> pods) {
    this.nodes = List.copyOf(nodes);
    this.pods = pods;
    this.totalGpus = nodes.stream().mapToInt(NodeRow::gpuCount).sum();
  }

  /** The default trace, read once per JVM. */
  static synchronized OpenbTrace load() {
    if (instance == null) {
      List<NodeRow> nodes = new ArrayList<>();
      List<String[]> nodeRows = csv("openb_node_list_gpu_node.csv");
      int[] col = columns(nodeRows.get(0), "sn", "cpu_milli", "memory_mib", "gpu", "model");
      for (String[] row : nodeRows.subList(1, nodeRows.size())) {
        nodes.add(
            new NodeRow(
                row[col[0]],
                Integer.parseInt(row[col[1]]),
                Integer.parseInt(row[col[2]]),
                Integer.parseInt(row[col[3]]),
                row[col[4]]));
      }
      Map<String, PodRequest> pods = new LinkedHashMap<>();
      List<String[]> podRows = csv("openb_pod_list_default.csv");
      col =
          columns(
              podRows.get(0),
              "name",
              "cpu_milli",
              "memory_mib",
              "num_gpu",
              "gpu_milli",
              "gpu_spec");
      for (String[] row : podRows.subList(1, podRows.size())) {
        pods.put(
            row[col[0]],
            PodRequest.fromTrace(
                Integer.parseInt(row[col[1]]),
                Integer.parseInt(row[col[2]]),
                Integer.parseInt(row[col[3]]),
                Integer.parseInt(row[col[4]]),
                row[col[5]]));
      }
      instance = new OpenbTrace(nodes, pods);
    }
    return instance;
  }

  List<NodeRow> nodes() {
    return nodes;
  }

  /** The original trace, in file (name) order. */
  List<PodRequest> pods() {
    return List.copyOf(pods.values());
  }

  Map<String, PodRequest> podsByName() {
    return pods;
  }

  int totalGpus() {
    return totalGpus;
  }

  /** The simulator's arrival order for a seed: originals shuffled, then inflation clones. */
  List<PodRequest> workload(int seed) {
    List<PodRequest> order = new ArrayList<>();
    for (String line : lines("orders/seed_" + seed + "_pod_order.txt")) {
      if (line.isBlank()) {
        continue;
      }
      int clone = line.indexOf("-tuned-");
      String name = clone < 0 ? line : line.substring(0, clone);
      PodRequest pod = pods.get(name);
      if (pod == null) {
        throw new IllegalStateException("unknown pod " + line + " in the order of seed " + seed);
      }
      order.add(pod);
    }
    return order;
  }

  /** The simulator's node ranks for a seed. */
  Map<String, Integer> nodeRanks(int seed) {
    Map<String, Integer> ranks = new HashMap<>();
    List<String[]> rows = csv("orders/seed_" + seed + "_node_rank.csv");
    int[] col = columns(rows.get(0), "node", "rank");
    for (String[] row : rows.subList(1, rows.size())) {
      ranks.put(row[col[0]], Integer.parseInt(row[col[1]]));
    }
    return ranks;
  }

  /** Empty nodes, in file order, ranked by {@code ranks}. */
  List<GpuNode> freshNodes(Map<String, Integer> ranks) {
    List<GpuNode> fresh = new ArrayList<>(nodes.size());
    for (NodeRow row : nodes) {
      Integer rank = ranks.get(row.name());
      if (rank == null) {
        throw new IllegalStateException("no rank for node " + row.name());
      }
      fresh.add(
          new GpuNode(
              row.name(), rank, row.cpuMilli(), row.memoryMib(), row.gpuCount(), row.gpuModel()));
    }
    return fresh;
  }

  static List<String[]> csv(String resource) {
    List<String[]> rows = new ArrayList<>();
    for (String line : lines(resource)) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  static int[] columns(String[] header, String... names) {
    int[] indices = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      indices[i] = List.of(header).indexOf(names[i]);
      if (indices[i] < 0) {
        throw new IllegalStateException("no column " + names[i] + " in " + List.of(header));
      }
    }
    return indices;
  }

  static List<String> lines(String resource) {
    try (InputStream in = OpenbTrace.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
