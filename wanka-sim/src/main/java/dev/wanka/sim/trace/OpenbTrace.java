package dev.wanka.sim.trace;

import dev.wanka.sched.fragmentation.GpuNode;
import dev.wanka.sched.fragmentation.PodRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Alibaba GPU cluster trace v2023 ("openb") as the FGD paper's experiment uses it: a node list
 * ({@code sn, cpu_milli, memory_mib, gpu, model}) and a pod list ({@code name, cpu_milli,
 * memory_mib, num_gpu, gpu_milli} and, if present, {@code gpu_spec}; its time, qos and phase
 * columns are not used). Every bad field is reported with its file and line; names must be unique.
 */
public final class OpenbTrace {
  static final List<String> NODE_COLUMNS = List.of("sn", "cpu_milli", "memory_mib", "gpu", "model");
  static final List<String> POD_COLUMNS =
      List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli");

  /** Optional: some openb pod lists have no {@code gpu_spec}; their pods run on any model. */
  static final String GPU_SPEC = "gpu_spec";

  private static final long MAX_MILLI = 1L << 30;

  /** One node of the node list. */
  public record Node(String name, int cpuMilli, int memoryMib, int gpuCount, String gpuModel) {}

  private final String workload;
  private final List<Node> nodes;
  private final Map<String, PodRequest> pods;
  private final int totalGpus;

  private OpenbTrace(String workload, List<Node> nodes, Map<String, PodRequest> pods) {
    this.workload = workload;
    this.nodes = List.copyOf(nodes);
    this.pods = Collections.unmodifiableMap(pods);
    this.totalGpus = nodes.stream().mapToInt(Node::gpuCount).sum();
  }

  /**
   * Reads both files; throws {@link dev.wanka.spec.SpecException} listing their problems.
   *
   * @param podsSource the pod list's path: its file name without {@code .csv} names the workload,
   *     as the published results do (e.g. {@code openb_pod_list_default})
   */
  public static OpenbTrace read(
      String nodesSource, String nodesText, String podsSource, String podsText) {
    List<Node> nodes = readNodes(nodesSource, nodesText);
    Map<String, PodRequest> pods = readPods(podsSource, podsText);
    return new OpenbTrace(workloadName(podsSource), nodes, pods);
  }

  private static List<Node> readNodes(String source, String text) {
    CsvTrace csv = CsvTrace.parse(source, text, NODE_COLUMNS);
    List<Node> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int row = 0; row < csv.rowCount(); row++) {
      String name = csv.text(row, "sn");
      long cpu = csv.integer(row, "cpu_milli", 0, MAX_MILLI);
      long memory = csv.integer(row, "memory_mib", 0, MAX_MILLI);
      long gpus = csv.integer(row, "gpu", 0, GpuNode.MAX_GPUS);
      String model = csv.text(row, "model");
      if (!names.add(name)) {
        csv.problem(csv.lineOf(row), "sn", "'" + name + "' appears twice; node names are unique");
      }
      if (gpus > 0 && model.isEmpty()) {
        csv.problem(csv.lineOf(row), "model", "missing: a node with GPUs names their model");
      }
      if (!csv.hasProblems()) {
        nodes.add(new Node(name, (int) cpu, (int) memory, (int) gpus, model));
      }
    }
    if (csv.rowCount() == 0) {
      csv.problem(1, "file", "no nodes: the node list has only its header");
    }
    csv.throwIfAny();
    return nodes;
  }

  private static Map<String, PodRequest> readPods(String source, String text) {
    CsvTrace csv = CsvTrace.parse(source, text, POD_COLUMNS);
    Map<String, PodRequest> pods = new LinkedHashMap<>();
    for (int row = 0; row < csv.rowCount(); row++) {
      String name = csv.text(row, "name");
      long cpu = csv.integer(row, "cpu_milli", 0, MAX_MILLI);
      long memory = csv.integer(row, "memory_mib", 0, MAX_MILLI);
      long gpus = csv.integer(row, "num_gpu", 0, GpuNode.MAX_GPUS);
      long milli = csv.integer(row, "gpu_milli", -MAX_MILLI, MAX_MILLI);
      if (pods.containsKey(name)) {
        csv.problem(csv.lineOf(row), "name", "'" + name + "' appears twice; pod names are unique");
      }
      if (!csv.hasProblems()) {
        pods.put(
            name,
            PodRequest.fromTrace(
                (int) cpu,
                (int) memory,
                (int) gpus,
                (int) milli,
                csv.hasColumn(GPU_SPEC) ? csv.text(row, GPU_SPEC) : ""));
      }
    }
    if (csv.rowCount() == 0) {
      csv.problem(1, "file", "no pods: the pod list has only its header");
    }
    csv.throwIfAny();
    return pods;
  }

  private static String workloadName(String source) {
    String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    return file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
  }

  /** The pod list's name, e.g. {@code openb_pod_list_default}. */
  public String workload() {
    return workload;
  }

  /** The nodes in file order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The pods by name, in file order. */
  public Map<String, PodRequest> podsByName() {
    return pods;
  }

  /** The pods in file order. */
  public List<PodRequest> pods() {
    return List.copyOf(pods.values());
  }

  public int totalGpus() {
    return totalGpus;
  }
}
