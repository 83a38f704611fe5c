package dev.wanka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code wanka} command ({@code server} or {@code up}) running in a JVM of its own, started from
 * {@code wanka-cli/target/wanka.jar} exactly as a user starts it, optionally pinned to CPUs with
 * {@code taskset}. Its stdout and stderr go to files; its URL is read from the line it prints once
 * it listens ({@code --port 0} lets it pick a free port).
 */
final class WankaProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path stderr;
  private final URI uri;

  private WankaProcess(Process process, Path stderr, URI uri) {
    this.process = process;
    this.stderr = stderr;
    this.uri = uri;
  }

  /**
   * The command line: {@code [taskset -c CPUS] java OPTIONS -jar JAR ARGS}.
   *
   * @param cpus a taskset CPU list such as {@code 0}; empty to leave the process unpinned
   */
  static List<String> command(
      Optional<String> cpus, List<String> javaOptions, Path jar, List<String> args) {
    List<String> command = new ArrayList<>();
    cpus.ifPresent(
        list -> {
          command.add("taskset");
          command.add("-c");
          command.add(list);
        });
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  /**
   * Starts the command in {@code workingDirectory}, its output in {@code logDirectory}, and waits
   * until it prints the URL it listens on.
   *
   * @throws IllegalStateException when it exits or prints no URL within {@code startTimeout}
   */
  static WankaProcess start(
      List<String> command, Path workingDirectory, Path logDirectory, Duration startTimeout) {
    Path stdout = logDirectory.resolve("stdout.txt");
    Path stderr = logDirectory.resolve("stderr.txt");
    Process process;
    try {
      Files.createDirectories(logDirectory);
      process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
    // Ctrl-C on the benchmark stops the process too (close() does it on a normal end).
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "wanka-process-stop"));
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (deadline - System.nanoTime() > 0) {
      Matcher url = LISTENING.matcher(readOrEmpty(stdout));
      if (url.find()) {
        return new WankaProcess(process, stderr, URI.create("http://127.0.0.1:" + url.group(1)));
      }
      if (!process.isAlive()) {
        throw notListening(
            command, "exited with code " + process.exitValue() + " before listening", stderr);
      }
      Waits.pause(Duration.ofMillis(100));
    }
    process.destroyForcibly();
    throw notListening(command, "printed no URL within " + startTimeout.toSeconds() + " s", stderr);
  }

  private static IllegalStateException notListening(
      List<String> command, String what, Path stderr) {
    return new IllegalStateException(
        "'"
            + String.join(" ", command)
            + "' "
            + what
            + "; its stderr ends with:\n"
            + tail(readOrEmpty(stderr)));
  }

  /**
   * Checks what running a wanka process and measuring it needs: the jar, and Linux's {@code /proc}.
   *
   * @throws ParameterException naming {@code --wanka-jar} and how to build the jar
   */
  static void checkCanRun(CommandSpec spec, Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new ParameterException(
          spec.commandLine(),
          "--wanka-jar: "
              + jar.toAbsolutePath()
              + " does not exist; build it with './mvnw -B -q -pl wanka-cli -am package"
              + " -DskipTests' from the repository root, or name the jar");
    }
    if (!ProcFs.available()) {
      throw new ParameterException(
          spec.commandLine(), "this benchmark reads /proc, which this system does not have");
    }
  }

  URI uri() {
    return uri;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The end of what the process wrote to stderr (its log), for error messages. */
  String stderrTail() {
    return tail(readOrEmpty(stderr));
  }

  /**
   * The heap in use now, in bytes: the survivor, eden and old spaces' use as {@code jstat -gc}
   * prints it (the same columns for every collector; a JVM pinned to one CPU picks the serial
   * collector rather than G1; ZGC, which has no such spaces, prints "-" for some, counted as 0).
   */
  long heapUsedBytes() {
    String[] lines = jdkTool("jstat", "-gc", Long.toString(pid())).trim().split("\n");
    String[] names = lines[0].trim().split("\\s+");
    String[] values = lines[lines.length - 1].trim().split("\\s+");
    double kilobytes = 0;
    int found = 0;
    for (int i = 0; i < names.length && i < values.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
        kilobytes += values[i].equals("-") ? 0 : Double.parseDouble(values[i]);
        found++;
      }
    }
    if (found != 4) {
      throw new IllegalStateException(
          "jstat -gc "
              + pid()
              + " printed no S0U, S1U, EU and OU columns:\n"
              + String.join("\n", lines));
    }
    return Math.round(kilobytes * 1024);
  }

  /** Runs a full collection ({@code jcmd <pid> GC.run}), so the heap then holds live data only. */
  void fullGc() {
    jdkTool("jcmd", Long.toString(pid()), "GC.run");
  }

  private static String jdkTool(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
    command.addAll(List.of(args));
    try {
      Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(out));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + tool, e);
    }
  }

  /** Stops the process as Ctrl-C would (SIGTERM), and kills it if it has not ended in a minute. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      // Decoded leniently: the process may be in the middle of writing a character.
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 20);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }
}
