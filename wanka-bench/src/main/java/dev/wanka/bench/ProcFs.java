package dev.wanka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Linux process's CPU time and resident memory, read from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}. Every thread of the process is counted: the JVM's compiler and GC threads as
 * well as the application's.
 */
final class ProcFs {
  /** Clock ticks per second, the unit of utime and stime in {@code /proc/<pid>/stat}. */
  private static final long CLOCK_TICKS = clockTicks();

  private ProcFs() {}

  /** Whether this machine has a {@code /proc} to read (Linux). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** CPU time a process has used, in seconds: in its own code (user) and in the kernel's. */
  record CpuTimes(double userSeconds, double systemSeconds) {
    double totalSeconds() {
      return userSeconds + systemSeconds;
    }

    /** The time used since {@code earlier}. */
    CpuTimes minus(CpuTimes earlier) {
      return new CpuTimes(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }
  }

  /** The CPU time the process has used so far. */
  static CpuTimes cpu(long pid) {
    return cpuOf(read(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /** The CPU time in a {@code stat} line, a process's or one of its threads'. */
  static CpuTimes cpuOf(String stat) {
    // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last
    // ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state) of proc(5), so utime (field 14) is fields[11], stime fields[12].
    return new CpuTimes(
        Long.parseLong(fields[11]) / (double) CLOCK_TICKS,
        Long.parseLong(fields[12]) / (double) CLOCK_TICKS);
  }

  /** The resident set now (VmRSS), in bytes. */
  static long residentBytes(long pid) {
    return statusKilobytes(pid, "VmRSS:") * 1024;
  }

  /** The largest resident set the process has had (VmHWM), in bytes. */
  static long peakResidentBytes(long pid) {
    return statusKilobytes(pid, "VmHWM:") * 1024;
  }

  private static long statusKilobytes(long pid, String field) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(field)) {
        // "VmRSS:\t  123456 kB"
        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("/proc/" + pid + "/status has no " + field + " line");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (has the process ended?)", e);
    }
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Long.parseLong(out.trim());
      }
    } catch (IOException | NumberFormatException e) {
      // the Linux default below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
