package dev.wanka.cli.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code wanka} command in its own JVM, on the test's class path, with its output kept in a file
 * and its stdout lines readable as they come.
 */
final class JavaProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private JavaProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "stdout of " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static JavaProcess start(Path log, String... wankaArgs) {
    return startWithHeap(log, "256m", wankaArgs);
  }

  /** Like {@link #start}, with the JVM's largest heap ({@code -Xmx}) given, e.g. "2g". */
  static JavaProcess startWithHeap(Path log, String heap, String... wankaArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(classPath());
    command.add("dev.wanka.cli.Main");
    command.addAll(List.of(wankaArgs));
    try {
      return new JavaProcess(new ProcessBuilder(command).redirectError(log.toFile()).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** The next stdout line that contains {@code text}. */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (line == null && !process.isAlive()) {
        throw new IllegalStateException(
            "process "
                + process.pid()
                + " exited with "
                + process.exitValue()
                + " before printing '"
                + text
                + "'");
      }
    }
    throw new IllegalStateException("no line with '" + text + "' within " + timeout);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
