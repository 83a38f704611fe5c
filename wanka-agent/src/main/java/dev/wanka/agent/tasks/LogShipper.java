package dev.wanka.agent.tasks;

import dev.wanka.api.ApiException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Sends the new bytes of each task's log file to the server, in chunks, at the offset the server
 * says it holds: the server keeps what it already has, so a chunk sent twice is harmless, and a
 * server that holds less than was sent gets the rest again. A task is shipped until it has ended
 * and every byte of its file is on the server, even after the agent stopped reporting it.
 */
public final class LogShipper {
  /** The largest chunk sent in one request. */
  static final int CHUNK_BYTES = 1 << 20;

  private static final System.Logger LOG = System.getLogger(LogShipper.class.getName());

  /** Where a task's bytes go. */
  @FunctionalInterface
  public interface Sink {
    /** Appends at offset; returns the log's length on the server afterwards. */
    long append(String taskId, long offset, byte[] bytes);
  }

  private final Sink sink;
  private final Map<String, Shipment> shipments = new LinkedHashMap<>();

  public LogShipper(Sink sink) {
    this.sink = sink;
  }

  /** Ships a task's log file until {@code ended} says it is over and all of it is sent. */
  public synchronized void track(String taskId, Path file, BooleanSupplier ended) {
    shipments.putIfAbsent(taskId, new Shipment(taskId, file, ended));
  }

  public synchronized boolean isShipping(String taskId) {
    return shipments.containsKey(taskId);
  }

  /**
   * Sends what is new in every tracked file, stopping at the first request that fails (the server
   * is down: the next pass retries).
   *
   * @return true when every request succeeded
   */
  public boolean shipOnce() {
    List<Shipment> pending;
    synchronized (this) {
      pending = List.copyOf(shipments.values());
    }
    for (Shipment shipment : pending) {
      try {
        boolean done;
        synchronized (shipment) { // the heartbeat thread ships too, before reporting an end
          done = shipment.shipAvailable();
        }
        if (done) {
          synchronized (this) {
            shipments.remove(shipment.taskId);
          }
        }
      } catch (ApiException e) {
        if (e.status() == 0) {
          return false;
        }
        shipment.warnOnce("the server refused log bytes of task " + shipment.taskId + ": " + e);
      } catch (IOException e) {
        shipment.warnOnce("cannot read the log of task " + shipment.taskId + ": " + e);
      }
    }
    return true;
  }

  private final class Shipment {
    private final String taskId;
    private final Path file;
    private final BooleanSupplier ended;
    private long offset;
    private String lastWarning = "";

    Shipment(String taskId, Path file, BooleanSupplier ended) {
      this.taskId = taskId;
      this.file = file;
      this.ended = ended;
    }

    /** Sends everything the file holds now; true when the task is over and all is sent. */
    boolean shipAvailable() throws IOException {
      boolean over = ended.getAsBoolean(); // read first: bytes written before the end are seen
      if (!Files.exists(file)) {
        return over;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        while (offset < channel.size()) {
          ByteBuffer buffer =
              ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, channel.size() - offset));
          int read = channel.read(buffer, offset);
          if (read <= 0) {
            break;
          }
          byte[] bytes = new byte[read];
          buffer.flip().get(bytes);
          long next = sink.append(taskId, offset, bytes);
          if (next == offset) {
            break; // the server took nothing; try again on the next pass
          }
          offset = next;
        }
        return over && offset >= channel.size();
      }
    }

    void warnOnce(String warning) {
      if (!warning.equals(lastWarning)) {
        LOG.log(Level.WARNING, warning);
        lastWarning = warning;
      }
    }
  }
}
