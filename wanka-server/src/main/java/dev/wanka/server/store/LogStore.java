package dev.wanka.server.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Task logs, one file per task under {@code <data>/logs/<job>/<task>.log}. Agents append at an
 * offset, so a chunk sent twice is kept once; readers page through by offset.
 */
public final class LogStore {
  private final Path root;

  public LogStore(Path root) {
    this.root = root;
  }

  /**
   * Appends the part of {@code bytes} (which start at {@code offset}) that the log lacks; returns
   * the log's length afterwards.
   *
   * @throws IllegalArgumentException when {@code offset} lies beyond the end: bytes are missing
   */
  public synchronized long append(String taskId, long offset, byte[] bytes) {
    Path file = file(taskId);
    try {
      Files.createDirectories(file.getParent());
      try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "rw")) {
        long length = log.length();
        if (offset > length) {
          throw new IllegalArgumentException(
              "offset: " + offset + " is beyond the log's end (" + length + "); resend from there");
        }
        long skip = length - offset;
        if (skip < bytes.length) {
          log.seek(length);
          log.write(bytes, (int) skip, bytes.length - (int) skip);
        }
        return log.length();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of " + taskId, e);
    }
  }

  /** Up to {@code maxBytes} of a task's log from {@code offset}; empty past the end. */
  public byte[] read(String taskId, long offset, int maxBytes) {
    Path file = file(taskId);
    if (!Files.exists(file)) {
      return new byte[0];
    }
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long available = Math.max(0, log.length() - offset);
      byte[] bytes = new byte[(int) Math.min(available, maxBytes)];
      log.seek(offset);
      log.readFully(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + taskId, e);
    }
  }

  private Path file(String taskId) {
    long job =
        TaskIds.jobOf(taskId)
            .orElseThrow(
                () -> new IllegalArgumentException("task: '" + taskId + "' is not a task id"));
    return root.resolve(Long.toString(job)).resolve(taskId + ".log");
  }
}
