package dev.wanka.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.api.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class NvidiaSmiCsvTest {
  private static final long MIB = 1024L * 1024L;

  @Test
  void readsAnIdleH100FromTheFullWidthCaptureByColumnName() {
    List<DeviceReading> gpus =
        NvidiaSmiCsv.parse(Recorded.text("nvidia-smi/h100-80gb-hbm3-idle.csv"));

    assertThat(gpus)
        .containsExactly(
            new DeviceReading(
                0,
                "GPU-00000000-0000-0000-0000-000000000000",
                "NVIDIA H100 80GB HBM3",
                81559 * MIB,
                Health.OK,
                41,
                69.85,
                0.0));
  }

  @Test
  void readsTheSameH100UnderLoad() {
    DeviceReading gpu =
        NvidiaSmiCsv.parse(Recorded.text("nvidia-smi/h100-80gb-hbm3-load.csv")).get(0);

    assertThat(gpu.utilization()).isEqualTo(1.0); // "100 %"
    assertThat(gpu.powerWatts()).isEqualTo(631.95);
    assertThat(gpu.temperatureCelsius()).isEqualTo(59);
    assertThat(gpu.health()).isEqualTo(Health.OK);
  }

  @Test
  void notAvailableUtilisationInMigModeIsUnknownNotAnError() {
    DeviceReading gpu = NvidiaSmiCsv.parse(Recorded.text("nvidia-smi/h100-mig-idle.csv")).get(0);

    assertThat(gpu.utilization()).isEqualTo(Readings.UNKNOWN); // "[N/A]"
    assertThat(gpu.powerWatts()).isEqualTo(71.15);
    assertThat(gpu.health()).isEqualTo(Health.OK);
  }

  @Test
  void readsTheAgentsOwnQueryWithoutUnits() {
    // the shape of `nvidia-smi --query-gpu=<NvidiaSmiCsv.FIELDS> --format=csv,nounits`; values
    // are constructed for this test
    String text =
        "index, uuid, name, memory.total [MiB], temperature.gpu, power.draw [W],"
            + " utilization.gpu [%]\n"
            + "0, GPU-a, NVIDIA H100 80GB HBM3, 81559, 41, 69.85, 12\n"
            + "1, GPU-b, NVIDIA H100 80GB HBM3, 81559, 40, [Not Supported], [Unknown Error]\n";

    List<DeviceReading> gpus = NvidiaSmiCsv.parse(text);

    assertThat(gpus).extracting(DeviceReading::index).containsExactly(0, 1);
    assertThat(gpus.get(0).utilization()).isEqualTo(0.12);
    assertThat(gpus.get(1).powerWatts()).isEqualTo(Readings.UNKNOWN);
    assertThat(gpus.get(1).health()).isEqualTo(Health.DEGRADED);
  }

  @Test
  void aMissingColumnIsNamed() {
    assertThatThrownBy(() -> NvidiaSmiCsv.parse("index, name\n0, NVIDIA H20\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no 'uuid' column");
  }

  @Test
  void aValueThatIsNoNumberNamesTheLineAndField() {
    String text =
        "index, uuid, name, memory.total, temperature.gpu, power.draw, utilization.gpu\n"
            + "0, GPU-a, NVIDIA H20, lots, 41, 60, 0\n";

    assertThatThrownBy(() -> NvidiaSmiCsv.parse(text))
        .hasMessageContaining("line 2")
        .hasMessageContaining("memory.total is 'lots'");
  }
}
