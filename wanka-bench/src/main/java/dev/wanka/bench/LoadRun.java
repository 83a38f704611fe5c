package dev.wanka.bench;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.ClusterSummary;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.JobView;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.Role;
import dev.wanka.api.TenantView;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.TokenView;
import dev.wanka.api.WireJson;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The load on one server: simulated agents that register and heartbeat at the interval the server
 * gives them, a tenant's user submitting jobs at a fixed rate up to a number of jobs, and the same
 * user reading jobs (one by id, and the list {@code wanka jobs} shows). Every request is timed into
 * a {@link RequestLog} per kind; every paced stream's send lag into another.
 */
final class LoadRun {
  /** The tenant whose user submits and reads the jobs (one open queue of the same name). */
  private static final String TENANT = "load";

  private static final long SEED = 20261201L;
  private static final long PROGRESS_NANOS = 15_000_000_000L;

  /**
   * What to send.
   *
   * @param heartbeatSeconds how often each agent heartbeats; 0 for the interval the server gives (a
   *     longer one is a deviation from the protocol, for measuring the rest of the load at the
   *     whole cluster's size)
   * @param setupConcurrency requests open at once while creating tokens and registering
   */
  record Plan(
      int agents,
      int devicesPerAgent,
      double heartbeatSeconds,
      String accelerator,
      double submitRate,
      int jobs,
      double jobSeconds,
      double getRate,
      double listRate,
      int setupConcurrency) {}

  /**
   * How long setting up took, and the heartbeat intervals.
   *
   * @param serverIntervalMillis the interval the server asks agents to heartbeat at
   * @param agentIntervalMillis the interval the simulated agents heartbeat at
   */
  record Setup(
      double tokensSeconds,
      double registerSeconds,
      long serverIntervalMillis,
      long agentIntervalMillis) {}

  private final Plan plan;
  private final LoadHttp http;
  private final String adminToken;
  private final PrintStream progress;
  private final JobMix mix;
  private final List<SimulatedAgent> agents = new ArrayList<>();
  private final SimulatedAgent.Counters counters = new SimulatedAgent.Counters();
  private final SplittableRandom pick = new SplittableRandom(SEED);
  private long[] jobIds = new long[1024];
  private int jobCount;
  private String userToken = "";
  private long setupStartNanos;
  private volatile long setupEndNanos;

  private final RequestLog tokens = new RequestLog("tenant+tokens");
  private final RequestLog registrations = new RequestLog("register");
  private final RequestLog heartbeats = new RequestLog("heartbeat");
  private final RequestLog submits = new RequestLog("submit");
  private final RequestLog gets = new RequestLog("get");
  private final RequestLog lists = new RequestLog("list");
  private final RequestLog clusterReads = new RequestLog("cluster");
  private final RequestLog heartbeatLag = new RequestLog("heartbeat");
  private final RequestLog submitLag = new RequestLog("submit");
  private final RequestLog getLag = new RequestLog("get");
  private final RequestLog listLag = new RequestLog("list");

  LoadRun(Plan plan, LoadHttp http, String adminToken, PrintStream progress) {
    this.plan = plan;
    this.http = http;
    this.adminToken = adminToken;
    this.progress = progress;
    this.mix = new JobMix(plan.accelerator(), plan.jobSeconds());
    for (int i = 1; i <= plan.agents(); i++) {
      agents.add(
          new SimulatedAgent(
              String.format(Locale.ROOT, "load-%05d", i),
              plan.accelerator(),
              plan.devicesPerAgent(),
              counters));
    }
  }

  SimulatedAgent.Counters counters() {
    return counters;
  }

  /**
   * Creates the tenant, its user's token and a token per agent, then registers the agents. The
   * first registration tells the heartbeat interval; heartbeats start right after it, so that no
   * node registered early goes NotReady while the others register.
   */
  Setup setUp(Pacer pacer) {
    setupStartNanos = System.nanoTime();
    LoadHttp.await(
        http.postJson(
            tokens, ApiPaths.TENANTS, adminToken, WireJson.write(new TenantView(TENANT, 0))));
    userToken =
        LoadHttp.await(newToken(new TokenRequest("load submitter", Role.USER, TENANT, "")))
            .secret();
    long started = System.nanoTime();
    forAll(
        "agent tokens created",
        agents,
        agent ->
            newToken(new TokenRequest("agent " + agent.node(), Role.AGENT, "", agent.node()))
                .thenAccept(token -> agent.tokenIs(token.secret())));
    double tokensSeconds = (System.nanoTime() - started) / 1e9;
    progress.printf(
        Locale.ROOT, "  %,d agent tokens created in %.1f s%n", agents.size(), tokensSeconds);

    started = System.nanoTime();
    RegisterResponse first = LoadHttp.await(register(agents.get(0)));
    long interval =
        plan.heartbeatSeconds() > 0
            ? Math.round(plan.heartbeatSeconds() * 1000)
            : first.heartbeatIntervalMillis();
    pacer.start(agents.size() * 1000.0 / interval, Long.MAX_VALUE, this::heartbeat, heartbeatLag);
    forAll("nodes registered", agents.subList(1, agents.size()), this::register);
    setupEndNanos = System.nanoTime();
    double registerSeconds = (setupEndNanos - started) / 1e9;
    progress.printf(
        Locale.ROOT,
        "  %,d nodes x %d %s registered in %.1f s; each heartbeats every %d ms (the server asks"
            + " for %d)%n",
        agents.size(),
        plan.devicesPerAgent(),
        plan.accelerator(),
        registerSeconds,
        interval,
        first.heartbeatIntervalMillis());
    return new Setup(tokensSeconds, registerSeconds, first.heartbeatIntervalMillis(), interval);
  }

  /** Starts submitting jobs and reading them. */
  void startWork(Pacer pacer) {
    pacer.start(plan.submitRate(), plan.jobs(), this::submit, submitLag);
    pacer.start(plan.getRate(), Long.MAX_VALUE, this::getJob, getLag);
    pacer.start(plan.listRate(), Long.MAX_VALUE, this::listJobs, listLag);
  }

  /** The jobs the server accepted so far. */
  synchronized int jobsAccepted() {
    return jobCount;
  }

  /** The cluster as the server sums it up (as the admin sees it). */
  ClusterSummary cluster() {
    return WireJson.read(
        LoadHttp.await(http.get(clusterReads, ApiPaths.CLUSTER, adminToken)), ClusterSummary.class);
  }

  /** The load's requests sent in {@code [fromNanos, toNanos)}, by kind. */
  List<LatencySummary> requests(long fromNanos, long toNanos) {
    return summaries(List.of(heartbeats, submits, gets, lists), fromNanos, toNanos);
  }

  /** The answered requests' p99 per kind, of those sent in {@code [fromNanos, toNanos)}. */
  String sampleLatencies(long fromNanos, long toNanos) {
    StringBuilder text = new StringBuilder("p99");
    for (LatencySummary kind : requests(fromNanos, toNanos)) {
      if (kind.requests() > 0) {
        text.append(String.format(Locale.ROOT, " %s %.1f ms", kind.kind(), kind.p99Millis()));
      }
    }
    return text.toString();
  }

  /** How late the paced streams sent their requests in {@code [fromNanos, toNanos)}. */
  List<LatencySummary> sendLag(long fromNanos, long toNanos) {
    return summaries(List.of(heartbeatLag, submitLag, getLag, listLag), fromNanos, toNanos);
  }

  /** The set-up requests (tokens, registrations); rates are over the whole set-up. */
  List<LatencySummary> setupRequests() {
    return summaries(List.of(tokens, registrations), setupStartNanos, setupEndNanos);
  }

  private static List<LatencySummary> summaries(List<RequestLog> logs, long from, long to) {
    List<LatencySummary> list = new ArrayList<>();
    for (RequestLog log : logs) {
      list.add(log.summary(from, to));
    }
    return list;
  }

  // ---- the requests --------------------------------------------------------------------------

  private CompletableFuture<TokenView> newToken(TokenRequest request) {
    return http.postJson(tokens, ApiPaths.TOKENS, adminToken, WireJson.write(request))
        .thenApply(body -> WireJson.read(body, TokenView.class));
  }

  private CompletableFuture<RegisterResponse> register(SimulatedAgent agent) {
    return http.postJson(
            registrations,
            ApiPaths.AGENT_REGISTER,
            agent.token(),
            WireJson.write(agent.registration()))
        .thenApply(
            body -> {
              agent.registeredNow();
              return WireJson.read(body, RegisterResponse.class);
            });
  }

  private void heartbeat(long call) {
    SimulatedAgent agent = agents.get((int) (call % agents.size()));
    long now = System.nanoTime();
    if (!agent.registered()) {
      if (setupEndNanos != 0) {
        heartbeats.skipped(now); // registering again; during set-up, not yet registered
      }
      return;
    }
    Heartbeat beat = agent.nextHeartbeat(now);
    if (beat == null) {
      heartbeats.skipped(now);
      return;
    }
    http.postJson(heartbeats, ApiPaths.heartbeat(agent.node()), agent.token(), WireJson.write(beat))
        .whenComplete(
            (body, error) -> {
              if (error != null) {
                agent.unanswered();
                return;
              }
              try {
                HeartbeatResponse reply = WireJson.read(body, HeartbeatResponse.class);
                agent.answered(reply, System.nanoTime());
                if (!reply.registered()) {
                  // as a real agent does: the server lost the node (its database was reset)
                  heartbeats.failed(now, "node unknown to the server; registered again");
                  register(agent);
                }
              } catch (RuntimeException e) {
                agent.unanswered();
                heartbeats.failed(now, "unreadable reply: " + e.getClass().getSimpleName());
              }
            });
  }

  private void submit(long call) {
    http.send(submits, ApiPaths.JOBS, userToken, "application/yaml", mix.manifest(call))
        .thenAccept(
            body -> {
              try {
                accepted(WireJson.read(body, JobView.class).id());
              } catch (RuntimeException e) {
                submits.failed(
                    System.nanoTime(), "unreadable reply: " + e.getClass().getSimpleName());
              }
            });
  }

  private synchronized void accepted(long jobId) {
    if (jobCount == jobIds.length) {
      jobIds = Arrays.copyOf(jobIds, jobCount * 2);
    }
    jobIds[jobCount++] = jobId;
  }

  private void getJob(long call) {
    long id;
    synchronized (this) {
      if (jobCount == 0) {
        return;
      }
      id = jobIds[pick.nextInt(jobCount)];
    }
    http.get(gets, ApiPaths.job(id), userToken);
  }

  private void listJobs(long call) {
    http.get(lists, ApiPaths.JOBS, userToken);
  }

  /**
   * Sends one request per item, at most {@link Plan#setupConcurrency()} open at once, and waits for
   * all of them.
   *
   * @throws IllegalStateException naming the first request that failed
   */
  private void forAll(
      String done,
      List<SimulatedAgent> items,
      Function<SimulatedAgent, CompletableFuture<?>> request) {
    Semaphore permits = new Semaphore(plan.setupConcurrency());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long lastReport = System.nanoTime();
    int sent = 0;
    for (SimulatedAgent item : items) {
      permits.acquireUninterruptibly();
      if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
        lastReport = System.nanoTime();
        int open = plan.setupConcurrency() - 1 - permits.availablePermits();
        progress.printf(Locale.ROOT, "    %,d of %,d %s%n", sent - open, items.size(), done);
      }
      sent++;
      if (failure.get() != null) {
        permits.release();
        break;
      }
      request
          .apply(item)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                }
                permits.release();
              });
    }
    permits.acquireUninterruptibly(plan.setupConcurrency());
    if (failure.get() != null) {
      Throwable error = failure.get();
      throw new IllegalStateException(
          "setting up the agents failed: "
              + (error.getCause() != null ? error.getCause() : error).getMessage(),
          error);
    }
  }
}
