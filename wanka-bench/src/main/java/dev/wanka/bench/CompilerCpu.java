package dev.wanka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads ({@code C1 CompilerThread}, {@code C2 CompilerThread})
 * use, read from {@code /proc/<pid>/task/<tid>/stat}. Code run a hundred times a second takes
 * minutes to reach the optimising compiler, and on one core the compiler then competes with the
 * server: this tells such a warm-up from the server's own work. The JVM starts and ends compiler
 * threads as the work comes and goes, so the time is counted thread by thread since the previous
 * reading; what a thread used between its last reading and its end is missed.
 */
final class CompilerCpu {
  private final long pid;
  private final Map<String, Double> lastSecondsByThread = new HashMap<>();

  CompilerCpu(long pid) {
    this.pid = pid;
    secondsSinceLastCall();
  }

  /** The compiler threads' CPU time since the previous call (or the construction), in seconds. */
  double secondsSinceLastCall() {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    double used = 0;
    Map<String, Double> now = new HashMap<>();
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat = readOrNull(thread.resolve("stat"));
        if (stat == null || !isCompiler(stat)) {
          continue;
        }
        double seconds = ProcFs.cpuOf(stat).totalSeconds();
        String tid = thread.getFileName().toString();
        used += seconds - lastSecondsByThread.getOrDefault(tid, 0.0);
        now.put(tid, seconds);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tasks + " (has the process ended?)", e);
    }
    lastSecondsByThread.clear();
    lastSecondsByThread.putAll(now);
    return used;
  }

  /** Whether a {@code stat} line's command (the thread name, cut to 15 characters) is a JIT's. */
  static boolean isCompiler(String stat) {
    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null; // the thread ended since the listing
    }
  }
}
