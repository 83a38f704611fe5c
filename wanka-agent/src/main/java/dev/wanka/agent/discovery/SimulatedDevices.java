package dev.wanka.agent.discovery;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.catalog.Accelerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Devices that exist only in the agent: a catalog type, a count, and telemetry that behaves like
 * real hardware. An idle device draws about 15 % of its TDP at about 35 °C; one a task holds runs
 * at 90 to 100 % utilisation near its TDP and warms toward 75 °C. Small noise comes from a random
 * source seeded with the node's name, so a node's readings are the same on every run. A catalog
 * entry without a published TDP gives power {@link Readings#UNKNOWN}.
 */
public final class SimulatedDevices implements DeviceBackend {
  static final double IDLE_CELSIUS = 35;
  static final double BUSY_CELSIUS = 75;
  static final double IDLE_POWER_FRACTION = 0.15;

  /** The share of the gap to the target temperature closed per reading. */
  private static final double WARMING_RATE = 0.25;

  private final Accelerator accelerator;
  private final List<DeviceInfo> devices;
  private final SplittableRandom random;
  private final double[] temperatures;

  public SimulatedDevices(Accelerator accelerator, int count, String node) {
    this.accelerator = accelerator;
    long memoryBytes = Math.round(accelerator.memoryGB().asOptional().orElse(0) * 1e9);
    List<DeviceInfo> list = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String seed = node + "/" + index;
      String uuid = "SIM-" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
      list.add(new DeviceInfo(index, uuid, accelerator.model(), memoryBytes));
    }
    this.devices = List.copyOf(list);
    this.random = new SplittableRandom(node.hashCode());
    this.temperatures = new double[count];
    Arrays.fill(temperatures, IDLE_CELSIUS);
  }

  @Override
  public Accelerator accelerator() {
    return accelerator;
  }

  @Override
  public List<DeviceInfo> devices() {
    return devices;
  }

  @Override
  public synchronized List<DeviceStatus> telemetry(Set<Integer> busy) {
    OptionalDouble tdp = accelerator.tdpWatts().asOptional();
    List<DeviceStatus> statuses = new ArrayList<>();
    for (DeviceInfo device : devices) {
      int index = device.index();
      boolean held = busy.contains(index);
      double target = held ? BUSY_CELSIUS : IDLE_CELSIUS;
      temperatures[index] += (target - temperatures[index]) * WARMING_RATE + noise(0.5);
      double utilization = held ? 0.9 + 0.1 * random.nextDouble() : 0;
      double power = Readings.UNKNOWN;
      if (tdp.isPresent()) {
        double fraction = held ? 0.9 + 0.1 * random.nextDouble() : IDLE_POWER_FRACTION;
        power = tdp.getAsDouble() * fraction + (held ? 0 : noise(0.01 * tdp.getAsDouble()));
      }
      statuses.add(
          new DeviceStatus(
              index, Health.OK, round(temperatures[index]), round(power), utilization));
    }
    return statuses;
  }

  private double noise(double amplitude) {
    return (random.nextDouble() * 2 - 1) * amplitude;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
