package dev.wanka.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * The measured part of a load run: its bounds, the server's and the generator's CPU over it, the
 * server's busiest stretch, the machine's load average during it, and the server's resident memory
 * at its end. It samples every {@value #SAMPLE_SECONDS} seconds and prints a progress line each
 * time.
 *
 * @param startNanos {@link System#nanoTime} at the start, for {@link RequestLog#summary}
 * @param from the start as an instant, for matching a JFR recording ({@link JfrHotspots})
 * @param serverCpu the server's CPU time used in the window
 * @param serverCompilerSeconds the part of it its JIT compiler threads used ({@link CompilerCpu})
 * @param serverPeakCores the server's busiest {@value #SAMPLE_SECONDS}-second stretch, in cores
 * @param generatorCores this process's CPU over the window, in cores
 * @param loadAverage the mean of the 1-minute load averages sampled: how much else ran
 */
record MeasuredWindow(
    long startNanos,
    long endNanos,
    Instant from,
    Instant to,
    ProcFs.CpuTimes serverCpu,
    double serverCompilerSeconds,
    double serverPeakCores,
    double generatorCores,
    double loadAverage,
    long serverResidentBytes) {

  /** The length of the CPU samples, in seconds. */
  static final int SAMPLE_SECONDS = 5;

  /**
   * Measures for {@code seconds} from now, while the load runs, printing each sample's CPU, jobs
   * accepted and what {@code latencies} says of the requests sent within it.
   */
  static MeasuredWindow measure(
      long serverPid,
      double seconds,
      IntSupplier jobsAccepted,
      BiFunction<Long, Long, String> latencies,
      PrintStream progress) {
    long self = ProcessHandle.current().pid();
    long start = System.nanoTime();
    Instant from = Instant.now();
    ProcFs.CpuTimes serverStart = ProcFs.cpu(serverPid);
    CompilerCpu compiler = new CompilerCpu(serverPid);
    double compilerSeconds = 0;
    ProcFs.CpuTimes selfStart = ProcFs.cpu(self);
    long end = start + Math.round(seconds * 1e9);
    long sampleStart = start;
    double sampleCpu = serverStart.totalSeconds();
    double peak = 0;
    double loadSum = 0;
    int loadSamples = 0;
    while (end - System.nanoTime() > 0) {
      long next = Math.min(end, sampleStart + TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS));
      Waits.seconds((next - System.nanoTime()) / 1e9);
      double cpu = ProcFs.cpu(serverPid).totalSeconds();
      long now = System.nanoTime();
      double cores = (cpu - sampleCpu) / ((now - sampleStart) / 1e9);
      double compiling = compiler.secondsSinceLastCall();
      compilerSeconds += compiling;
      peak = Math.max(peak, cores);
      loadSum += Machine.currentLoadAverage();
      loadSamples++;
      progress.printf(
          Locale.ROOT,
          "  %3.0f s: server %.2f cores (JIT %.2f), %,d jobs accepted; %s%n",
          (now - start) / 1e9,
          cores,
          compiling / ((now - sampleStart) / 1e9),
          jobsAccepted.getAsInt(),
          latencies.apply(sampleStart, now));
      sampleStart = now;
      sampleCpu = cpu;
    }
    long stop = System.nanoTime();
    double window = (stop - start) / 1e9;
    return new MeasuredWindow(
        start,
        stop,
        from,
        Instant.now(),
        ProcFs.cpu(serverPid).minus(serverStart),
        compilerSeconds,
        peak,
        ProcFs.cpu(self).minus(selfStart).totalSeconds() / window,
        loadSum / Math.max(1, loadSamples),
        ProcFs.residentBytes(serverPid));
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }
}
