package dev.wanka.server.http;

import dev.wanka.api.ClusterSummary;
import dev.wanka.api.DeviceMap;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.DeviceView;
import dev.wanka.api.Health;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.NodeView;
import dev.wanka.api.Placement;
import dev.wanka.api.QueueView;
import dev.wanka.api.QuotaView;
import dev.wanka.sched.cycle.PendingReason;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.server.control.LiveNodeView;
import dev.wanka.server.control.Snapshot;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.TaskRow;
import dev.wanka.spec.SpecException;
import dev.wanka.workload.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Builds the API's views from stored rows and the control plane's live state. */
final class Views {
  private Views() {}

  static JobView job(
      JobRow row, Snapshot live, Function<JobRow, Manifest> manifest, boolean openQueues) {
    List<Placement> placement = new ArrayList<>();
    if (row.state() == JobState.Running) {
      for (TaskRow task : live.tasksOfJob(row.id())) {
        if (!task.stop()) {
          placement.add(
              new Placement(
                  task.node(),
                  task.nodeRank(),
                  task.assignment().devices(),
                  live.leaves().getOrDefault(task.node(), -1),
                  live.spines().getOrDefault(task.node(), -1)));
        }
      }
    }
    String reason = row.reason();
    if (row.state() == JobState.Pending || row.state() == JobState.Interrupted) {
      PendingReason pending = live.reasons().get(row.id());
      if (pending != null) {
        reason = LiveReasons.word(pending.message(), openQueues);
      } else if (row.state() == JobState.Pending && reason.isEmpty()) {
        reason = "waiting for the next scheduling cycle";
      }
    }
    Optional<Manifest> parsed = readable(row, manifest);
    List<String> accelerators = new ArrayList<>();
    parsed.ifPresent(
        m ->
            m.workload()
                .request()
                .alternatives()
                .forEach(a -> accelerators.add(a.acceleratorId())));
    return new JobView(
        row.id(),
        row.name(),
        row.kind(),
        row.tenant(),
        row.queue(),
        parsed.map(m -> m.workload().priorityClass().name()).orElse(""),
        row.state(),
        parsed.map(Views::devicesOf).orElse(0),
        accelerators,
        row.attempt(),
        placement,
        reason,
        row.exitCode(),
        parsed.flatMap(m -> m.run().checkpointDir()).orElse(""),
        row.submittedAtMillis(),
        row.startedAtMillis(),
        row.finishedAtMillis());
  }

  /**
   * A job's manifest as the server reads it now; empty for a past job that the current
   * configuration no longer reads (its priority class was renamed, say): it is shown from its row.
   */
  private static Optional<Manifest> readable(JobRow row, Function<JobRow, Manifest> manifest) {
    try {
      return Optional.of(manifest.apply(row));
    } catch (SpecException e) {
      return Optional.empty();
    }
  }

  private static int devicesOf(Manifest manifest) {
    var alternatives = manifest.workload().request().alternatives();
    if (alternatives.isEmpty()) {
      return 0;
    }
    long milli = alternatives.get(0).maxMilliDevices();
    return (int) Math.max(1, (milli + 999) / 1000);
  }

  static NodeView node(LiveNodeView node, Snapshot live, long nowMillis) {
    Map<Integer, Long> holder = new HashMap<>();
    Map<Integer, Boolean> stopping = new HashMap<>();
    for (TaskRow task : live.tasksOnNode(node.row().name())) {
      for (int local : task.devices()) {
        holder.put(local, task.jobId());
        stopping.put(local, task.stop());
      }
    }
    Map<Integer, DeviceStatus> telemetry = new HashMap<>();
    node.telemetry().forEach(t -> telemetry.put(t.index(), t));
    List<DeviceView> devices = new ArrayList<>();
    int busy = 0;
    for (int local = 0; local < node.row().devices().size(); local++) {
      var info = node.row().devices().get(local);
      DeviceStatus status = telemetry.get(info.index());
      Health health = status == null ? Health.OK : status.health();
      long job = holder.getOrDefault(local, 0L);
      busy += job != 0 ? 1 : 0;
      devices.add(
          new DeviceView(
              info.index(),
              info.uuid(),
              deviceState(node, health, job, stopping.getOrDefault(local, false), local),
              job,
              health,
              status == null ? 0 : status.temperatureCelsius(),
              status == null ? 0 : status.powerWatts(),
              status == null ? 0 : status.utilization()));
    }
    return new NodeView(
        node.row().name(),
        node.row().address(),
        node.row().accelerator(),
        node.ready() ? "Ready" : "NotReady",
        node.row().cordoned(),
        node.row().draining(),
        node.lastHeartbeatMillis() == 0 ? -1 : Math.max(0, nowMillis - node.lastHeartbeatMillis()),
        node.row().devices().size(),
        busy,
        live.leaves().getOrDefault(node.row().name(), -1),
        devices,
        node.row().registeredAtMillis());
  }

  private static String deviceState(
      LiveNodeView node, Health health, long job, boolean stopping, int local) {
    if (!node.ready()) {
      return "down";
    }
    if (health == Health.FAILED) {
      return "failed";
    }
    if (job != 0) {
      return stopping ? "draining" : "busy";
    }
    if (node.row().draining()) {
      return "draining";
    }
    if (node.row().cordoned()) {
      return "cordoned";
    }
    return node.reserved().contains(local) ? "reserved" : "idle";
  }

  static List<QueueView> queues(
      Snapshot live, Map<String, int[]> jobCountsByQueue, String tenant, boolean open) {
    List<QueueView> views = new ArrayList<>();
    if (live.config() == null) {
      return views;
    }
    QueueTree tree = live.config().queues();
    for (int q = 0; q < tree.size(); q++) {
      String name = tree.nameOf(q);
      String owner = tree.queue(name).tenant();
      if (!tenant.isEmpty() && !tenant.equals(owner)) {
        continue;
      }
      List<QuotaView> quota = new ArrayList<>();
      for (var entry : new TreeMap<>(tree.queue(name).quotas()).entrySet()) {
        quota.add(
            new QuotaView(
                entry.getKey(),
                open ? QuotaView.UNLIMITED : entry.getValue().guaranteedDevices(),
                open ? QuotaView.UNLIMITED : entry.getValue().maxDevices(),
                live.usage().getOrDefault(name + "\u0000" + entry.getKey(), 0L)));
      }
      int[] counts = jobCountsByQueue.getOrDefault(name, new int[2]);
      views.add(new QueueView(name, owner, counts[0], counts[1], quota));
    }
    return views;
  }

  /**
   * The cluster's devices as arrays ({@link DeviceMap}), from the nodes' views in name order; the
   * spines come from the snapshot, which has them when it is the cluster-wide one.
   */
  static DeviceMap deviceMap(List<NodeView> nodes, Snapshot live) {
    int count = nodes.stream().mapToInt(n -> n.devices().size()).sum();
    int[] state = new int[count];
    double[] utilization = new double[count];
    double[] temperature = new double[count];
    double[] power = new double[count];
    List<DeviceMap.Node> cells = new ArrayList<>();
    int next = 0;
    for (NodeView node : nodes) {
      cells.add(
          new DeviceMap.Node(
              node.name(),
              node.accelerator(),
              node.accelerator() + "-" + node.devicesTotal(),
              live.spines().getOrDefault(node.name(), -1),
              node.leaf(),
              node.state(),
              node.cordoned(),
              node.draining(),
              node.heartbeatAgeMillis(),
              next,
              node.devices().size()));
      for (DeviceView device : node.devices()) {
        state[next] = DeviceMap.STATES.indexOf(device.state());
        utilization[next] = device.utilization();
        temperature[next] = device.temperatureCelsius();
        power[next] = device.powerWatts();
        next++;
      }
    }
    return new DeviceMap(DeviceMap.STATES, cells, state, utilization, temperature, power);
  }

  static ClusterSummary summary(List<NodeView> nodes, Map<String, Integer> jobsByState) {
    Map<String, Integer> byState = new TreeMap<>();
    Map<String, Integer> byType = new TreeMap<>();
    int devices = 0;
    int ready = 0;
    for (NodeView node : nodes) {
      ready += node.state().equals("Ready") ? 1 : 0;
      devices += node.devicesTotal();
      byType.merge(node.accelerator(), node.devicesTotal(), Integer::sum);
      for (DeviceView device : node.devices()) {
        byState.merge(device.state(), 1, Integer::sum);
      }
    }
    return new ClusterSummary(nodes.size(), ready, devices, byState, byType, jobsByState);
  }
}
