package dev.wanka.bench;

import dev.wanka.api.ClusterSummary;
import dev.wanka.api.WireJson;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link ControlPlaneLoad} run measured, printed as a table and written as JSON. Latencies
 * are in milliseconds, memory in bytes, CPU in cores (CPU seconds per second of the window).
 *
 * @param loadAverageInWindow the mean of the 1-minute load averages sampled in the window: on a
 *     shared machine, how much else ran
 */
record LoadReport(
    Machine machineAtStart,
    double loadAverageInWindow,
    Settings settings,
    LoadRun.Setup setup,
    List<LatencySummary> setupRequests,
    List<LatencySummary> requests,
    List<LatencySummary> sendLag,
    ServerUsage server,
    double generatorCpuCores,
    Tasks tasks,
    int jobsAccepted,
    ClusterSummary clusterAtEnd,
    List<Check> checks) {

  /**
   * How the run was set up (the command's options, and the server's command line).
   *
   * @param windowFrom the measured window's start, an ISO instant (for {@link JfrHotspots})
   */
  record Settings(
      int agents,
      int devicesPerAgent,
      String accelerator,
      double submitRate,
      int jobs,
      double jobSeconds,
      double getRate,
      double listRate,
      double warmupSeconds,
      double durationSeconds,
      String windowFrom,
      String windowTo,
      String serverCpus,
      String generatorCpus,
      List<String> serverCommand) {}

  /**
   * The server process: CPU over the measured window; memory after it.
   *
   * @param cpuCoresInKernel the part of {@code cpuCores} spent in the kernel (system time: sockets,
   *     scheduling), which JFR's execution samples do not see
   * @param cpuCoresCompiling the part of {@code cpuCores} the JIT compiler threads used
   * @param cpuCoresPeak the busiest {@value MeasuredWindow#SAMPLE_SECONDS}-second stretch
   * @param heapUsedBytes the heap in use right after the window (garbage included)
   * @param heapLiveBytes the heap in use after a full collection (what the state holds)
   */
  record ServerUsage(
      double cpuCores,
      double cpuCoresInKernel,
      double cpuCoresCompiling,
      double cpuCoresPeak,
      long residentBytes,
      long peakResidentBytes,
      long heapUsedBytes,
      long heapLiveBytes) {}

  /** The simulated agents' tasks over the whole run. */
  record Tasks(long started, long exitedZero, long stopped) {}

  /** One target and whether the run met it. */
  record Check(String target, String measured, boolean met) {}

  boolean allMet() {
    return checks.stream().allMatch(Check::met);
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "Control plane under load: %,d agents x %d %s (%,d devices), each heartbeating every %d ms"
            + " (the server asks for %d);"
            + " %s submissions/s up to %,d jobs of %s s; %s gets/s, %s lists/s%n",
        settings.agents(),
        settings.devicesPerAgent(),
        settings.accelerator(),
        (long) settings.agents() * settings.devicesPerAgent(),
        setup.agentIntervalMillis(),
        setup.serverIntervalMillis(),
        number(settings.submitRate()),
        settings.jobs(),
        number(settings.jobSeconds()),
        number(settings.getRate()),
        number(settings.listRate()));
    out.printf(
        Locale.ROOT,
        "machine: %s, %d CPUs, load average %.2f at the start, %.2f on average in the window; %s%n",
        machineAtStart.cpuModel(),
        machineAtStart.cpus(),
        machineAtStart.loadAverage(),
        loadAverageInWindow,
        machineAtStart.jdk());
    out.printf(
        Locale.ROOT,
        "server pinned to CPUs %s, generator to %s; window %s s after %s s of warm-up, %s to %s%n%n",
        settings.serverCpus(),
        settings.generatorCpus(),
        number(settings.durationSeconds()),
        number(settings.warmupSeconds()),
        settings.windowFrom(),
        settings.windowTo());
    out.println("requests sent in the window (latency: send to whole reply, as the client saw it)");
    table(out, requests);
    out.println();
    out.println("send lag of the paced streams (due time to send; shows the generator kept up)");
    table(out, sendLag);
    out.println();
    out.println("set-up (whole run)");
    table(out, setupRequests);
    out.printf(
        Locale.ROOT,
        "%nserver: CPU %.2f cores, %.2f of them in the kernel and %.2f compiling (JIT) (busiest %d"
            + " s: %.2f); RSS %s (peak %s); heap used %s, live after a full GC %s%n",
        server.cpuCores(),
        server.cpuCoresInKernel(),
        server.cpuCoresCompiling(),
        MeasuredWindow.SAMPLE_SECONDS,
        server.cpuCoresPeak(),
        megabytes(server.residentBytes()),
        megabytes(server.peakResidentBytes()),
        megabytes(server.heapUsedBytes()),
        megabytes(server.heapLiveBytes()));
    out.printf(Locale.ROOT, "generator: CPU %.2f cores%n", generatorCpuCores);
    out.printf(
        Locale.ROOT,
        "tasks on the simulated agents: %,d started, %,d exited 0, %,d stopped; jobs accepted %,d%n",
        tasks.started(),
        tasks.exitedZero(),
        tasks.stopped(),
        jobsAccepted);
    out.printf(
        Locale.ROOT,
        "cluster at the end: %,d nodes (%,d Ready), %,d devices %s, jobs %s%n%n",
        clusterAtEnd.nodes(),
        clusterAtEnd.nodesReady(),
        clusterAtEnd.devices(),
        clusterAtEnd.devicesByState(),
        clusterAtEnd.jobsByState());
    for (Check check : checks) {
      out.printf(
          Locale.ROOT,
          "  %-6s %-52s %s%n",
          check.met() ? "met" : "MISSED",
          check.target(),
          check.measured());
    }
  }

  private static void table(PrintStream out, List<LatencySummary> rows) {
    out.printf(
        Locale.ROOT,
        "  %-14s %10s %9s %7s %8s %8s %8s %8s %9s %9s%n",
        "kind",
        "answered",
        "rate/s",
        "failed",
        "skipped",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms");
    for (LatencySummary row : rows) {
      out.printf(
          Locale.ROOT,
          "  %-14s %,10d %9.1f %7d %8d %8.2f %8.2f %8.2f %9.2f %9.2f%n",
          row.kind(),
          row.requests(),
          row.ratePerSecond(),
          row.failed(),
          row.skipped(),
          row.p50Millis(),
          row.p90Millis(),
          row.p99Millis(),
          row.p999Millis(),
          row.maxMillis());
      for (Map.Entry<String, Long> failure : row.failures().entrySet()) {
        out.printf(Locale.ROOT, "      failed %,d x %s%n", failure.getValue(), failure.getKey());
      }
    }
  }

  static String json(Object value) {
    return WireJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
