package dev.wanka.cli.live;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.Role;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WankaClient;
import dev.wanka.api.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many nodes on one HTTP client, for a cluster larger than {@code wanka up} starts (it runs one
 * agent per node, up to 64): each node gets an agent token, registers, and heartbeats with readings
 * that differ from node to node; tasks assigned to it are reported running, and stopped ones as
 * ended. No process runs.
 */
final class SimulatedFleet implements AutoCloseable {
  private final URI server;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Blocking senders, so that at most this many connections are open (one each). */
  private final ScheduledExecutorService heartbeats =
      Executors.newScheduledThreadPool(
          8,
          r -> {
            Thread thread = new Thread(r, "fleet-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, List<TaskAssignment>> assigned = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final int devicesPerNode;

  private SimulatedFleet(URI server, int devicesPerNode) {
    this.server = server;
    this.devicesPerNode = devicesPerNode;
  }

  /**
   * Registers {@code nodes} nodes named {@code prefix-00001}.. of {@code devicesPerNode} devices
   * each, then heartbeats each every {@code interval} (which must be shorter than the server's
   * heartbeat timeout).
   */
  static SimulatedFleet start(
      WankaClient admin,
      String prefix,
      int nodes,
      int devicesPerNode,
      String accelerator,
      Duration interval) {
    SimulatedFleet fleet = new SimulatedFleet(admin.server(), devicesPerNode);
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      String node = String.format("%s-%05d", prefix, i);
      names.add(node);
      String token =
          admin.createToken(new TokenRequest("agent " + node, Role.AGENT, "", node)).secret();
      fleet.tokens.put(node, token);
      List<DeviceInfo> devices = new ArrayList<>();
      for (int d = 0; d < devicesPerNode; d++) {
        devices.add(new DeviceInfo(d, node + "-gpu" + d, accelerator, 80L << 30));
      }
      HttpResponse<String> reply =
          fleet.post(
              ApiPaths.AGENT_REGISTER,
              token,
              new RegisterRequest(node, "127.0.0.1", accelerator, devices, "fleet"));
      if (reply.statusCode() != 200) {
        throw new IllegalStateException(node + " could not register: " + reply.body());
      }
    }
    long spreadMillis = interval.toMillis() / Math.max(1, nodes);
    for (int i = 0; i < names.size(); i++) {
      String node = names.get(i);
      int rank = i;
      fleet.heartbeats.scheduleAtFixedRate(
          () -> fleet.heartbeat(node, rank),
          i * spreadMillis,
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return fleet;
  }

  private HttpRequest request(String path, String token, Object body) {
    return HttpRequest.newBuilder(server.resolve(path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(body)))
        .build();
  }

  private HttpResponse<String> post(String path, String token, Object body) {
    try {
      return http.send(request(path, token, body), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void heartbeat(String node, int rank) {
    List<DeviceStatus> devices = new ArrayList<>();
    for (int d = 0; d < devicesPerNode; d++) {
      double load = ((rank * 7 + d * 3) % 20) / 20.0;
      devices.add(new DeviceStatus(d, Health.OK, 35 + 45 * load, 90 + 600 * load, load));
    }
    List<TaskStatus> tasks = new ArrayList<>();
    for (TaskAssignment task : assigned.getOrDefault(node, List.of())) {
      tasks.add(
          task.stop()
              ? new TaskStatus(task.taskId(), TaskPhase.EXITED, 143, "stopped")
              : new TaskStatus(task.taskId(), TaskPhase.RUNNING, 0, ""));
    }
    Heartbeat heartbeat = new Heartbeat(sequence.incrementAndGet(), devices, tasks);
    try {
      HttpResponse<String> reply = post(ApiPaths.heartbeat(node), tokens.get(node), heartbeat);
      if (reply.statusCode() == 200) {
        assigned.put(node, WireJson.read(reply.body(), HeartbeatResponse.class).tasks());
      }
    } catch (RuntimeException e) {
      // the next heartbeat tries again, as an agent's would
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
