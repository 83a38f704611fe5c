package dev.wanka.api;

/** The REST API v1 paths, shared by the server's routes and the client. */
public final class ApiPaths {
  public static final String BASE = "/api/v1";
  public static final String OPENAPI = BASE + "/openapi.json";
  public static final String JOBS = BASE + "/jobs";
  public static final String SERVICES = BASE + "/services";
  public static final String NODES = BASE + "/nodes";
  public static final String QUEUES = BASE + "/queues";
  public static final String TENANTS = BASE + "/tenants";
  public static final String TOKENS = BASE + "/tokens";
  public static final String CLUSTER = BASE + "/cluster";
  public static final String CLUSTER_DEVICES = CLUSTER + "/devices";
  public static final String CLUSTER_HISTORY = CLUSTER + "/history";
  public static final String WHOAMI = BASE + "/whoami";
  public static final String AGENT_REGISTER = BASE + "/agents/register";
  public static final String METRICS = "/metrics";
  public static final String HEALTH = "/healthz";

  /** The web dashboard, served by the server from its resources. */
  public static final String DASHBOARD = "/dashboard";

  /** The media type of error bodies (RFC 9457). */
  public static final String PROBLEM_JSON = "application/problem+json";

  private ApiPaths() {}

  public static String job(long id) {
    return JOBS + "/" + id;
  }

  public static String node(String name) {
    return NODES + "/" + name;
  }

  public static String heartbeat(String node) {
    return node(node) + "/heartbeat";
  }

  public static String taskLog(String node, String taskId) {
    return node(node) + "/tasks/" + taskId + "/log";
  }
}
