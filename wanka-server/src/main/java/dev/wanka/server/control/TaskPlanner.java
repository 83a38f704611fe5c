package dev.wanka.server.control;

import dev.wanka.api.TaskAssignment;
import dev.wanka.sched.Allocation;
import dev.wanka.server.store.NodeRow;
import dev.wanka.server.store.TaskIds;
import dev.wanka.server.store.TaskRow;
import dev.wanka.workload.RunSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns a gang the scheduler started into its tasks: one per node it spans, in the allocation's
 * rank order, each with the torchrun-style rendezvous variables (MASTER_ADDR is the address of node
 * rank 0, MASTER_PORT a port no other live gang mastered on that node uses).
 */
final class TaskPlanner {
  /** The first rendezvous port tried: torchrun's default. */
  static final int FIRST_MASTER_PORT = 29500;

  private final LiveCluster cluster;
  private final Function<String, NodeRow> nodeRow;

  TaskPlanner(LiveCluster cluster, Function<String, NodeRow> nodeRow) {
    this.cluster = cluster;
    this.nodeRow = nodeRow;
  }

  /**
   * The tasks of one attempt.
   *
   * @param portsInUse the master ports of live gangs on a node that masters them
   */
  List<TaskRow> plan(
      LiveJob job,
      Allocation allocation,
      int attempt,
      long nowMillis,
      Function<String, Set<Integer>> portsInUse) {
    Map<String, List<Integer>> byNode = new LinkedHashMap<>();
    for (int device : allocation.devices()) {
      byNode
          .computeIfAbsent(cluster.nodeOfDevice(device), n -> new ArrayList<>())
          .add(cluster.localIndexOf(device));
    }
    String master = byNode.keySet().iterator().next();
    int port = freePort(portsInUse.apply(master));
    RunSpec run = job.manifest.run();
    int replica = allocation.id().replica();
    List<TaskRow> tasks = new ArrayList<>();
    int rank = 0;
    for (Map.Entry<String, List<Integer>> node : byNode.entrySet()) {
      String taskId = TaskIds.of(job.id(), replica, attempt, rank);
      Map<String, String> env = new TreeMap<>(run.env());
      env.put("MASTER_ADDR", nodeRow.apply(master).address());
      env.put("MASTER_PORT", Integer.toString(port));
      env.put("WORLD_SIZE", Integer.toString(allocation.size()));
      env.put("NNODES", Integer.toString(byNode.size()));
      env.put("NODE_RANK", Integer.toString(rank));
      env.put("NPROC_PER_NODE", Integer.toString(node.getValue().size()));
      env.put("WANKA_JOB_ID", Long.toString(job.id()));
      env.put("WANKA_JOB_NAME", job.row.name());
      env.put("WANKA_ATTEMPT", Integer.toString(attempt));
      env.put("WANKA_REPLICA", Integer.toString(replica));
      env.put("WANKA_TASK_ID", taskId);
      run.checkpointDir().ifPresent(dir -> env.put("WANKA_CHECKPOINT_DIR", dir));
      TaskAssignment assignment =
          new TaskAssignment(
              taskId,
              job.id(),
              attempt,
              run.command(),
              env,
              run.workingDir().orElse(""),
              vendorIndexes(node.getKey(), node.getValue()),
              false,
              run.terminationGraceSeconds());
      tasks.add(
          new TaskRow(
              taskId,
              job.id(),
              replica,
              attempt,
              node.getKey(),
              rank,
              node.getValue(),
              assignment,
              false,
              true,
              -1,
              nowMillis,
              0));
      rank++;
    }
    return tasks;
  }

  /** The vendor's indexes (what the visibility variable counts) of a node's devices. */
  private List<Integer> vendorIndexes(String node, List<Integer> localDevices) {
    NodeRow row = nodeRow.apply(node);
    List<Integer> indexes = new ArrayList<>();
    for (int local : localDevices) {
      indexes.add(row.devices().get(local).index());
    }
    return indexes;
  }

  private static int freePort(Set<Integer> used) {
    int port = FIRST_MASTER_PORT;
    while (used.contains(port)) {
      port++;
    }
    return port;
  }
}
