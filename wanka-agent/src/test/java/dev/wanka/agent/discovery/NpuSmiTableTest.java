package dev.wanka.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.api.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpuSmiTableTest {
  private static final long MIB = 1024L * 1024L;

  @Test
  void readsOne910b3WhoseNpuIdIsFourAsLogicalDeviceZero() {
    List<NpuChip> chips = NpuSmiTable.parse(Recorded.text("npu-smi/910b3-one-npu.txt"));

    assertThat(chips)
        .containsExactly(
            new NpuChip(0, 4, 0, "910B3", "0000:01:00.0", Health.OK, 93.6, 40, 0.0, 65536 * MIB));
  }

  @Test
  void readsTwoNpusAndIgnoresTheProcessTable() {
    List<NpuChip> chips =
        NpuSmiTable.parse(Recorded.text("npu-smi/910b2c-two-npus-with-processes.txt"));

    assertThat(chips).extracting(NpuChip::npuId).containsExactly(0, 1);
    assertThat(chips).extracting(NpuChip::name).containsOnly("910B2C");
    assertThat(chips).extracting(NpuChip::utilization).containsExactly(0.06, 0.11);
    assertThat(chips).extracting(NpuChip::powerWatts).containsExactly(118.6, 143.2);
    assertThat(chips).extracting(NpuChip::busId).containsExactly("0000:6B:02.0", "0000:65:02.0");
  }

  @Test
  void countsEveryChipOfTwoChipNpusAndReadsADashAsUnknownPower() {
    List<NpuChip> chips =
        NpuSmiTable.parse(Recorded.text("npu-smi/ascend910-two-chips-per-npu-excerpt.txt"));

    assertThat(chips).extracting(NpuChip::index).containsExactly(0, 1, 2);
    assertThat(chips).extracting(NpuChip::npuId).containsExactly(0, 0, 1);
    assertThat(chips).extracting(NpuChip::chipId).containsExactly(0, 1, 0);
    assertThat(chips.get(1).powerWatts()).isEqualTo(Readings.UNKNOWN);
    assertThat(chips.get(1).temperatureCelsius()).isEqualTo(36);
  }

  @Test
  void chipsWithMaskedBusIdsStillGetDistinctUuids() {
    List<NpuChip> chips =
        NpuSmiTable.parse(Recorded.text("npu-smi/910b4-1-two-npus-masked-bus-excerpt.txt"));

    assertThat(chips).hasSize(2);
    assertThat(chips).extracting(NpuChip::uuid).doesNotHaveDuplicates();
    assertThat(chips.get(0).memoryBytes()).isEqualTo(65536 * MIB);
  }

  @Test
  void healthWordsMapToHealth() {
    // constructed rows in npu-smi's layout
    String text =
        "| 0     910B3               | Warning       | 93.6        40                0    / 0  |\n"
            + "| 0                         | 0000:01:00.0  | 0           0    / 0          3161 / 65536 |\n"
            + "| 1     910B3               | Alarm         | 93.6        40                0    / 0  |\n"
            + "| 0                         | 0000:02:00.0  | 0           0    / 0          3161 / 65536 |\n";

    assertThat(NpuSmiTable.parse(text))
        .extracting(NpuChip::health)
        .containsExactly(Health.DEGRADED, Health.FAILED);
  }

  @Test
  void aDeviceRowWithoutItsChipRowIsAnError() {
    assertThatThrownBy(
            () -> NpuSmiTable.parse("| 0     910B3  | OK  | 93.6   40   0 / 0 |\n+-----+\n"))
        .hasMessageContaining("line 1");
  }
}
