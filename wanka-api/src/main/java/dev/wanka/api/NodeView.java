package dev.wanka.api;

import java.util.List;

/**
 * A node as the API shows it.
 *
 * @param state Ready or NotReady (no heartbeat within the timeout)
 * @param cordoned no new work is placed here
 * @param draining cordoned, and its running work is being stopped and requeued
 * @param heartbeatAgeMillis since the last heartbeat; -1 before the first
 * @param devicesBusy devices held by running jobs
 * @param registeredAtMillis when the node first registered (epoch milliseconds); 0 when unknown
 */
public record NodeView(
    String name,
    String address,
    String accelerator,
    String state,
    boolean cordoned,
    boolean draining,
    long heartbeatAgeMillis,
    int devicesTotal,
    int devicesBusy,
    int leaf,
    List<DeviceView> devices,
    long registeredAtMillis) {
  public NodeView {
    devices = List.copyOf(devices);
  }
}
