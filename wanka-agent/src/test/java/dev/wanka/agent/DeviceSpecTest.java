package dev.wanka.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import org.junit.jupiter.api.Test;

class DeviceSpecTest {
  private static final Catalog CATALOG = Catalog.bundled();

  @Test
  void readsAuto() {
    assertThat(DeviceSpec.parse("auto", CATALOG)).isEqualTo(new DeviceSpec.Auto());
    assertThat(DeviceSpec.parse("AUTO", CATALOG)).isEqualTo(new DeviceSpec.Auto());
  }

  @Test
  void readsSimulatedDevicesByIdOrAliasInAnyCase() {
    assertThat(DeviceSpec.parse("sim:8xH100", CATALOG))
        .isEqualTo(new DeviceSpec.Simulated("h100-sxm", 8));
    assertThat(DeviceSpec.parse("sim:4xMTT-S4000", CATALOG))
        .isEqualTo(new DeviceSpec.Simulated("mtt-s4000", 4));
    assertThat(DeviceSpec.parse("SIM:128xascend-910B", CATALOG))
        .isEqualTo(new DeviceSpec.Simulated("ascend-910b2", 128));
  }

  @Test
  void aCountOutsideOneTo128IsRefused() {
    assertThatThrownBy(() -> DeviceSpec.parse("sim:0xH100", CATALOG))
        .hasMessage("Invalid value for --devices: 'sim:0xH100': the count 0 is not within 1..128");
    assertThatThrownBy(() -> DeviceSpec.parse("sim:129xH100", CATALOG))
        .hasMessageContaining("the count 129 is not within 1..128");
    assertThatThrownBy(() -> DeviceSpec.parse("sim:99999999999xH100", CATALOG))
        .hasMessageContaining("not within 1..128");
  }

  @Test
  void anUnknownTypeIsRefusedWithASuggestion() {
    assertThatThrownBy(() -> DeviceSpec.parse("sim:8xH1OO", CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid value for --devices: 'sim:8xH1OO':")
        .hasMessageContaining("is not in the accelerator catalog");
  }

  @Test
  void anythingElseIsRefusedSayingWhatIsAllowed() {
    assertThatThrownBy(() -> DeviceSpec.parse("8xH100", CATALOG))
        .hasMessageContaining("expected 'auto' or 'sim:<count>x<type>'");
  }
}
