package dev.wanka.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * A client of REST API v1 on the JDK's HttpClient, used by the CLI, the agent and the tests. Every
 * call sends the bearer token; a refused call throws {@link ApiException} with the server's problem
 * body.
 */
public final class WankaClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final Duration requestTimeout;

  public WankaClient(URI server, String token) {
    this(server, token, Duration.ofSeconds(30));
  }

  public WankaClient(URI server, String token, Duration requestTimeout) {
    this.server = withoutTrailingSlash(server);
    this.token = token;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public URI server() {
    return server;
  }

  // ---- jobs ------------------------------------------------------------------------------------

  /** Submits a job spec, YAML or JSON ({@code application/yaml} or {@code application/json}). */
  public JobView submit(String spec, String contentType) {
    return send(post(ApiPaths.JOBS, spec, contentType), JobView.class);
  }

  public List<JobView> jobs() {
    return sendList(get(ApiPaths.JOBS), JobView.class);
  }

  public JobView job(long id) {
    return send(get(ApiPaths.job(id)), JobView.class);
  }

  public JobView cancel(long id) {
    return send(post(ApiPaths.job(id) + "/cancel", "", "application/json"), JobView.class);
  }

  public List<JobEvent> events(long id) {
    return sendList(get(ApiPaths.job(id) + "/events"), JobEvent.class);
  }

  public WhyPending why(long id) {
    return send(get(ApiPaths.job(id) + "/why"), WhyPending.class);
  }

  public LogChunk logs(long id, long offset) {
    return send(get(ApiPaths.job(id) + "/logs?offset=" + offset), LogChunk.class);
  }

  public List<JobView> services() {
    return sendList(get(ApiPaths.SERVICES), JobView.class);
  }

  // ---- nodes, queues, cluster ------------------------------------------------------------------

  public List<NodeView> nodes() {
    return sendList(get(ApiPaths.NODES), NodeView.class);
  }

  public NodeView node(String name) {
    return send(get(ApiPaths.node(encode(name))), NodeView.class);
  }

  /** Cordons, drains or uncordons a node: {@code action} is cordon, drain or uncordon. */
  public NodeView nodeAction(String name, String action) {
    return send(
        post(ApiPaths.node(encode(name)) + "/" + action, "", "application/json"), NodeView.class);
  }

  public List<QueueView> queues() {
    return sendList(get(ApiPaths.QUEUES), QueueView.class);
  }

  public ClusterSummary cluster() {
    return send(get(ApiPaths.CLUSTER), ClusterSummary.class);
  }

  public WhoAmI whoami() {
    return send(get(ApiPaths.WHOAMI), WhoAmI.class);
  }

  // ---- tenants and tokens ----------------------------------------------------------------------

  public TenantView createTenant(String name) {
    return send(
        post(ApiPaths.TENANTS, WireJson.write(new TenantView(name, 0)), "application/json"),
        TenantView.class);
  }

  public List<TenantView> tenants() {
    return sendList(get(ApiPaths.TENANTS), TenantView.class);
  }

  public TokenView createToken(TokenRequest request) {
    return send(
        post(ApiPaths.TOKENS, WireJson.write(request), "application/json"), TokenView.class);
  }

  public List<TokenView> tokens() {
    return sendList(get(ApiPaths.TOKENS), TokenView.class);
  }

  public TokenView revokeToken(long id) {
    return send(
        post(ApiPaths.TOKENS + "/" + id + "/revoke", "", "application/json"), TokenView.class);
  }

  // ---- agents ----------------------------------------------------------------------------------

  public RegisterResponse register(RegisterRequest request) {
    return send(
        post(ApiPaths.AGENT_REGISTER, WireJson.write(request), "application/json"),
        RegisterResponse.class);
  }

  public HeartbeatResponse heartbeat(String node, Heartbeat heartbeat) {
    return send(
        post(ApiPaths.heartbeat(encode(node)), WireJson.write(heartbeat), "application/json"),
        HeartbeatResponse.class);
  }

  /**
   * Appends a task's output at {@code offset}; returns the log's length on the server afterwards.
   * Sending the same bytes twice is harmless: the server keeps what it already has.
   */
  public long appendLog(String node, String taskId, long offset, byte[] bytes) {
    HttpRequest request =
        builder(ApiPaths.taskLog(encode(node), encode(taskId)) + "?offset=" + offset)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return send(request, LogChunk.class).nextOffset();
  }

  // ---- plumbing --------------------------------------------------------------------------------

  /** GET of any path, its body as text: for /metrics and the OpenAPI document. */
  public String getText(String path) {
    HttpResponse<String> response = exchange(get(path));
    return checked(response).body();
  }

  private HttpRequest get(String path) {
    return builder(path).GET().build();
  }

  private HttpRequest post(String path, String body, String contentType) {
    return builder(path)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(server + path))
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private <T> T send(HttpRequest request, Class<T> type) {
    return decode(checked(exchange(request)), WireJson.MAPPER.constructType(type));
  }

  private <T> List<T> sendList(HttpRequest request, Class<T> element) {
    return decode(
        checked(exchange(request)),
        WireJson.MAPPER.getTypeFactory().constructCollectionType(List.class, element));
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw unreachable("cannot connect to " + server + " (is the server running?)");
    } catch (IOException e) {
      throw unreachable("request to " + server + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted while waiting for " + server);
    }
  }

  private static HttpResponse<String> checked(HttpResponse<String> response) {
    if (response.statusCode() / 100 == 2) {
      return response;
    }
    Problem problem;
    try {
      problem = WireJson.read(response.body(), Problem.class);
    } catch (JacksonException | IllegalArgumentException e) {
      problem = null;
    }
    if (problem == null || problem.title() == null) {
      problem =
          new Problem(
              "about:blank",
              "HTTP " + response.statusCode(),
              response.statusCode(),
              abbreviate(response.body()),
              List.of());
    }
    throw new ApiException(problem);
  }

  private static <T> T decode(HttpResponse<String> response, JavaType type) {
    try {
      return WireJson.MAPPER.readValue(response.body(), type);
    } catch (JacksonException e) {
      throw unreachable(
          "the server's reply to "
              + response.request().uri().getPath()
              + " is not what this client understands: "
              + e.getOriginalMessage());
    }
  }

  private static ApiException unreachable(String detail) {
    return new ApiException(new Problem("about:blank", "Server unreachable", 0, detail, List.of()));
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** Names the server, never the token. */
  @Override
  public String toString() {
    return "WankaClient[" + server + "]";
  }
}
