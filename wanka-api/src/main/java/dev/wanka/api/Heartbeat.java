package dev.wanka.api;

import java.util.List;

/**
 * An agent's periodic report: its devices and its tasks.
 *
 * @param sequence increases by one per heartbeat of one agent process; the server ignores a
 *     heartbeat older than the newest it has seen
 */
public record Heartbeat(long sequence, List<DeviceStatus> devices, List<TaskStatus> tasks) {
  public Heartbeat {
    devices = List.copyOf(devices);
    tasks = List.copyOf(tasks);
  }
}
