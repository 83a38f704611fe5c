package dev.wanka.server.http;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.ClusterSummary;
import dev.wanka.api.DeviceMap;
import dev.wanka.api.FieldProblem;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.HistoryPoint;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.LogChunk;
import dev.wanka.api.NodeView;
import dev.wanka.api.QueueView;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.Role;
import dev.wanka.api.TenantView;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.TokenView;
import dev.wanka.api.WhoAmI;
import dev.wanka.api.WhyPending;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.auth.TokenRegistry;
import dev.wanka.server.control.ApiProblem;
import dev.wanka.server.control.ControlPlane;
import dev.wanka.server.control.LiveNodeView;
import dev.wanka.server.control.Snapshot;
import dev.wanka.server.store.JobRow;
import dev.wanka.server.store.LogStore;
import dev.wanka.server.store.Store;
import dev.wanka.server.store.TaskIds;
import dev.wanka.server.store.TaskRow;
import dev.wanka.spec.Values;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.ObjectReader;

/**
 * REST API v1 on Javalin: authentication, the route table (which also yields the OpenAPI document),
 * problem+json errors, request size limits and request metrics.
 */
public final class HttpApi {
  private static final Logger LOG = System.getLogger(HttpApi.class.getName());

  /** The largest request body: a job spec or a log chunk. */
  public static final long MAX_BODY_BYTES = 1 << 20;

  private static final int MAX_LOG_READ = 256 * 1024;
  private static final String PRINCIPAL = "wanka.principal";
  private static final String STARTED = "wanka.started";
  private static final String ROUTE = "wanka.route";

  private final ControlPlane plane;
  private final Store store;
  private final TokenRegistry tokens;
  private final BearerAuth auth;
  private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final LogStore logs;
  private final ServerMetrics metrics = new ServerMetrics();
  private final ClusterHistory history;
  private final List<Route> routes;
  private final String version;
  private Map<String, Object> openApi;

  public HttpApi(
      ControlPlane plane, Store store, TokenRegistry tokens, LogStore logs, String version) {
    this.plane = plane;
    this.store = store;
    this.tokens = tokens;
    this.auth = new BearerAuth(tokens);
    this.logs = logs;
    this.version = version;
    this.history = new ClusterHistory(store);
    this.routes = routes();
    plane.onCycle(metrics::cycleTook);
  }

  /** A Javalin server with the API; start it with {@code start(host, port)}. */
  public Javalin create() {
    openApi = OpenApiDocument.of(routes, version);
    return Javalin.create(this::configure);
  }

  private void configure(JavalinConfig config) {
    config.jsonMapper(new JacksonMapper());
    config.http.maxRequestSize = MAX_BODY_BYTES;
    config.startup.showJavalinBanner = false;
    config.routes.get(ApiPaths.HEALTH, ctx -> ctx.result("ok"));
    config.staticFiles.add(
        files -> {
          files.hostedPath = ApiPaths.DASHBOARD;
          files.directory = "/dashboard";
          files.location = Location.CLASSPATH;
          // Its scripts and styles come from the server alone; no other site may frame it.
          files.headers =
              Map.of(
                  "Content-Security-Policy",
                  "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
                  "X-Content-Type-Options",
                  "nosniff");
        });
    config.routes.get("/", ctx -> ctx.redirect(ApiPaths.DASHBOARD + "/"));
    config.jetty.modifyServer(server -> server.setHandler(heartbeats()));
    // Jetty caches header fields per connection to reuse them on the next request; a connection
    // carrying many agents' requests (a proxy's, the load generator's) gets a new Authorization
    // on each, and filling and searching that cache cost a quarter of a heartbeat.
    config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
    for (Route route : routes) {
      if (route.handler() == null) {
        continue;
      }
      switch (route.method()) {
        case "GET":
          config.routes.get(route.path(), guarded(route));
          break;
        case "POST":
          config.routes.post(route.path(), guarded(route));
          break;
        default:
          throw new IllegalStateException("unrouted method " + route.method());
      }
    }
    config.routes.after(
        ctx -> {
          Long started = ctx.attribute(STARTED);
          String route = ctx.attribute(ROUTE);
          if (started != null && route != null) {
            metrics.requestTook(route, ctx.statusCode(), System.nanoTime() - started);
          }
        });
    config.routes.exception(
        ApiProblem.class,
        (e, ctx) -> Problems.write(ctx, e.status(), e.title(), e.getMessage(), e.fields()));
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            Problems.write(ctx, e.getStatus(), "HTTP " + e.getStatus(), e.getMessage(), List.of()));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.log(Level.ERROR, "internal error on " + ctx.method() + " " + ctx.path(), e);
          Problems.write(
              ctx, 500, "Internal error", "the server failed; its log has the details", List.of());
        });
    config.routes.error(
        404,
        ctx -> {
          if (ctx.result() == null
              || ctx.result().isEmpty()
              || !ctx.res().getContentType().startsWith(ApiPaths.PROBLEM_JSON)) {
            Problems.write(
                ctx,
                404,
                "Not found",
                "no such resource: " + ctx.method() + " " + ctx.path(),
                List.of());
          }
        });
    config.routes.error(
        413,
        ctx ->
            Problems.write(
                ctx,
                413,
                "Request too large",
                "the body exceeds " + MAX_BODY_BYTES + " bytes",
                List.of()));
  }

  /** The JSON body as a {@code type}: never null (a {@code null} body is refused, 400). */
  private <T> T body(Context ctx, Class<T> type) {
    return JsonBodies.read(readers.computeIfAbsent(type, JsonBodies::readerFor), ctx.bodyAsBytes());
  }

  private Principal authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    try {
      Principal principal = auth.authenticate(header);
      ctx.attribute(PRINCIPAL, principal);
      return principal;
    } catch (ApiProblem e) {
      ctx.header("WWW-Authenticate", BearerAuth.challenge(header));
      throw e;
    }
  }

  private HeartbeatHandler heartbeats() {
    Route route =
        routes.stream()
            .filter(r -> r.handler() == null && r.path().equals(HeartbeatHandler.path()))
            .findFirst()
            .orElseThrow();
    return new HeartbeatHandler(plane, auth, metrics, route);
  }

  /** A route's handler behind authentication and its role check, timed for the metrics. */
  private io.javalin.http.Handler guarded(Route route) {
    String name = route.name();
    return ctx -> {
      ctx.attribute(STARTED, System.nanoTime());
      ctx.attribute(ROUTE, name);
      route.checkRole(authenticate(ctx));
      route.handler().handle(ctx);
    };
  }

  // ---- the routes ----------------------------------------------------------------------------

  private List<Route> routes() {
    List<Route> list = new ArrayList<>();
    List<Role> any = List.of();
    List<Role> people = List.of(Role.ADMIN, Role.USER);
    List<Role> admin = List.of(Role.ADMIN);
    List<Role> agent = List.of(Role.AGENT);
    list.add(
        new Route(
            "GET",
            ApiPaths.WHOAMI,
            "Who the token speaks for",
            any,
            null,
            WhoAmI.class,
            200,
            this::whoami));
    list.add(
        new Route(
            "GET",
            ApiPaths.OPENAPI,
            "This document",
            any,
            null,
            null,
            200,
            ctx -> ctx.json(openApi)));
    list.add(
        new Route(
            "POST",
            ApiPaths.JOBS,
            "Submit a job or service (YAML or JSON manifest)",
            people,
            String.class,
            JobView.class,
            201,
            this::submit));
    list.add(
        new Route(
            "GET",
            ApiPaths.JOBS,
            "List jobs (?state=, ?limit=)",
            people,
            null,
            listOf(JobView.class),
            200,
            ctx -> listJobs(ctx, false)));
    list.add(
        new Route(
            "GET",
            ApiPaths.JOBS + "/{id}",
            "Get a job",
            people,
            null,
            JobView.class,
            200,
            this::getJob));
    list.add(
        new Route(
            "POST",
            ApiPaths.JOBS + "/{id}/cancel",
            "Cancel a job",
            people,
            null,
            JobView.class,
            200,
            this::cancel));
    list.add(
        new Route(
            "GET",
            ApiPaths.JOBS + "/{id}/events",
            "A job's events",
            people,
            null,
            listOf(JobEvent.class),
            200,
            this::events));
    list.add(
        new Route(
            "GET",
            ApiPaths.JOBS + "/{id}/why",
            "Why a job is pending",
            people,
            null,
            WhyPending.class,
            200,
            this::why));
    list.add(
        new Route(
            "GET",
            ApiPaths.JOBS + "/{id}/logs",
            "A job's log from ?offset= (?task= picks a task)",
            people,
            null,
            LogChunk.class,
            200,
            this::readLog));
    list.add(
        new Route(
            "GET",
            ApiPaths.SERVICES,
            "List inference services",
            people,
            null,
            listOf(JobView.class),
            200,
            ctx -> listJobs(ctx, true)));
    list.add(
        new Route(
            "GET",
            ApiPaths.NODES,
            "List nodes",
            any,
            null,
            listOf(NodeView.class),
            200,
            this::listNodes));
    list.add(
        new Route(
            "GET",
            ApiPaths.NODES + "/{node}",
            "Get a node",
            any,
            null,
            NodeView.class,
            200,
            this::getNode));
    list.add(
        new Route(
            "POST",
            HeartbeatHandler.path(),
            "An agent's heartbeat",
            agent,
            Heartbeat.class,
            HeartbeatResponse.class,
            200,
            null));
    list.add(
        new Route(
            "POST",
            ApiPaths.NODES + "/{node}/tasks/{task}/log",
            "An agent ships task output from ?offset=",
            agent,
            null,
            LogChunk.class,
            200,
            this::appendLog));
    list.add(
        new Route(
            "POST",
            ApiPaths.NODES + "/{node}/{action}",
            "Cordon, drain or uncordon a node",
            admin,
            null,
            NodeView.class,
            200,
            this::nodeAction));
    list.add(
        new Route(
            "POST",
            ApiPaths.AGENT_REGISTER,
            "An agent registers its node",
            agent,
            RegisterRequest.class,
            RegisterResponse.class,
            200,
            this::register));
    list.add(
        new Route(
            "GET",
            ApiPaths.QUEUES,
            "Queues, quotas and their use",
            people,
            null,
            listOf(QueueView.class),
            200,
            this::queues));
    list.add(
        new Route(
            "GET",
            ApiPaths.CLUSTER,
            "The cluster in numbers",
            any,
            null,
            ClusterSummary.class,
            200,
            ctx -> ctx.json(summary())));
    list.add(
        new Route(
            "GET",
            ApiPaths.CLUSTER_DEVICES,
            "Every device's state and readings, as arrays (for the dashboard's cluster view)",
            people,
            null,
            DeviceMap.class,
            200,
            this::deviceMap));
    list.add(
        new Route(
            "GET",
            ApiPaths.CLUSTER_HISTORY,
            "The cluster over the last ?hours= (1-168, default 6): devices, jobs, utilization,"
                + " power",
            people,
            null,
            listOf(HistoryPoint.class),
            200,
            ctx ->
                ctx.json(
                    history.since(
                        plane.nowMillis()
                            - TimeUnit.HOURS.toMillis(longParam(ctx, "hours", 6, 1, 168))))));
    list.add(
        new Route(
            "GET",
            ApiPaths.TENANTS,
            "List tenants",
            people,
            null,
            listOf(TenantView.class),
            200,
            this::tenants));
    list.add(
        new Route(
            "POST",
            ApiPaths.TENANTS,
            "Create a tenant",
            admin,
            TenantView.class,
            TenantView.class,
            201,
            this::createTenant));
    list.add(
        new Route(
            "GET",
            ApiPaths.TOKENS,
            "List tokens (never their secrets)",
            admin,
            null,
            listOf(TokenView.class),
            200,
            ctx -> ctx.json(tokens.list())));
    list.add(
        new Route(
            "POST",
            ApiPaths.TOKENS,
            "Create a token; its secret is in this reply only",
            admin,
            TokenRequest.class,
            TokenView.class,
            201,
            this::createToken));
    list.add(
        new Route(
            "POST",
            ApiPaths.TOKENS + "/{id}/revoke",
            "Revoke a token",
            admin,
            null,
            TokenView.class,
            200,
            this::revokeToken));
    list.add(
        new Route(
            "GET", ApiPaths.METRICS, "Prometheus metrics", admin, null, null, 200, this::scrape));
    return list;
  }

  private static Type listOf(Class<?> element) {
    return new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return new Type[] {element};
      }

      @Override
      public Type getRawType() {
        return List.class;
      }

      @Override
      public Type getOwnerType() {
        return null;
      }
    };
  }

  private static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  private void whoami(Context ctx) {
    Principal p = principal(ctx);
    ctx.json(new WhoAmI(p.name(), p.role(), p.tenant(), p.node()));
  }

  // ---- jobs ----------------------------------------------------------------------------------

  private void submit(Context ctx) {
    String type =
        Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(java.util.Locale.ROOT);
    if (!(type.startsWith("application/json")
        || type.contains("yaml")
        || type.startsWith("text/plain"))) {
      throw new ApiProblem(
          415,
          "Unsupported media type",
          "Content-Type: '" + type + "' is not allowed; send application/yaml or application/json",
          List.of(
              new FieldProblem(
                  "Content-Type",
                  "'" + type + "' is not allowed: application/yaml or application/json",
                  0,
                  0)));
    }
    JobRow row = plane.submit(principal(ctx), ctx.body(), "spec");
    ctx.status(201).json(jobView(row, plane.snapshotOfJobs(List.of(row.id()))));
  }

  private JobView jobView(JobRow row, Snapshot live) {
    return Views.job(row, live, plane::manifestOf, plane.hasOpenQueues());
  }

  private void listJobs(Context ctx, boolean servicesOnly) {
    Principal p = principal(ctx);
    int limit = intParam(ctx, "limit", 500, 1, 100_000);
    String state = Optional.ofNullable(ctx.queryParam("state")).orElse("");
    if (!state.isEmpty()
        && java.util.Arrays.stream(JobState.values()).noneMatch(s -> s.name().equals(state))) {
      throw ApiProblem.invalid(
          "state",
          "'"
              + state
              + "' is not a job state; allowed: "
              + java.util.Arrays.toString(JobState.values()));
    }
    List<JobRow> rows = new ArrayList<>();
    for (JobRow row : store.jobs(p.isAdmin() ? "" : p.tenant(), limit)) {
      if ((!servicesOnly || row.kind().equals("InferenceService"))
          && (state.isEmpty() || row.state().name().equals(state))) {
        rows.add(row);
      }
    }
    Snapshot live = plane.snapshotOfJobs(rows.stream().map(JobRow::id).toList());
    List<JobView> views = new ArrayList<>();
    for (JobRow row : rows) {
      views.add(jobView(row, live));
    }
    ctx.json(views);
  }

  private static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
    return (int) longParam(ctx, name, defaultValue, min, max);
  }

  private static long longParam(Context ctx, String name, long defaultValue, long min, long max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiProblem.invalid(
        name, "'" + text + "' is not allowed: a whole number from " + min + " to " + max);
  }

  private static long jobId(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiProblem.invalid("id", "'" + text + "' is not a job id: a positive whole number");
  }

  private void getJob(Context ctx) {
    JobRow row = plane.job(principal(ctx), jobId(ctx));
    ctx.json(jobView(row, plane.snapshotOfJobs(List.of(row.id()))));
  }

  private void cancel(Context ctx) {
    JobRow row = plane.cancel(principal(ctx), jobId(ctx));
    ctx.json(jobView(row, plane.snapshotOfJobs(List.of(row.id()))));
  }

  private void events(Context ctx) {
    JobRow row = plane.job(principal(ctx), jobId(ctx));
    ctx.json(store.events(row.id()));
  }

  private void why(Context ctx) {
    JobRow row = plane.job(principal(ctx), jobId(ctx));
    var reason = plane.snapshotOfJobs(List.of(row.id())).reasons().get(row.id());
    boolean waiting = row.state() == JobState.Pending || row.state() == JobState.Interrupted;
    String code = waiting && reason != null ? reason.code().name() : "";
    String message =
        !waiting
            ? "the job is " + row.state() + (row.reason().isEmpty() ? "" : ": " + row.reason())
            : reason != null
                ? LiveReasons.word(reason.message(), plane.hasOpenQueues())
                : !row.reason().isEmpty() ? row.reason() : "waiting for the next scheduling cycle";
    long predicted = waiting ? plane.predictedStartMillis(row.id()).orElse(0) : 0;
    ctx.json(new WhyPending(row.id(), row.state(), code, message, predicted));
  }

  private void readLog(Context ctx) {
    JobRow row = plane.job(principal(ctx), jobId(ctx));
    long offset = longParam(ctx, "offset", 0, 0, Long.MAX_VALUE);
    List<TaskRow> all = store.tasksOf(row.id());
    String taskParam = ctx.queryParam("task");
    Optional<TaskRow> task;
    if (taskParam != null) {
      task = all.stream().filter(t -> t.id().equals(taskParam)).findFirst();
      if (task.isEmpty()) {
        throw ApiProblem.invalid("task", "'" + taskParam + "' is not a task of job " + row.id());
      }
    } else {
      // The latest attempt's first task: rank 0 of the gang, or the first replica's.
      task =
          all.stream()
              .filter(t -> t.nodeRank() == 0)
              .reduce(
                  (a, b) ->
                      b.attempt() > a.attempt()
                              || (b.attempt() == a.attempt() && b.replica() < a.replica())
                          ? b
                          : a);
    }
    if (task.isEmpty()) {
      ctx.json(new LogChunk(offset, offset, "", row.state().isFinal()));
      return;
    }
    byte[] bytes = logs.read(task.get().id(), offset, MAX_LOG_READ);
    int whole = Utf8.wholeCharacters(bytes);
    boolean done =
        row.state().isFinal()
            && !task.get().live()
            && whole == bytes.length
            && bytes.length < MAX_LOG_READ;
    ctx.json(
        new LogChunk(
            offset,
            offset + whole,
            new String(bytes, 0, whole, StandardCharsets.UTF_8),
            done && !plane.snapshotOfJobs(List.of(row.id())).isLive(task.get())));
  }

  // ---- nodes ---------------------------------------------------------------------------------

  private List<NodeView> nodeViews() {
    return nodeViews(plane.snapshot());
  }

  private List<NodeView> nodeViews(Snapshot live) {
    long now = plane.nowMillis();
    List<NodeView> views = new ArrayList<>();
    for (LiveNodeView node : plane.liveNodes()) {
      views.add(Views.node(node, live, now));
    }
    views.sort(java.util.Comparator.comparing(NodeView::name));
    return views;
  }

  private DeviceMap deviceMap() {
    Snapshot live = plane.snapshot();
    return Views.deviceMap(nodeViews(live), live);
  }

  private void deviceMap(Context ctx) {
    ctx.json(deviceMap());
  }

  /** Samples the cluster for its history (docs/dashboard.md); the server calls it periodically. */
  public void sampleHistory() {
    history.record(ClusterHistory.sampleOf(deviceMap(), store.jobCounts(), plane.nowMillis()));
  }

  private void listNodes(Context ctx) {
    ctx.json(nodeViews());
  }

  /** One node's view, built from that node alone. */
  private NodeView nodeView(String name) {
    LiveNodeView node = plane.liveNode(name).orElseThrow(() -> ApiProblem.notFound("node " + name));
    return Views.node(node, plane.snapshotOfNode(name), plane.nowMillis());
  }

  private void getNode(Context ctx) {
    ctx.json(nodeView(ctx.pathParam("node")));
  }

  private void nodeAction(Context ctx) {
    String name = ctx.pathParam("node");
    plane.setNodeFlags(name, ctx.pathParam("action"), principal(ctx));
    ctx.json(nodeView(name));
  }

  private void register(Context ctx) {
    RegisterRequest request = body(ctx, RegisterRequest.class);
    checkRegistration(request);
    ctx.json(plane.register(principal(ctx), request));
  }

  private static void checkRegistration(RegisterRequest request) {
    if (request.node() == null
        || request.node().isEmpty()
        || request.node().length() > Store.MAX_HOST_LENGTH
        || !request.node().matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
      throw ApiProblem.invalid(
          "node",
          "'"
              + request.node()
              + "' is not a node name: letters, digits, '-', '_' and '.', up to "
              + Store.MAX_HOST_LENGTH);
    }
    if (request.address() == null
        || request.address().isEmpty()
        || request.address().length() > Store.MAX_HOST_LENGTH) {
      throw ApiProblem.invalid(
          "address",
          "required: the host other nodes reach this one at, up to "
              + Store.MAX_HOST_LENGTH
              + " characters");
    }
    if (request.devices().size() > 128) {
      throw ApiProblem.invalid(
          "devices", request.devices().size() + " devices is not allowed: at most 128 per node");
    }
  }

  private void appendLog(Context ctx) {
    Principal p = principal(ctx);
    String node = ctx.pathParam("node");
    String task = ctx.pathParam("task");
    if (!p.node().equals(node) || TaskIds.jobOf(task).isEmpty() || !plane.isTaskOf(node, task)) {
      throw ApiProblem.forbidden("task " + task + " did not run on node " + p.node());
    }
    long offset = longParam(ctx, "offset", 0, 0, Long.MAX_VALUE);
    try {
      long size = logs.append(task, offset, ctx.bodyAsBytes());
      ctx.json(new LogChunk(offset, size, "", false));
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(
          409,
          "Conflict",
          e.getMessage(),
          List.of(new FieldProblem("offset", e.getMessage(), 0, 0)));
    }
  }

  // ---- queues, cluster, tenants, tokens --------------------------------------------------------

  private void queues(Context ctx) {
    Principal p = principal(ctx);
    Map<String, int[]> counts = new HashMap<>();
    for (JobRow row :
        store.jobsInStates(List.of(JobState.Pending, JobState.Running, JobState.Interrupted))) {
      int[] c = counts.computeIfAbsent(row.queue(), q -> new int[2]);
      c[row.state() == JobState.Running ? 1 : 0]++;
    }
    ctx.json(
        Views.queues(
            plane.snapshot(), counts, p.isAdmin() ? "" : p.tenant(), plane.hasOpenQueues()));
  }

  private ClusterSummary summary() {
    Map<String, Integer> jobs = new TreeMap<>();
    store.jobCounts().forEach((state, count) -> jobs.put(state.name(), count));
    return Views.summary(nodeViews(), jobs);
  }

  private void tenants(Context ctx) {
    Principal p = principal(ctx);
    List<TenantView> all = store.tenants();
    ctx.json(p.isAdmin() ? all : all.stream().filter(t -> t.name().equals(p.tenant())).toList());
  }

  private void createTenant(Context ctx) {
    TenantView request = body(ctx, TenantView.class);
    if (request.name() == null
        || !Values.isSlug(request.name())
        || request.name().length() > Store.MAX_NAME_LENGTH) {
      throw ApiProblem.invalid(
          "name",
          "'"
              + request.name()
              + "' is not allowed: a slug (lower-case letters, digits, inner '-') of at most "
              + Store.MAX_NAME_LENGTH
              + " characters");
    }
    long now = plane.nowMillis();
    plane.addTenant(request.name(), now);
    ctx.status(201).json(new TenantView(request.name(), now));
  }

  private void createToken(Context ctx) {
    TokenRequest request = body(ctx, TokenRequest.class);
    String name = Optional.ofNullable(request.name()).orElse("");
    if (name.isEmpty() || name.length() > 128) {
      throw ApiProblem.invalid("name", "required: 1 to 128 characters saying whose token it is");
    }
    if (request.role() == null) {
      throw ApiProblem.invalid("role", "required: one of ADMIN, USER, AGENT");
    }
    String tenant = Optional.ofNullable(request.tenant()).orElse("");
    String node = Optional.ofNullable(request.node()).orElse("");
    if (request.role() == Role.USER && !plane.tenants().contains(tenant)) {
      throw ApiProblem.invalid(
          "tenant",
          "'" + tenant + "' is not a tenant; a USER token needs one of " + plane.tenants());
    }
    if (request.role() != Role.USER && !tenant.isEmpty()) {
      throw ApiProblem.invalid("tenant", "only a USER token has a tenant");
    }
    if (request.role() == Role.AGENT && node.isEmpty()) {
      throw ApiProblem.invalid("node", "required for an AGENT token: the node it reports for");
    }
    if (request.role() != Role.AGENT && !node.isEmpty()) {
      throw ApiProblem.invalid("node", "only an AGENT token has a node");
    }
    if (node.length() > Store.MAX_HOST_LENGTH) {
      throw ApiProblem.invalid(
          "node", "a node name has at most " + Store.MAX_HOST_LENGTH + " characters");
    }
    ctx.status(201).json(tokens.create(name, request.role(), tenant, node, plane.nowMillis()));
  }

  private void revokeToken(Context ctx) {
    long id = jobIdLike(ctx.pathParam("id"));
    ctx.json(tokens.revoke(id).orElseThrow(() -> ApiProblem.notFound("token " + id)));
  }

  private static long jobIdLike(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid("id", "'" + text + "' is not a token id: a whole number");
    }
  }

  private void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(metrics.scrape(this::metricsState));
  }

  private ServerMetrics.State metricsState() {
    List<NodeView> nodes = nodeViews();
    Map<String, Map<String, Integer>> byType = new TreeMap<>();
    long lag = 0;
    for (NodeView node : nodes) {
      for (var device : node.devices()) {
        byType
            .computeIfAbsent(node.accelerator(), t -> new TreeMap<>())
            .merge(device.state(), 1, Integer::sum);
      }
      if (node.state().equals("Ready")) {
        lag = Math.max(lag, node.heartbeatAgeMillis());
      }
    }
    Map<String, Integer> jobs = new TreeMap<>();
    store.jobCounts().forEach((state, count) -> jobs.put(state.name(), count));
    return new ServerMetrics.State(Views.summary(nodes, jobs), byType, lag / 1000.0);
  }
}
