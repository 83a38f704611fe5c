package dev.wanka.agent.discovery;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.catalog.Accelerator;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Real devices read with a vendor's tool. The tool runs at most once per {@link #MIN_QUERY_GAP}
 * however often telemetry is asked for. A device found at start-up that the tool no longer lists is
 * FAILED; when the tool itself fails, every device is DEGRADED until it answers again.
 */
final class ToolBackend implements DeviceBackend {
  static final Duration MIN_QUERY_GAP = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(ToolBackend.class.getName());

  private final Accelerator accelerator;
  private final List<DeviceInfo> devices;
  private final ToolQuery query;
  private final Clock clock;
  private Instant lastQuery;
  private List<DeviceStatus> last;
  private boolean failing;

  ToolBackend(Accelerator accelerator, List<DeviceReading> found, ToolQuery query, Clock clock) {
    this.accelerator = accelerator;
    this.devices =
        found.stream()
            .map(r -> new DeviceInfo(r.index(), r.uuid(), r.name(), r.memoryBytes()))
            .toList();
    this.query = query;
    this.clock = clock;
    this.last = statuses(found);
    this.lastQuery = clock.instant();
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
    Instant now = clock.instant();
    if (Duration.between(lastQuery, now).compareTo(MIN_QUERY_GAP) < 0) {
      return last;
    }
    lastQuery = now;
    try {
      last = statuses(query.read());
      if (failing) {
        LOG.log(Level.INFO, query.tool() + " answers again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.log(
            Level.WARNING, query.tool() + " failed; devices reported DEGRADED: " + e.getMessage());
        failing = true;
      }
      last = unknown(Health.DEGRADED);
    }
    return last;
  }

  private List<DeviceStatus> statuses(List<DeviceReading> readings) {
    Map<Integer, DeviceReading> byIndex = new HashMap<>();
    readings.forEach(r -> byIndex.put(r.index(), r));
    List<DeviceStatus> statuses = new ArrayList<>();
    for (DeviceInfo device : devices) {
      DeviceReading r = byIndex.get(device.index());
      statuses.add(
          r == null
              ? new DeviceStatus(
                  device.index(),
                  Health.FAILED,
                  Readings.UNKNOWN,
                  Readings.UNKNOWN,
                  Readings.UNKNOWN)
              : new DeviceStatus(
                  r.index(), r.health(), r.temperatureCelsius(), r.powerWatts(), r.utilization()));
    }
    return statuses;
  }

  private List<DeviceStatus> unknown(Health health) {
    return devices.stream()
        .map(
            d ->
                new DeviceStatus(
                    d.index(), health, Readings.UNKNOWN, Readings.UNKNOWN, Readings.UNKNOWN))
        .toList();
  }

  /** One vendor tool: how to run it and read what it prints. */
  record ToolQuery(
      String tool,
      List<String> command,
      Function<String, List<DeviceReading>> parser,
      ToolRunner runner) {

    /** Runs the tool; empty when it is not installed. */
    java.util.Optional<List<DeviceReading>> readIfInstalled() {
      return runner.run(command).map(this::parsed);
    }

    List<DeviceReading> read() {
      return readIfInstalled()
          .orElseThrow(() -> new IllegalStateException(tool + " is no longer installed"));
    }

    private List<DeviceReading> parsed(ToolRunner.ToolOutput output) {
      if (!output.succeeded()) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + output.exitCode()
                + ": "
                + (output.stderr().isBlank() ? output.stdout() : output.stderr()).strip());
      }
      return parser.apply(output.stdout());
    }
  }
}
