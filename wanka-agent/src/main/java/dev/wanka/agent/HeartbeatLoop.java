package dev.wanka.agent;

import dev.wanka.agent.discovery.DeviceBackend;
import dev.wanka.agent.tasks.LogShipper;
import dev.wanka.agent.tasks.TaskRunner;
import dev.wanka.api.ApiException;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.RegisterResponse;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.WankaClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Registers the node, then sends a heartbeat every interval and applies each reply. When the server
 * cannot be reached the tasks keep running and the loop retries with a backoff doubling up to
 * {@link #MAX_BACKOFF}; it logs one line when the connection is lost and one when it is back, not
 * one per attempt. A reply saying the node is not registered makes it register again.
 */
final class HeartbeatLoop implements Runnable {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final System.Logger LOG = System.getLogger(HeartbeatLoop.class.getName());

  private final AgentOptions options;
  private final WankaClient client;
  private final DeviceBackend devices;
  private final TaskRunner runner;
  private final Reconciler reconciler;
  private final LogShipper shipper;
  private final CountDownLatch closed;
  private final String agentVersion;

  /**
   * The last heartbeat's number. It starts at the wall clock's milliseconds, so that this agent's
   * heartbeats outrank every one of an agent that ran before it on the node (at most one per
   * millisecond it ran): the server ignores a heartbeat not newer than the newest it has seen, and
   * a late one of the previous agent would otherwise silence this one until its count caught up
   * (for as many seconds as the previous agent had run).
   */
  private long sequence = System.currentTimeMillis();

  private String problem = "";

  HeartbeatLoop(
      AgentOptions options,
      WankaClient client,
      DeviceBackend devices,
      TaskRunner runner,
      Reconciler reconciler,
      LogShipper shipper,
      CountDownLatch closed,
      String agentVersion) {
    this.options = options;
    this.client = client;
    this.devices = devices;
    this.runner = runner;
    this.reconciler = reconciler;
    this.shipper = shipper;
    this.closed = closed;
    this.agentVersion = agentVersion;
  }

  @Override
  public void run() {
    boolean registered = false;
    Duration interval = options.heartbeatInterval().orElse(DEFAULT_INTERVAL);
    Duration backoff = FIRST_BACKOFF;
    while (closed.getCount() > 0) {
      long began = System.nanoTime();
      Duration pause;
      try {
        if (!registered) {
          interval = register();
          registered = true;
          pause = Duration.ZERO;
        } else if (heartbeat()) {
          pause = interval.minusNanos(System.nanoTime() - began);
        } else {
          registered = false;
          pause = Duration.ZERO;
        }
        connected();
        backoff = FIRST_BACKOFF;
      } catch (ApiException e) {
        failed(e);
        pause = backoff;
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "heartbeat failed unexpectedly; retrying", e);
        pause = MAX_BACKOFF;
      }
      if (await(pause)) {
        return;
      }
    }
  }

  /** Registers; returns the heartbeat interval to use. */
  private Duration register() {
    RegisterResponse response =
        client.register(
            new RegisterRequest(
                options.node(),
                options.address(),
                devices.accelerator().id(),
                devices.devices(),
                agentVersion));
    Duration interval =
        options
            .heartbeatInterval()
            .orElse(Duration.ofMillis(Math.max(1, response.heartbeatIntervalMillis())));
    LOG.log(
        Level.INFO,
        "registered node "
            + options.node()
            + " ("
            + devices.devices().size()
            + " x "
            + devices.accelerator().id()
            + ") with "
            + client.server()
            + "; heartbeat every "
            + interval.toMillis()
            + " ms");
    return interval;
  }

  /** Sends one heartbeat and applies the reply; false when the server asks to register again. */
  private boolean heartbeat() {
    List<TaskStatus> statuses = runner.statuses();
    if (statuses.stream().anyMatch(status -> status.phase() != TaskPhase.RUNNING)) {
      // An ended task's whole output reaches the server before its end does: a reader following
      // the job's log stops once the job has ended.
      shipper.shipOnce();
    }
    Heartbeat heartbeat =
        new Heartbeat(++sequence, devices.telemetry(runner.busyDevices()), statuses);
    HeartbeatResponse reply = client.heartbeat(options.node(), heartbeat);
    if (!reply.registered()) {
      LOG.log(
          Level.WARNING,
          "the server does not know node "
              + options.node()
              + " (was it reset?); registering again");
      return false;
    }
    reconciler.apply(reply.tasks());
    return true;
  }

  private void connected() {
    if (!problem.isEmpty()) {
      LOG.log(Level.INFO, "server " + client.server() + " answers again");
      problem = "";
    }
  }

  private void failed(ApiException e) {
    String now =
        e.status() == 0
            ? "server unreachable: " + e.problem().detail()
            : "server refused the request: " + e.getMessage();
    if (!now.equals(problem)) {
      LOG.log(Level.WARNING, now + "; tasks keep running, retrying");
      problem = now;
    }
  }

  /** Waits, returning true when the agent is closing. */
  private boolean await(Duration pause) {
    if (pause.isNegative() || pause.isZero()) {
      return closed.getCount() == 0;
    }
    try {
      return closed.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
