package dev.wanka.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.agent.DeviceSpec;
import dev.wanka.api.Health;
import dev.wanka.catalog.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private final MutableClock clock = new MutableClock();

  @Test
  void findsGpusWithNvidiaSmiFirst() {
    FakeTools tools =
        new FakeTools(
            Map.of(
                "nvidia-smi", Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv"),
                "npu-smi", Recorded.text("npu-smi/910b3-one-npu.txt")));

    DeviceBackend backend = discovery(tools).open(new DeviceSpec.Auto(), Optional.empty(), "n");

    assertThat(backend.accelerator().id()).isEqualTo("h100-sxm");
    assertThat(backend.devices()).hasSize(1);
    assertThat(backend.visibilityVariable()).isEqualTo("CUDA_VISIBLE_DEVICES");
    assertThat(tools.calls.get(0)).isEqualTo(Discovery.NVIDIA_SMI);
  }

  @Test
  void fallsBackToNpuSmi() {
    FakeTools tools = new FakeTools(Map.of("npu-smi", Recorded.text("npu-smi/910b3-one-npu.txt")));

    DeviceBackend backend = discovery(tools).open(new DeviceSpec.Auto(), Optional.empty(), "n");

    assertThat(backend.accelerator().id()).isEqualTo("ascend-910b3");
    assertThat(backend.visibilityVariable()).isEqualTo("ASCEND_RT_VISIBLE_DEVICES");
    assertThat(backend.devices().get(0).index()).isZero();
  }

  @Test
  void withoutAnyToolTheErrorSaysHowToSimulate() {
    assertThatThrownBy(
            () ->
                discovery(new FakeTools(Map.of()))
                    .open(new DeviceSpec.Auto(), Optional.empty(), "n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--devices sim:8xH100");
  }

  @Test
  void anUnknownProductIsNamedWithTheOverrideToUse() {
    String pcie =
        "index, uuid, name, memory.total [MiB], temperature.gpu, power.draw [W], utilization.gpu [%]\n"
            + "0, GPU-a, NVIDIA H100 PCIe, 81559, 30, 50, 0\n";
    Discovery discovery = discovery(new FakeTools(Map.of("nvidia-smi", pcie)));

    assertThatThrownBy(() -> discovery.open(new DeviceSpec.Auto(), Optional.empty(), "n"))
        .hasMessageContaining("'NVIDIA H100 PCIe'")
        .hasMessageContaining("--accelerator");
    assertThat(discovery.open(new DeviceSpec.Auto(), Optional.of("h100"), "n").accelerator().id())
        .isEqualTo("h100-sxm");
  }

  @Test
  void anOverrideMustBeACatalogEntry() {
    Discovery discovery =
        discovery(
            new FakeTools(
                Map.of("nvidia-smi", Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv"))));

    assertThatThrownBy(() -> discovery.open(new DeviceSpec.Auto(), Optional.of("h1000"), "n"))
        .hasMessageContaining("--accelerator")
        .hasMessageContaining("'h1000' is not in the accelerator catalog");
  }

  @Test
  void telemetryRunsTheToolAtMostOncePerSecond() {
    FakeTools tools =
        new FakeTools(Map.of("nvidia-smi", Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv")));
    DeviceBackend backend = discovery(tools).open(new DeviceSpec.Auto(), Optional.empty(), "n");

    backend.telemetry(Set.of());
    clock.advance(Duration.ofMillis(999));
    backend.telemetry(Set.of());
    assertThat(tools.calls).hasSize(1); // discovery only

    clock.advance(Duration.ofMillis(1));
    tools.outputs.put("nvidia-smi", Recorded.text("nvidia-smi/h100-80gb-hbm3-load.csv"));
    assertThat(backend.telemetry(Set.of()).get(0).powerWatts()).isEqualTo(631.95);
    assertThat(tools.calls).hasSize(2);
  }

  @Test
  void aDeviceTheToolNoLongerListsIsFailedAndAFailingToolMakesAllDegraded() {
    FakeTools tools =
        new FakeTools(Map.of("nvidia-smi", Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv")));
    DeviceBackend backend = discovery(tools).open(new DeviceSpec.Auto(), Optional.empty(), "n");

    tools.outputs.put(
        "nvidia-smi",
        "index, uuid, name, memory.total, temperature.gpu, power.draw, utilization.gpu\n");
    clock.advance(Duration.ofSeconds(1));
    assertThat(backend.telemetry(Set.of()).get(0).health()).isEqualTo(Health.FAILED);

    tools.exitCode = 9;
    clock.advance(Duration.ofSeconds(1));
    assertThat(backend.telemetry(Set.of()).get(0).health()).isEqualTo(Health.DEGRADED);
  }

  @Test
  void simulatedDevicesNeedNoTool() {
    FakeTools tools = new FakeTools(Map.of());

    DeviceBackend backend =
        discovery(tools).open(new DeviceSpec.Simulated("mtt-s4000", 4), Optional.empty(), "n");

    assertThat(backend.devices()).hasSize(4);
    assertThat(tools.calls).isEmpty();
  }

  private Discovery discovery(FakeTools tools) {
    return new Discovery(Catalog.bundled(), tools, clock);
  }

  /** Answers as the named tools would; a tool not in the map is not installed. */
  private static final class FakeTools implements ToolRunner {
    final Map<String, String> outputs;
    final List<List<String>> calls = new ArrayList<>();
    int exitCode;

    FakeTools(Map<String, String> outputs) {
      this.outputs = new java.util.HashMap<>(outputs);
    }

    @Override
    public Optional<ToolOutput> run(List<String> command) {
      calls.add(command);
      return Optional.ofNullable(outputs.get(command.get(0)))
          .map(out -> new ToolOutput(exitCode, out, exitCode == 0 ? "" : "driver gone"));
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
