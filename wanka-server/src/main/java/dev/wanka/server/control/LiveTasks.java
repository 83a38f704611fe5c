package dev.wanka.server.control;

import dev.wanka.api.TaskAssignment;
import dev.wanka.server.store.TaskRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * The tasks whose processes may be running (live in the store), by id, with the questions the
 * control plane asks of them. Changed under the control plane's lock only. {@link #ofJob} may be
 * called without it (a job's tasks are kept in a concurrent map), so an API view does not wait for
 * the lock, which a commit may hold for tens of milliseconds on a busy core.
 */
final class LiveTasks {
  /**
   * The order of a job's tasks: by attempt, then replica and rank, which is the order they were
   * started in (attempts count up, and a gang's tasks are started in rank order).
   */
  private static final Comparator<TaskRow> STARTED =
      Comparator.comparingInt(TaskRow::attempt)
          .thenComparingInt(TaskRow::replica)
          .thenComparingInt(TaskRow::nodeRank)
          .thenComparing(TaskRow::id);

  private final Map<String, TaskRow> byId = new LinkedHashMap<>();
  private final Map<Long, NavigableMap<TaskRow, TaskRow>> byJob = new ConcurrentHashMap<>();
  private final Map<String, Map<String, TaskRow>> byNode = new HashMap<>();
  private Set<String> changedNodes = new HashSet<>();

  void put(TaskRow task) {
    TaskRow before = byId.put(task.id(), task);
    if (before != null && !before.node().equals(task.node())) {
      removeFrom(byNode, before.node(), task.id());
      changedNodes.add(before.node());
    }
    if (before != null && (before.jobId() != task.jobId() || STARTED.compare(before, task) != 0)) {
      removeFromJob(before);
    }
    changedNodes.add(task.node());
    byJob.computeIfAbsent(task.jobId(), j -> new ConcurrentSkipListMap<>(STARTED)).put(task, task);
    byNode.computeIfAbsent(task.node(), n -> new LinkedHashMap<>()).put(task.id(), task);
  }

  TaskRow get(String id) {
    return byId.get(id);
  }

  void remove(String id) {
    TaskRow task = byId.remove(id);
    if (task != null) {
      removeFromJob(task);
      removeFrom(byNode, task.node(), id);
      changedNodes.add(task.node());
    }
  }

  private void removeFromJob(TaskRow task) {
    NavigableMap<TaskRow, TaskRow> ofJob = byJob.get(task.jobId());
    ofJob.remove(task);
    if (ofJob.isEmpty()) {
      byJob.remove(task.jobId());
    }
  }

  private static <K> void removeFrom(Map<K, Map<String, TaskRow>> index, K key, String id) {
    Map<String, TaskRow> tasks = index.get(key);
    tasks.remove(id);
    if (tasks.isEmpty()) {
      index.remove(key);
    }
  }

  /** Marks tasks told to stop. */
  void stop(Collection<TaskRow> tasks) {
    tasks.forEach(t -> put(t.stopping()));
  }

  Collection<TaskRow> all() {
    return byId.values();
  }

  int size() {
    return byId.size();
  }

  /**
   * A job's tasks in the order they were started. Without the lock, each task is as it was at some
   * moment of the call: a change under way may show in part.
   */
  List<TaskRow> ofJob(long jobId) {
    return new ArrayList<>(tasksOf(jobId));
  }

  private Collection<TaskRow> tasksOf(long jobId) {
    NavigableMap<TaskRow, TaskRow> ofJob = byJob.get(jobId);
    return ofJob == null ? List.of() : ofJob.values();
  }

  List<TaskRow> ofGang(long jobId, int replica) {
    return tasksOf(jobId).stream().filter(t -> t.replica() == replica).collect(Collectors.toList());
  }

  List<TaskRow> onNode(String node) {
    return new ArrayList<>(byNode.getOrDefault(node, Map.of()).values());
  }

  /** Whether a task of this gang's attempt still runs. */
  boolean anyOfAttempt(long jobId, int replica, int attempt) {
    return tasksOf(jobId).stream().anyMatch(t -> t.replica() == replica && t.attempt() == attempt);
  }

  /**
   * Whether a task of a later attempt of this gang is live: the gang started again. (A service's
   * attempts count the starts of all its replicas, so the job's attempt cannot tell.)
   */
  boolean anyLaterAttempt(long jobId, int replica, int attempt) {
    return tasksOf(jobId).stream().anyMatch(t -> t.replica() == replica && t.attempt() > attempt);
  }

  /** The local indexes of a node's devices that a task being stopped still holds. */
  Set<Integer> fencedDevicesOn(String node) {
    Set<Integer> fenced = new HashSet<>();
    for (TaskRow task : byNode.getOrDefault(node, Map.of()).values()) {
      if (task.stop()) {
        fenced.addAll(task.devices());
      }
    }
    return fenced;
  }

  /** The rendezvous ports of the live gangs this node masters. */
  Set<Integer> portsOn(String node) {
    Set<Integer> ports = new HashSet<>();
    for (TaskRow task : byNode.getOrDefault(node, Map.of()).values()) {
      String port = task.nodeRank() == 0 ? task.assignment().env().get("MASTER_PORT") : null;
      if (port != null) {
        ports.add(Integer.parseInt(port));
      }
    }
    return ports;
  }

  /** A node's assignments, for heartbeat replies. */
  List<TaskAssignment> assignmentsOn(String node) {
    List<TaskAssignment> assignments = new ArrayList<>();
    for (TaskRow task : byNode.getOrDefault(node, Map.of()).values()) {
      assignments.add(task.assignment());
    }
    return List.copyOf(assignments);
  }

  /** The nodes whose tasks changed since the last call. */
  Set<String> takeChangedNodes() {
    Set<String> changed = changedNodes;
    changedNodes = new HashSet<>();
    return changed;
  }

  static Set<String> nodesOf(Collection<TaskRow> tasks) {
    return tasks.stream()
        .map(TaskRow::node)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
