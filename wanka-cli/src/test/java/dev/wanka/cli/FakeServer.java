package dev.wanka.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wanka.api.ApiPaths;
import dev.wanka.api.Problem;
import dev.wanka.api.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the Wanka server in client tests: the JDK's HTTP server on 127.0.0.1 and a free
 * port, answering each route with what the test set (wanka-api records as JSON, or a problem), and
 * recording every request it got. A route nobody set is answered 404 with a problem saying so.
 */
final class FakeServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Request(
      String method, String path, String authorization, String contentType, String body) {}

  /** One answer. */
  record Reply(int status, String contentType, String body) {
    static Reply json(Object value) {
      return new Reply(200, "application/json", WireJson.write(value));
    }

    static Reply problem(Problem problem) {
      return new Reply(problem.status(), ApiPaths.PROBLEM_JSON, WireJson.write(problem));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();

  private FakeServer(HttpServer server) {
    this.server = server;
  }

  static FakeServer start() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeServer fake = new FakeServer(http);
      http.createContext("/", fake::handle);
      http.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake server", e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Answers {@code method path} (with its query, if any) with {@code value} as JSON, status 200.
   */
  FakeServer on(String method, String path, Object value) {
    return on(method, path, request -> Reply.json(value));
  }

  FakeServer on(String method, String path, Function<Request, Reply> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  /** Answers {@code method path} with the problem, at the problem's status. */
  FakeServer refuse(String method, String path, Problem problem) {
    return on(method, path, request -> Reply.problem(problem));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request the server got; fails if it got none or several. */
  Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    Function<Request, Reply> answer = routes.get(request.method() + " " + path);
    Reply reply =
        answer != null
            ? answer.apply(request)
            : Reply.problem(
                new Problem(
                    "about:blank",
                    "Not Found",
                    404,
                    "the fake server has no answer for " + request.method() + " " + path,
                    List.of()));
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
