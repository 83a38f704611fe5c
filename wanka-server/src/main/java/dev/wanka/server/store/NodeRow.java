package dev.wanka.server.store;

import dev.wanka.api.DeviceInfo;
import java.util.List;

/** A registered node as stored; {@code seq} is its place in registration order. */
public record NodeRow(
    String name,
    long seq,
    String address,
    String accelerator,
    List<DeviceInfo> devices,
    boolean cordoned,
    boolean draining,
    long registeredAtMillis) {
  public NodeRow {
    devices = List.copyOf(devices);
  }

  public NodeRow withFlags(boolean newCordoned, boolean newDraining) {
    return new NodeRow(
        name, seq, address, accelerator, devices, newCordoned, newDraining, registeredAtMillis);
  }
}
