package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GpuNodeTest {
  @Test
  void bindingTakesCpuMemoryAndTheChosenGpus() {
    GpuNode node = new GpuNode("n", 7, 96_000, 393_216, 4, "T4");
    assertThat(node.freeGpuMilliTotal()).isEqualTo(4000);
    assertThat(node.allGpusIdle()).isTrue();
    node.bind(new PodRequest(8000, 1024, 1, 300, Set.of()), 0b0100);
    node.bind(new PodRequest(4000, 2048, 2, 1000, Set.of()), 0b0011);
    assertThat(node.freeGpuMilli(0)).isZero();
    assertThat(node.freeGpuMilli(1)).isZero();
    assertThat(node.freeGpuMilli(2)).isEqualTo(700);
    assertThat(node.freeGpuMilli(3)).isEqualTo(1000);
    assertThat(node.freeGpuMilliTotal()).isEqualTo(1700);
    assertThat(node.usedGpuMilli()).isEqualTo(2300);
    assertThat(node.freeCpuMilli()).isEqualTo(84_000);
    assertThat(node.freeMemoryMib()).isEqualTo(393_216 - 3072);
    assertThat(node.podCount()).isEqualTo(2);
    assertThat(node.gpuPodKinds()).isEqualTo(1L | 1L << 2);
    assertThat(node.isGpuIdle(3)).isTrue();
    assertThat(node.allGpusIdle()).isFalse();
    assertThat(node.rank()).isEqualTo(7);
  }

  @Test
  void impossibleBindingsAreRejectedAndChangeNothing() {
    GpuNode node = Nodes.node("n", 0, 8000, "T4", 400, 1000);
    assertThatThrownBy(() -> node.bind(Nodes.shared(0, 500), 0b01))
        .hasMessageContaining("lacks 500");
    assertThatThrownBy(() -> node.bind(Nodes.whole(0, 1), 0b11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> node.bind(Nodes.whole(0, 1), 0b100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> node.bind(Nodes.whole(9000, 1), 0b10))
        .hasMessageContaining("cannot hold");
    assertThatThrownBy(() -> node.bind(new PodRequest(0, 0, 1, 1000, Set.of("V100M16")), 0b10))
        .hasMessageContaining("cannot hold");
    assertThat(node.freeGpuMilliTotal()).isEqualTo(1400);
    assertThat(node.podCount()).isEqualTo(1);
  }
}
