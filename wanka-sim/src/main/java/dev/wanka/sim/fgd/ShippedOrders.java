package dev.wanka.sim.fgd;

import dev.wanka.sched.fragmentation.PodRequest;
import dev.wanka.sim.trace.OpenbTrace;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The FGD simulator's own arrival order and node ranks for one seed (PROTOCOL §2.6), as shipped in
 * {@code seed_N_pod_order.txt} (one pod name per line, clones as {@code <name>-tuned-<i>}) and
 * {@code seed_N_node_rank.csv} ({@code node,rank}). Replaying them reproduces the published curves
 * of the deterministic policies. They belong to one trace: {@link #matches} tells whether they name
 * exactly its pods and nodes.
 */
public final class ShippedOrders {
  private static final String CLONE = "-tuned-";

  private ShippedOrders() {}

  /** The pod order file's name for a seed. */
  public static String podOrderFile(int seed) {
    return "seed_" + seed + "_pod_order.txt";
  }

  /** The node rank file's name for a seed. */
  public static String nodeRankFile(int seed) {
    return "seed_" + seed + "_node_rank.csv";
  }

  /**
   * Whether the pod order names every pod of the trace once (clones aside) and nothing else: the
   * orders were made for this trace.
   */
  public static boolean matches(String podOrderText, OpenbTrace trace) {
    Set<String> originals = new HashSet<>();
    for (String line : podOrderText.split("\r?\n")) {
      String name = line.trim();
      if (name.isEmpty()) {
        continue;
      }
      int clone = name.indexOf(CLONE);
      String original = clone < 0 ? name : name.substring(0, clone);
      if (!trace.podsByName().containsKey(original)) {
        return false;
      }
      if (clone < 0 && !originals.add(name)) {
        return false;
      }
    }
    return originals.size() == trace.podsByName().size();
  }

  /**
   * Reads one seed's files; throws {@link dev.wanka.spec.SpecException} naming the file and line of
   * every pod or node the trace does not have, and every node without a rank.
   */
  public static ArrivalOrder read(
      String podOrderSource,
      String podOrderText,
      String nodeRankSource,
      String nodeRankText,
      OpenbTrace trace) {
    Problems problems = new Problems();
    List<PodRequest> pods = new ArrayList<>();
    String[] lines = podOrderText.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String name = lines[i].trim();
      if (name.isEmpty()) {
        continue;
      }
      int clone = name.indexOf(CLONE);
      PodRequest pod = trace.podsByName().get(clone < 0 ? name : name.substring(0, clone));
      if (pod == null) {
        problems.add(
            new SourceLocation(podOrderSource, i + 1, 1),
            "pod",
            "'" + name + "' is not a pod of " + trace.workload());
      } else {
        pods.add(pod);
      }
    }
    Map<String, Integer> ranks = new HashMap<>();
    String[] rows = nodeRankText.split("\r?\n");
    List<String> header = List.of(rows[0].trim().split(","));
    int nodeColumn = header.indexOf("node");
    int rankColumn = header.indexOf("rank");
    if (nodeColumn < 0 || rankColumn < 0) {
      problems.add(
          new SourceLocation(nodeRankSource, 1, 1),
          "header",
          "must have the columns node and rank, not " + header);
      problems.throwIfAny();
    }
    Set<String> known = new HashSet<>();
    trace.nodes().forEach(node -> known.add(node.name()));
    for (int i = 1; i < rows.length; i++) {
      if (rows[i].isBlank()) {
        continue;
      }
      String[] fields = rows[i].trim().split(",");
      SourceLocation at = new SourceLocation(nodeRankSource, i + 1, 1);
      if (fields.length != header.size()) {
        problems.add(at, "row", fields.length + " fields, but the header has " + header.size());
        continue;
      }
      if (!known.contains(fields[nodeColumn])) {
        problems.add(at, "node", "'" + fields[nodeColumn] + "' is not a node of the node list");
        continue;
      }
      try {
        ranks.put(fields[nodeColumn], Integer.parseInt(fields[rankColumn]));
      } catch (NumberFormatException e) {
        problems.add(at, "rank", "'" + fields[rankColumn] + "' is not allowed: a whole number");
      }
    }
    for (OpenbTrace.Node node : trace.nodes()) {
      if (!ranks.containsKey(node.name())) {
        problems.add(
            new SourceLocation(nodeRankSource, 1, 1), "node", "no rank for node " + node.name());
        break;
      }
    }
    problems.throwIfAny();
    return new ArrivalOrder(pods, ranks);
  }
}
