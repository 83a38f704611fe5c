package dev.wanka.sim.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Catalog;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import org.junit.jupiter.api.Test;

class FailureModelTest {
  /** 128 nodes of 8 H100, 16 nodes per leaf: 1,024 devices. */
  private static final Cluster H100_1K =
      Cluster.build(
          ClusterSpecReader.read(
              "c.yaml",
              """
              name: c
              fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 16}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 128, devicesPerNode: 8}
              """,
              Catalog.bundled()));

  @Test
  void gpuCausesFailPerDeviceHourAndTheOthersPerNodeHour() {
    FailureModel model = FailureModel.llama3(1);
    assertThat(model.modes()).hasSize(18);
    FailureMode gpu = model.modes().get(0);
    assertThat(gpu.component()).isEqualTo("Faulty GPU");
    assertThat(gpu.scope()).isEqualTo(FailureScope.DEVICE);
    // 148 in 54 days (1,296 h) on 16,384 GPUs
    assertThat(gpu.perUnitHour()).isCloseTo(148.0 / (16_384 * 1296), within(1e-15));
    assertThat(gpu.repairSeconds()).isEqualTo(24 * 3600);
    assertThat(model.modes())
        .filteredOn(m -> m.component().equals("Software Bug"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.scope()).isEqualTo(FailureScope.NODE);
              // 54 on 2,048 nodes
              assertThat(m.perUnitHour()).isCloseTo(54.0 / (2048 * 1296), within(1e-15));
              assertThat(m.repairSeconds()).isEqualTo(600);
            });
    assertThat(model.modes())
        .filteredOn(m -> m.category().equals("Network"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.scope()).isEqualTo(FailureScope.LEAF);
              assertThat(m.repairSeconds()).isEqualTo(4 * 3600);
            });
    assertThat(model.modes())
        .filteredOn(m -> m.component().equals("NIC"))
        .singleElement()
        .satisfies(m -> assertThat(m.scope()).isEqualTo(FailureScope.NODE));
  }

  @Test
  void theRatesSumToLlama3sTotalScaledToTheCluster() {
    // 419 interruptions / (16,384 GPUs x 1,296 h), on 1,024 GPUs: 0.0202 an hour
    double expected = 419.0 / (16_384 * 1296.0) * 1024;
    assertThat(FailureModel.llama3(1).perHour(H100_1K)).isCloseTo(expected, within(1e-12));
    double byScope =
        FailureModel.llama3(1).modes().stream()
            .mapToDouble(m -> FailureModel.perHour(m, H100_1K))
            .sum();
    assertThat(byScope).isCloseTo(expected, within(1e-12));
    assertThat(FailureModel.units(H100_1K, FailureScope.DEVICE)).isEqualTo(1024);
    assertThat(FailureModel.units(H100_1K, FailureScope.LEAF)).isEqualTo(128);
  }

  @Test
  void scaleMultipliesEveryRate() {
    assertThat(FailureModel.llama3(0).perHour(H100_1K)).isZero();
    assertThat(FailureModel.none().perHour(H100_1K)).isZero();
    assertThat(FailureModel.llama3(10).perHour(H100_1K))
        .isCloseTo(10 * FailureModel.llama3(1).perHour(H100_1K), within(1e-12));
    assertThatThrownBy(() -> FailureModel.llama3(-1))
        .hasMessage("failures.scale: -1.0 is not allowed: must be a number from 0 up");
  }
}
