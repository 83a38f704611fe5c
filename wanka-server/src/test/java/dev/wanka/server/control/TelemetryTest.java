package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  private final Telemetry telemetry = new Telemetry();

  @Test
  void keepsTheLatestReadingsOfEachDevice() {
    telemetry.update(
        List.of(
            new DeviceStatus(0, Health.OK, 40, 300, 0.5),
            new DeviceStatus(1, Health.OK, 41, 310, 0.6)));
    List<DeviceStatus> latest =
        List.of(
            new DeviceStatus(0, Health.DEGRADED, 70, -1, 1),
            new DeviceStatus(1, Health.FAILED, 45.5, 320.25, 0));

    telemetry.update(latest);

    assertThat(telemetry.devices()).isEqualTo(latest);
    assertThat(telemetry.failed(1)).isTrue();
    assertThat(telemetry.failed(0)).isFalse();
  }

  @Test
  void followsANodeWhoseDeviceCountChanges() {
    telemetry.update(List.of(new DeviceStatus(3, Health.FAILED, 1, 2, 0)));
    List<DeviceStatus> more =
        List.of(new DeviceStatus(3, Health.OK, 1, 2, 0), new DeviceStatus(4, Health.OK, 1, 2, 0));

    telemetry.update(more);
    assertThat(telemetry.devices()).isEqualTo(more);

    telemetry.update(List.of());
    assertThat(telemetry.devices()).isEmpty();
    assertThat(telemetry.failed(3)).isFalse();
  }
}
