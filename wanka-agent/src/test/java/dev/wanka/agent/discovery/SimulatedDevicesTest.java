package dev.wanka.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedDevicesTest {
  private static final Accelerator H100 = Catalog.bundled().find("h100").orElseThrow();

  @Test
  void uuidsDependOnlyOnNodeAndIndex() {
    List<String> first = uuids(new SimulatedDevices(H100, 4, "node-a"));

    assertThat(uuids(new SimulatedDevices(H100, 4, "node-a"))).isEqualTo(first);
    assertThat(first).doesNotHaveDuplicates().allMatch(uuid -> uuid.startsWith("SIM-"));
    assertThat(uuids(new SimulatedDevices(H100, 4, "node-b"))).doesNotContainAnyElementsOf(first);
  }

  @Test
  void devicesCarryTheCatalogModelAndMemory() {
    DeviceInfo device = new SimulatedDevices(H100, 1, "n").devices().get(0);

    assertThat(device.model()).isEqualTo(H100.model());
    assertThat(device.memoryBytes()).isEqualTo(80_000_000_000L); // memoryGB 80, SI
  }

  @Test
  void anIdleDeviceDrawsAboutFifteenPercentOfItsTdpAtAbout35Degrees() {
    DeviceStatus idle = new SimulatedDevices(H100, 1, "n").telemetry(Set.of()).get(0);

    // 15 % of 700 W = 105 W, noise within 1 % of TDP (7 W)
    assertThat(idle.powerWatts()).isCloseTo(105, within(7.1));
    assertThat(idle.temperatureCelsius()).isCloseTo(35, within(1.0));
    assertThat(idle.utilization()).isZero();
    assertThat(idle.health()).isEqualTo(Health.OK);
  }

  @Test
  void aBusyDeviceRunsNearItsTdpAndWarmsTowardSeventyFive() {
    SimulatedDevices devices = new SimulatedDevices(H100, 2, "n");
    List<DeviceStatus> statuses = List.of();
    for (int reading = 0; reading < 60; reading++) {
      statuses = devices.telemetry(Set.of(1));
    }

    DeviceStatus busy = statuses.get(1);
    assertThat(busy.utilization()).isBetween(0.9, 1.0);
    assertThat(busy.powerWatts()).isBetween(630.0, 700.0); // 90-100 % of 700 W
    assertThat(busy.temperatureCelsius()).isCloseTo(75, within(2.5));
    assertThat(statuses.get(0).temperatureCelsius()).isCloseTo(35, within(2.5));
  }

  @Test
  void theSameNodeGivesTheSameReadings() {
    SimulatedDevices a = new SimulatedDevices(H100, 2, "n");
    SimulatedDevices b = new SimulatedDevices(H100, 2, "n");

    for (int reading = 0; reading < 5; reading++) {
      assertThat(a.telemetry(Set.of(0))).isEqualTo(b.telemetry(Set.of(0)));
    }
  }

  @Test
  void aTypeWithoutPublishedTdpReportsUnknownPower() {
    Accelerator s4000 = Catalog.bundled().find("MTT-S4000").orElseThrow();

    DeviceStatus status = new SimulatedDevices(s4000, 1, "n").telemetry(Set.of(0)).get(0);

    assertThat(status.powerWatts()).isEqualTo(Readings.UNKNOWN);
    assertThat(new SimulatedDevices(s4000, 1, "n").visibilityVariable())
        .isEqualTo("MUSA_VISIBLE_DEVICES");
  }

  private static List<String> uuids(SimulatedDevices devices) {
    return devices.devices().stream().map(DeviceInfo::uuid).toList();
  }
}
