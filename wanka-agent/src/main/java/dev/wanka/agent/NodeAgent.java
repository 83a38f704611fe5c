package dev.wanka.agent;

import dev.wanka.agent.discovery.DeviceBackend;
import dev.wanka.agent.discovery.Discovery;
import dev.wanka.agent.discovery.ProcessToolRunner;
import dev.wanka.agent.tasks.LogShipper;
import dev.wanka.agent.tasks.PidFiles;
import dev.wanka.agent.tasks.TaskRunner;
import dev.wanka.api.DeviceInfo;
import dev.wanka.api.WankaClient;
import dev.wanka.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The node agent: finds the node's devices, registers them with the server, heartbeats, and runs
 * the tasks the server assigns to the node.
 *
 * <pre>
 *   start(): stop leftovers of a previous agent -> discover devices -> threads:
 *     heartbeat:  register -> [heartbeat(telemetry, task statuses) -> reconcile reply]*
 *     logs:       [ship new log bytes of every task]*
 *   close(): stop heartbeating -> stop tasks (SIGTERM, grace, SIGKILL) -> ship the last bytes
 * </pre>
 *
 * <p>{@link #run()} starts the agent and blocks until {@link #close()} (e.g. from a shutdown hook)
 * has finished.
 */
public final class NodeAgent implements AutoCloseable {
  static final Duration SHIP_PERIOD = Duration.ofMillis(250);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());

  private final AgentOptions options;
  private final WankaClient client;
  private final Discovery discovery;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private DeviceBackend devices;
  private TaskRunner runner;
  private LogShipper shipper;
  private Thread heartbeatThread;
  private Thread shippingThread;
  private boolean started;
  private boolean closed;

  public NodeAgent(AgentOptions options) {
    this.options = options;
    this.client = new WankaClient(options.server(), options.token(), REQUEST_TIMEOUT);
    this.discovery =
        new Discovery(
            Catalog.bundled(), new ProcessToolRunner(Duration.ofSeconds(10)), Clock.systemUTC());
  }

  /**
   * Stops processes left by a previous agent on the same work dir, finds the devices and starts the
   * heartbeat and log threads. Returns once they run; the server need not be up yet.
   *
   * @throws IllegalStateException when no devices can be found (the message says what to do)
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the agent was started already");
    }
    started = true;
    try {
      Files.createDirectories(options.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the work dir " + options.workDir(), e);
    }
    PidFiles pidFiles = new PidFiles(options.workDir());
    List<String> leftovers = pidFiles.stopLeftovers();
    if (!leftovers.isEmpty()) {
      LOG.log(Level.INFO, "stopped " + leftovers.size() + " task(s) of a previous agent");
    }
    devices = discovery.open(options.devices(), options.accelerator(), options.node());
    runner =
        new TaskRunner(
            options.workDir(),
            Path.of("").toAbsolutePath(),
            devices.visibilityVariable(),
            pidFiles);
    shipper =
        new LogShipper(
            (taskId, offset, bytes) -> client.appendLog(options.node(), taskId, offset, bytes));
    HeartbeatLoop loop =
        new HeartbeatLoop(
            options,
            client,
            devices,
            runner,
            new Reconciler(runner, shipper),
            shipper,
            closing,
            Optional.ofNullable(NodeAgent.class.getPackage().getImplementationVersion())
                .orElse("dev"));
    heartbeatThread = daemon(loop, "wanka-agent-heartbeat");
    shippingThread = daemon(this::shipLogs, "wanka-agent-logs");
    LOG.log(
        Level.INFO,
        "agent for node "
            + options.node()
            + " started: "
            + devices.devices().size()
            + " x "
            + devices.accelerator().id()
            + ", work dir "
            + options.workDir());
  }

  /** Starts the agent (unless started) and blocks until {@link #close()} has finished. */
  public void run() throws InterruptedException {
    synchronized (this) {
      if (!started) {
        start();
      }
    }
    finished.await();
  }

  /** The devices found; empty before {@link #start()}. */
  public synchronized List<DeviceInfo> devices() {
    return devices == null ? List.of() : devices.devices();
  }

  /**
   * Stops heartbeating, stops every task (SIGTERM, its grace, SIGKILL, the whole process tree),
   * waits for them, and ships the last log bytes once. Safe to call more than once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closing.countDown();
    try {
      if (heartbeatThread != null) {
        join(heartbeatThread);
        runner.close();
        join(shippingThread);
        shipper.shipOnce();
      }
      LOG.log(Level.INFO, "agent for node " + options.node() + " stopped");
    } finally {
      finished.countDown();
    }
  }

  private void shipLogs() {
    try {
      do {
        shipper.shipOnce();
      } while (!closing.await(SHIP_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
