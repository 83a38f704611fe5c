package dev.wanka.server.control;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's latest device readings, overwritten in place by each heartbeat. Keeping the heartbeat's
 * own records instead left every node's readings to be copied by each young collection until they
 * were replaced a second later: on 12,500 nodes that made most of a pause. Written by the node's
 * heartbeats, read by anyone; a reader may see one heartbeat's readings for some devices and the
 * previous one's for others.
 */
final class Telemetry {
  private static final Health[] HEALTHS = Health.values();

  private volatile Readings readings = new Readings(0);

  /** Keeps {@code devices}' readings. */
  void update(List<DeviceStatus> devices) {
    Readings kept = readings;
    Readings into = kept.size() == devices.size() ? kept : new Readings(devices.size());
    for (int i = 0; i < devices.size(); i++) {
      DeviceStatus device = devices.get(i);
      into.index[i] = device.index();
      into.health[i] = (byte) device.health().ordinal();
      into.temperature[i] = device.temperatureCelsius();
      into.power[i] = device.powerWatts();
      into.utilization[i] = device.utilization();
    }
    readings = into;
  }

  /** The readings, one per device, in the order the agent sent them. */
  List<DeviceStatus> devices() {
    Readings now = readings;
    List<DeviceStatus> devices = new ArrayList<>(now.size());
    for (int i = 0; i < now.size(); i++) {
      devices.add(
          new DeviceStatus(
              now.index[i],
              HEALTHS[now.health[i]],
              now.temperature[i],
              now.power[i],
              now.utilization[i]));
    }
    return devices;
  }

  /** Whether the device of this index reported itself failed. */
  boolean failed(int index) {
    Readings now = readings;
    for (int i = 0; i < now.size(); i++) {
      if (now.index[i] == index) {
        return HEALTHS[now.health[i]] == Health.FAILED;
      }
    }
    return false;
  }

  private static final class Readings {
    final int[] index;
    final byte[] health;
    final double[] temperature;
    final double[] power;
    final double[] utilization;

    Readings(int size) {
      index = new int[size];
      health = new byte[size];
      temperature = new double[size];
      power = new double[size];
      utilization = new double[size];
    }

    int size() {
      return index.length;
    }
  }
}
