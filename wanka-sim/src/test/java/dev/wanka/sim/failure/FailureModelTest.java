package dev.wanka.sim.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FailureModelTest {
  @Test
  void theLlama3CalibrationSpreads419InterruptionsOver2048NodesAnd54Days() {
    FailureModel model = FailureModel.llama3(1);
    assertThat(model.modes()).hasSize(18);
    assertThat(model.perNodeHour()).isCloseTo(419.0 / (2048 * 1296), within(1e-12));
    FailureMode gpu = model.modes().get(0);
    assertThat(gpu.component()).isEqualTo("Faulty GPU");
    assertThat(gpu.perNodeHour()).isCloseTo(148.0 / (2048 * 1296), within(1e-12));
    assertThat(gpu.repairSeconds()).isEqualTo(24 * 3600);
    assertThat(model.modes())
        .filteredOn(m -> m.component().equals("Software Bug"))
        .singleElement()
        .satisfies(m -> assertThat(m.repairSeconds()).isEqualTo(600));
    assertThat(model.modes())
        .filteredOn(m -> m.category().equals("Network"))
        .singleElement()
        .satisfies(m -> assertThat(m.repairSeconds()).isEqualTo(4 * 3600));
  }

  @Test
  void scaleMultipliesEveryRate() {
    assertThat(FailureModel.llama3(0).perNodeHour()).isZero();
    assertThat(FailureModel.llama3(10).perNodeHour())
        .isCloseTo(10 * FailureModel.llama3(1).perNodeHour(), within(1e-12));
    assertThatThrownBy(() -> FailureModel.llama3(-1))
        .hasMessage("failures.scale: -1.0 is not allowed: must be a number from 0 up");
  }
}
