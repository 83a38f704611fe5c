package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineLayoutTest {
  @Test
  void evenLayersSplitEqually() {
    PipelineLayout layout = new PipelineLayout(80, 8);
    for (int stage = 0; stage < 8; stage++) {
      assertThat(layout.layersOn(stage)).isEqualTo(10);
      assertThat(layout.firstLayerOf(stage)).isEqualTo(10 * stage);
    }
  }

  @Test
  void llama3FourHundredFiveBOnSixteenStagesTakesOneLayerFromTheEnds() {
    PipelineLayout layout = new PipelineLayout(126, 16);
    assertThat(layout.layersOn(0)).isEqualTo(7);
    assertThat(layout.layersOn(15)).isEqualTo(7);
    for (int stage = 1; stage < 15; stage++) {
      assertThat(layout.layersOn(stage)).isEqualTo(8);
    }
  }

  @Test
  void everyLayerIsOnExactlyOneStage() {
    for (int stages = 1; stages <= 12; stages++) {
      for (int layers = stages; layers <= 40; layers++) {
        PipelineLayout layout = new PipelineLayout(layers, stages);
        int total = 0;
        for (int stage = 0; stage < stages; stage++) {
          assertThat(layout.firstLayerOf(stage)).isEqualTo(total);
          assertThat(layout.layersOn(stage)).isBetween(layers / stages, layers / stages + 1);
          total += layout.layersOn(stage);
        }
        assertThat(total).as("%d layers on %d stages", layers, stages).isEqualTo(layers);
      }
    }
  }

  @Test
  void aSingleStageHoldsEverything() {
    assertThat(new PipelineLayout(61, 1).layersOn(0)).isEqualTo(61);
  }

  @Test
  void fewerLayersThanStagesIsRejected() {
    assertThatThrownBy(() -> new PipelineLayout(3, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
