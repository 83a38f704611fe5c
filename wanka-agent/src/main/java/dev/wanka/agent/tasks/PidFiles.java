package dev.wanka.agent.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One file per running task ({@code <workDir>/pids/<taskId>.pid}) holding the process id, the
 * instant the process started and its grace period, deleted when the process ends. An agent that
 * was killed leaves its files behind; the next agent on the same work dir stops those processes at
 * start-up ({@link #stopLeftovers()}) — but only a process whose start instant is the recorded one,
 * so a pid the system has since given to another process is never signalled.
 */
public final class PidFiles {
  private static final System.Logger LOG = System.getLogger(PidFiles.class.getName());

  private final Path dir;

  public PidFiles(Path workDir) {
    this.dir = workDir.resolve("pids");
  }

  /** Records a task's process. */
  public void write(String taskId, ProcessHandle process, Duration grace) {
    Properties record = new Properties();
    record.setProperty("pid", Long.toString(process.pid()));
    record.setProperty("start", process.info().startInstant().map(Instant::toString).orElse(""));
    record.setProperty("graceSeconds", Long.toString(grace.toSeconds()));
    try {
      Files.createDirectories(dir);
      Path temporary = dir.resolve(taskId + ".pid.tmp");
      try (var out = Files.newBufferedWriter(temporary)) {
        record.store(out, "wanka-agent task " + taskId);
      }
      Files.move(temporary, file(taskId), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pid file of task " + taskId, e);
    }
  }

  public void delete(String taskId) {
    try {
      Files.deleteIfExists(file(taskId));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete " + file(taskId) + ": " + e.getMessage());
    }
  }

  /**
   * Stops the processes a previous agent left running (SIGTERM, its grace, SIGKILL; the whole tree)
   * and deletes their files.
   *
   * @return the ids of the tasks whose process was stopped
   */
  public List<String> stopLeftovers() {
    List<String> stopped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return stopped;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Path path : files) {
      String taskId = path.getFileName().toString().replaceFirst("\\.pid$", "");
      leftover(path)
          .ifPresent(
              process -> {
                LOG.log(
                    Level.INFO,
                    "stopping process "
                        + process.handle().pid()
                        + " of task "
                        + taskId
                        + ", left by a previous agent");
                ProcessStopper.stop(process.handle(), process.grace());
                stopped.add(taskId);
              });
      delete(taskId);
    }
    return stopped;
  }

  private Optional<Leftover> leftover(Path path) {
    Properties record = new Properties();
    try (var in = Files.newBufferedReader(path)) {
      record.load(in);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read " + path + ": " + e.getMessage());
      return Optional.empty();
    }
    String start = record.getProperty("start", "");
    long pid;
    long graceSeconds;
    try {
      pid = Long.parseLong(record.getProperty("pid", ""));
      graceSeconds = Long.parseLong(record.getProperty("graceSeconds", "0"));
    } catch (NumberFormatException e) {
      LOG.log(Level.WARNING, path + " is not a pid file this agent wrote; ignored");
      return Optional.empty();
    }
    if (start.isEmpty()) {
      LOG.log(Level.WARNING, path + " has no start instant; process " + pid + " is left alone");
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(
            handle -> handle.info().startInstant().map(Instant::toString).orElse("").equals(start))
        .map(handle -> new Leftover(handle, Duration.ofSeconds(graceSeconds)));
  }

  private Path file(String taskId) {
    return dir.resolve(taskId + ".pid");
  }

  private record Leftover(ProcessHandle handle, Duration grace) {}
}
