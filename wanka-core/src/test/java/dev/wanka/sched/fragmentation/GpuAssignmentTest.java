package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GpuAssignmentTest {
  @Test
  void bestFitGivesASharedPodTheTightestGpuLowestIndexOnTies() {
    GpuNode node = Nodes.node("n", 0, 1000, 600, 300, 600, 500);
    assertThat(GpuAssignment.bestFit(node, Nodes.shared(0, 400))).isEqualTo(1 << 4);
    assertThat(GpuAssignment.bestFit(node, Nodes.shared(0, 550))).isEqualTo(1 << 1);
    assertThat(GpuAssignment.bestFit(node, Nodes.shared(0, 700))).isEqualTo(1 << 0);
    assertThat(GpuAssignment.tightestFittingGpu(node, 1001)).isEqualTo(-1);
  }

  @Test
  void wholeGpuPodsTakeTheLowestIndexIdleGpus() {
    GpuNode node = Nodes.node("n", 0, 500, 1000, 1000, 0, 1000);
    assertThat(GpuAssignment.bestFit(node, Nodes.whole(0, 2))).isEqualTo(0b00110);
    assertThat(GpuAssignment.bestFit(node, PodRequest.cpuOnly(1, 1))).isZero();
    assertThatThrownBy(() -> GpuAssignment.lowestIdleGpus(node, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomAssignmentDrawsUniformlyAmongFittingGpus() {
    GpuNode node = Nodes.node("n", 0, 1000, 200, 600, 1000);
    int[] hits = new int[4];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 3000; i++) {
      hits[
          Integer.numberOfTrailingZeros(
              GpuAssignment.random(node, Nodes.shared(0, 500), random))]++;
    }
    assertThat(hits[1]).isZero();
    for (int gpu : new int[] {0, 2, 3}) {
      assertThat(hits[gpu]).isBetween(900, 1100);
    }
  }
}
