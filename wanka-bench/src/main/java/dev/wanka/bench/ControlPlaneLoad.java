package dev.wanka.bench;

import dev.wanka.api.ClusterSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The control-plane load generator (issue 6): starts {@code wanka server} as a separate JVM ({@code
 * -Xmx2g}, H2 in a temporary data directory, pinned to CPU 0 with {@code taskset}), pins itself to
 * CPU 1, and drives the server over loopback as 12,500 node agents of 8 simulated H100 each
 * (100,000 devices) heartbeating once a second, plus a tenant submitting 100 jobs a second up to
 * 10,000 jobs and reading them. After a warm-up it measures every request's latency by kind, the
 * server's CPU (from {@code /proc}) and, after the window, its resident memory and heap ({@code
 * jcmd}). It prints a table and writes JSON ({@code --out}). Linux only (it reads {@code /proc}).
 *
 * <p>Run from the repository root (the generator needs {@code wanka-cli/target/wanka.jar}, the
 * server it starts):
 *
 * <pre>
 * ./mvnw -B -q -pl wanka-cli,wanka-bench -am package -DskipTests
 * java -Xmx1g -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.ControlPlaneLoad \
 *     --agents 12500 --devices-per-agent 8 --submit-rate 100 --jobs 10000 --duration 120 \
 *     --out target/control-plane-load.json
 * </pre>
 *
 * <p>It is a benchmark, not a test: nothing in the build runs it. docs/benchmarks.md ("Control
 * plane under load") has the results and how they were taken.
 */
@Command(
    name = "ControlPlaneLoad",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Start 'wanka server' in a JVM of its own and load it with simulated agents heartbeating and"
          + " a tenant submitting and reading jobs; print p50/p99 latency by request kind, the"
          + " server's CPU, RSS and heap."
    })
public final class ControlPlaneLoad implements Callable<Integer> {
  @Option(names = "--agents", defaultValue = "12500", description = "Simulated agents (nodes).")
  int agents;

  @Option(
      names = "--devices-per-agent",
      defaultValue = "8",
      description = "Simulated devices per node.")
  int devicesPerAgent;

  @Option(
      names = "--heartbeat-seconds",
      defaultValue = "0",
      description =
          "How often each agent heartbeats; 0 (the default) for what the server asks (1 s). Longer"
              + " deviates from the protocol: to measure the rest at the whole cluster's size.")
  double heartbeatSeconds;

  @Option(
      names = "--accelerator",
      defaultValue = "h100-sxm",
      description = "The catalog id of every simulated device.")
  String accelerator;

  @Option(
      names = "--submit-rate",
      defaultValue = "100",
      description = "Job submissions per second, until --jobs are submitted; 0 for none.")
  double submitRate;

  @Option(names = "--jobs", defaultValue = "10000", description = "Jobs to submit in all.")
  int jobs;

  @Option(
      names = "--job-seconds",
      defaultValue = "30",
      description = "How long each batch or training task runs before it exits 0.")
  double jobSeconds;

  @Option(
      names = "--get-rate",
      defaultValue = "10",
      description = "GET /jobs/{id} per second, of a job picked at random.")
  double getRate;

  @Option(
      names = "--list-rate",
      defaultValue = "1",
      description = "GET /jobs per second (what 'wanka jobs' asks for: the newest 500).")
  double listRate;

  @Option(
      names = "--warmup",
      defaultValue = "30",
      description = "Seconds of load after set-up that the figures leave out.")
  double warmupSeconds;

  @Option(
      names = "--duration",
      defaultValue = "120",
      description = "Seconds of load measured after the warm-up.")
  double durationSeconds;

  @Option(
      names = "--server-cpus",
      defaultValue = "0",
      description = "taskset CPU list for the server, or 'none' (default: ${DEFAULT-VALUE}).")
  String serverCpus;

  @Option(
      names = "--generator-cpus",
      defaultValue = "1",
      description = "taskset CPU list for this generator, or 'none' (default: ${DEFAULT-VALUE}).")
  String generatorCpus;

  @Option(
      names = "--server-heap",
      defaultValue = "2g",
      description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
  String serverHeap;

  @Option(
      names = "--server-java-option",
      paramLabel = "OPTION",
      description =
          "One more JVM option for the server, e.g."
              + " -XX:StartFlightRecording=filename=server.jfr,settings=profile (repeatable).")
  List<String> serverJavaOptions = new ArrayList<>();

  @Option(
      names = "--wanka-jar",
      defaultValue = "wanka-cli/target/wanka.jar",
      description = "The wanka command's jar, which runs the server (default: ${DEFAULT-VALUE}).")
  Path wankaJar;

  @Option(
      names = "--setup-concurrency",
      defaultValue = "64",
      description =
          "Requests open at once while creating tokens and registering nodes (at most the"
              + " generator's 64 connections).")
  int setupConcurrency;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the results as JSON here.")
  Path out;

  @Option(
      names = "--keep-data",
      description = "Keep the server's temporary data directory and logs (printed at the end).")
  boolean keepData;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControlPlaneLoad()).execute(args));
  }

  @Override
  public Integer call() {
    validate();
    PrintStream progress = System.out;
    Machine machine = Machine.now();
    Optional<String> serverPin = cpus(serverCpus);
    Optional<String> generatorPin = cpus(generatorCpus);
    generatorPin.ifPresent(ControlPlaneLoad::pinThisProcess);
    Path work = BenchFiles.temporaryDirectory("wanka-load-");
    List<String> javaOptions = new ArrayList<>();
    javaOptions.add("-Xmx" + serverHeap);
    javaOptions.addAll(serverJavaOptions);
    List<String> command =
        WankaProcess.command(
            serverPin,
            javaOptions,
            wankaJar.toAbsolutePath(),
            List.of("server", "--port", "0", "--data-dir", work.resolve("data").toString()));
    progress.println("starting: " + String.join(" ", command));
    LoadReport report = null;
    try (WankaProcess server =
            WankaProcess.start(command, work, work.resolve("server"), Duration.ofMinutes(2));
        LoadHttp http = new LoadHttp(server.uri(), Duration.ofSeconds(30));
        Pacer pacer = new Pacer(2)) {
      progress.println("server " + server.uri() + " (pid " + server.pid() + "); setting up");
      String adminToken = BenchFiles.read(work.resolve("data").resolve("admin.token")).trim();
      LoadRun run =
          new LoadRun(
              new LoadRun.Plan(
                  agents,
                  devicesPerAgent,
                  heartbeatSeconds,
                  accelerator,
                  submitRate,
                  jobs,
                  jobSeconds,
                  getRate,
                  listRate,
                  setupConcurrency),
              http,
              adminToken,
              progress);
      LoadRun.Setup setup = run.setUp(pacer);
      run.startWork(pacer);
      progress.printf(
          Locale.ROOT,
          "load running: %s s of warm-up, then %s s measured%n",
          warmupSeconds,
          durationSeconds);
      Waits.seconds(warmupSeconds);
      MeasuredWindow window;
      try {
        window =
            MeasuredWindow.measure(
                server.pid(), durationSeconds, run::jobsAccepted, run::sampleLatencies, progress);
      } catch (UncheckedIOException e) {
        // /proc/<pid> is gone when the server died (out of memory, for one)
        throw server.isAlive() ? e : serverExited(server);
      }
      if (!server.isAlive()) {
        throw serverExited(server);
      }
      pacer.close();
      int stillOpen = http.awaitIdle(Duration.ofSeconds(40));
      if (stillOpen > 0) {
        progress.println("  " + stillOpen + " requests still open after the load stopped");
      }
      ClusterSummary cluster = run.cluster();
      long heapUsed = server.heapUsedBytes();
      server.fullGc();
      long heapLive = server.heapUsedBytes();
      LoadReport.Settings settings =
          new LoadReport.Settings(
              agents,
              devicesPerAgent,
              accelerator,
              submitRate,
              jobs,
              jobSeconds,
              getRate,
              listRate,
              warmupSeconds,
              durationSeconds,
              window.from().toString(),
              window.to().toString(),
              serverPin.orElse("none"),
              generatorPin.orElse("none"),
              command);
      List<LatencySummary> requests = run.requests(window.startNanos(), window.endNanos());
      LoadReport.ServerUsage usage =
          new LoadReport.ServerUsage(
              window.serverCpu().totalSeconds() / window.seconds(),
              window.serverCpu().systemSeconds() / window.seconds(),
              window.serverCompilerSeconds() / window.seconds(),
              window.serverPeakCores(),
              window.serverResidentBytes(),
              ProcFs.peakResidentBytes(server.pid()),
              heapUsed,
              heapLive);
      report =
          new LoadReport(
              machine,
              window.loadAverage(),
              settings,
              setup,
              run.setupRequests(),
              requests,
              run.sendLag(window.startNanos(), window.endNanos()),
              usage,
              window.generatorCores(),
              new LoadReport.Tasks(
                  run.counters().tasksStarted.sum(),
                  run.counters().tasksExited.sum(),
                  run.counters().tasksStopped.sum()),
              run.jobsAccepted(),
              cluster,
              checks(requests, setup, usage, run.jobsAccepted(), cluster));
    } finally {
      if (keepData || report == null) {
        progress.println("data and server logs kept in " + work);
      } else {
        BenchFiles.deleteTree(work);
      }
    }
    report.print(progress);
    if (out != null) {
      BenchFiles.writeResults(out, LoadReport.json(report));
      progress.println("results written to " + out);
    }
    return 0;
  }

  private static IllegalStateException serverExited(WankaProcess server) {
    return new IllegalStateException(
        "the server exited during the run; its log ends with:\n" + server.stderrTail());
  }

  private List<LoadReport.Check> checks(
      List<LatencySummary> requests,
      LoadRun.Setup setup,
      LoadReport.ServerUsage usage,
      int jobsAccepted,
      ClusterSummary cluster) {
    List<LoadReport.Check> checks = new ArrayList<>();
    for (LatencySummary kind : requests) {
      if (kind.requests() + kind.failed() == 0) {
        continue; // a kind this run did not send (its rate was 0)
      }
      checks.add(
          new LoadReport.Check(
              kind.kind() + " p99 <= 50 ms",
              String.format(Locale.ROOT, "%.2f ms", kind.p99Millis()),
              kind.p99Millis() <= 50));
    }
    // Pinned to one CPU the server cannot use more; whether it kept up shows in the latencies.
    checks.add(
        new LoadReport.Check(
            "server CPU <= 1 core",
            String.format(
                Locale.ROOT,
                "%.2f cores%s",
                usage.cpuCores(),
                serverCpus.matches("[0-9]+") ? " (pinned to CPU " + serverCpus + ")" : ""),
            usage.cpuCores() <= 1.0));
    long failed = requests.stream().mapToLong(LatencySummary::failed).sum();
    checks.add(new LoadReport.Check("no request failed", failed + " failed", failed == 0));
    double wanted = agents * 1000.0 / setup.agentIntervalMillis();
    double achieved = requests.get(0).ratePerSecond();
    checks.add(
        new LoadReport.Check(
            String.format(Locale.ROOT, "heartbeats >= 99%% of %,.0f/s", wanted),
            String.format(Locale.ROOT, "%,.0f/s", achieved),
            achieved >= 0.99 * wanted));
    int wantedJobs = submitRate > 0 ? jobs : 0;
    checks.add(
        new LoadReport.Check(
            String.format(Locale.ROOT, "%,d jobs accepted", wantedJobs),
            String.format(Locale.ROOT, "%,d", jobsAccepted),
            jobsAccepted == wantedJobs));
    long devices = (long) agents * devicesPerAgent;
    checks.add(
        new LoadReport.Check(
            String.format(Locale.ROOT, "%,d devices, every node Ready at the end", devices),
            String.format(
                Locale.ROOT,
                "%,d devices, %,d of %,d Ready",
                cluster.devices(),
                cluster.nodesReady(),
                cluster.nodes()),
            cluster.devices() == devices && cluster.nodesReady() == agents));
    return checks;
  }

  private void validate() {
    positive("--agents", agents, 100_000);
    positive("--devices-per-agent", devicesPerAgent, 128);
    positive("--jobs", jobs, 10_000_000);
    positive("--setup-concurrency", setupConcurrency, LoadHttp.CONNECTIONS);
    rate("--submit-rate", submitRate, true);
    rate("--get-rate", getRate, true);
    rate("--list-rate", listRate, true);
    rate("--job-seconds", jobSeconds, false);
    rate("--warmup", warmupSeconds, true);
    rate("--heartbeat-seconds", heartbeatSeconds, true);
    rate("--duration", durationSeconds, false);
    WankaProcess.checkCanRun(spec, wankaJar);
  }

  private void positive(String option, long value, long max) {
    if (value < 1 || value > max) {
      throw new ParameterException(
          spec.commandLine(),
          option + ": " + value + " is not allowed: a whole number from 1 to " + max);
    }
  }

  private void rate(String option, double value, boolean zeroAllowed) {
    if (!(value >= 0) || Double.isInfinite(value) || (!zeroAllowed && value == 0)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + ": "
              + value
              + " is not allowed: a number "
              + (zeroAllowed ? "of 0 or more" : "above 0"));
    }
  }

  /** A taskset CPU list, empty for 'none'. */
  private Optional<String> cpus(String list) {
    if (list.equals("none")) {
      return Optional.empty();
    }
    if (!list.matches("[0-9]+([-,][0-9]+)*")) {
      throw new ParameterException(
          spec.commandLine(),
          "'" + list + "' is not a CPU list: write e.g. 0, 0-1 or 1,3, or 'none'");
    }
    return Optional.of(list);
  }

  /** Pins every thread of this JVM (and the threads it starts later) to {@code cpus}. */
  private static void pinThisProcess(String cpus) {
    List<String> command =
        List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()));
    try {
      Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
        throw new IllegalStateException(
            "--generator-cpus: '" + String.join(" ", command) + "' failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "--generator-cpus: cannot run taskset (install util-linux, or pass 'none')", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pinning the generator", e);
    }
  }
}
