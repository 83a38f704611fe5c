package dev.wanka.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The conditions a measurement ran under: the CPU, how many CPUs the machine has, how busy it was
 * (the 1-minute load average, which counts other users' work on a shared machine) and the JDK.
 *
 * @param loadAverage the 1-minute load average from {@code /proc/loadavg}; -1 where unknown
 */
record Machine(String cpuModel, int cpus, double loadAverage, String jdk) {
  /** The machine now. Call it before pinning this JVM to fewer CPUs, which changes {@code cpus}. */
  static Machine now() {
    return new Machine(
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        currentLoadAverage(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  /** The 1-minute load average now; -1 where {@code /proc/loadavg} is missing. */
  static double currentLoadAverage() {
    return read(Path.of("/proc/loadavg"))
        .map(text -> Double.parseDouble(text.trim().split("\\s+")[0]))
        .orElse(-1.0);
  }

  private static String readCpuModel() {
    return read(Path.of("/proc/cpuinfo"))
        .flatMap(
            text ->
                text.lines()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst())
        .orElse(System.getProperty("os.arch"));
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
