package dev.wanka.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wanka.api.ApiPaths;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.LogChunk;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server speaking the agent side of REST API v1 (register, heartbeat, task log) on 127.0.0.1 with
 * the wanka-api JSON, recording what the agent sends. Tests set what it answers.
 */
final class FakeControlPlane implements AutoCloseable {
  static final String TOKEN = "agent-secret-token";

  final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
  final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();

  /** Each task's log as this server held it when a heartbeat first reported the task ended. */
  final Map<String, String> logAtEnd = new ConcurrentHashMap<>();

  final AtomicInteger dropped = new AtomicInteger();
  volatile List<TaskAssignment> desired = List.of();
  volatile boolean knowsNode;

  /** When true, every request's connection is closed without an answer (a server going away). */
  volatile boolean dropping;

  private final HttpServer server;

  FakeControlPlane() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String log(String taskId) {
    ByteArrayOutputStream log = logs.get(taskId);
    return log == null ? "" : log.toString(StandardCharsets.UTF_8);
  }

  /** The status of a task in the newest heartbeat that lists it. */
  Optional<TaskStatus> latest(String taskId) {
    for (int i = heartbeats.size() - 1; i >= 0; i--) {
      for (TaskStatus status : heartbeats.get(i).tasks()) {
        if (status.taskId().equals(taskId)) {
          return Optional.of(status);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (dropping) {
        dropped.incrementAndGet();
        return; // closed with no status line
      }
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(
            exchange,
            401,
            "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"bad token\",\"errors\":[]}");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.equals(ApiPaths.AGENT_REGISTER)) {
        RegisterRequest request =
            WireJson.read(new String(body, StandardCharsets.UTF_8), RegisterRequest.class);
        registrations.add(request);
        knowsNode = true;
        respond(exchange, 200, WireJson.write(new RegisterResponse(request.node(), 1000, 10_000)));
      } else if (path.endsWith("/heartbeat")) {
        Heartbeat heartbeat =
            WireJson.read(new String(body, StandardCharsets.UTF_8), Heartbeat.class);
        for (TaskStatus status : heartbeat.tasks()) {
          if (status.phase() != TaskPhase.RUNNING) {
            logAtEnd.putIfAbsent(status.taskId(), log(status.taskId()));
          }
        }
        heartbeats.add(heartbeat);
        respond(exchange, 200, WireJson.write(new HeartbeatResponse(knowsNode, desired)));
      } else if (path.endsWith("/log")) {
        String[] parts = path.split("/");
        String taskId = URLDecoder.decode(parts[parts.length - 2], StandardCharsets.UTF_8);
        long offset = Long.parseLong(exchange.getRequestURI().getQuery().replace("offset=", ""));
        long length = append(taskId, offset, body);
        respond(exchange, 200, WireJson.write(new LogChunk(offset, length, "", false)));
      } else {
        respond(
            exchange,
            404,
            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\""
                + path
                + "\",\"errors\":[]}");
      }
    }
  }

  private long append(String taskId, long offset, byte[] bytes) {
    ByteArrayOutputStream log = logs.computeIfAbsent(taskId, id -> new ByteArrayOutputStream());
    synchronized (log) {
      int skip = (int) (log.size() - offset);
      if (skip >= 0 && skip < bytes.length) {
        log.write(bytes, skip, bytes.length - skip);
      }
      return log.size();
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
