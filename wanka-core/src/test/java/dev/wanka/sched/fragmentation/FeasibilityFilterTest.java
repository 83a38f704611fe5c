package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FeasibilityFilterTest {
  @Test
  void cpuMemoryAndPodCountMustFit() {
    GpuNode node = new GpuNode("n", 0, 8000, 1024, 2, "T4", 2);
    assertThat(FeasibilityFilter.admits(node, PodRequest.cpuOnly(8000, 1024))).isTrue();
    assertThat(FeasibilityFilter.admits(node, PodRequest.cpuOnly(8001, 0))).isFalse();
    assertThat(FeasibilityFilter.admits(node, PodRequest.cpuOnly(0, 1025))).isFalse();
    node.bind(PodRequest.cpuOnly(0, 0), 0);
    node.bind(PodRequest.cpuOnly(0, 0), 0);
    assertThat(FeasibilityFilter.admits(node, PodRequest.cpuOnly(0, 0))).isFalse();
  }

  @Test
  void aSharedPodNeedsOneGpuWithRoomAWholeGpuPodNeedsIdleGpus() {
    GpuNode node = Nodes.node("n", 0, 400, 700, 1000);
    assertThat(FeasibilityFilter.admits(node, Nodes.shared(0, 700))).isTrue();
    assertThat(FeasibilityFilter.admits(node, Nodes.whole(0, 1))).isTrue();
    assertThat(FeasibilityFilter.admits(node, Nodes.whole(0, 2))).isFalse();
    node.bind(Nodes.shared(0, 200), 0b100);
    assertThat(FeasibilityFilter.admits(node, Nodes.shared(0, 800))).isTrue();
    assertThat(FeasibilityFilter.admits(node, Nodes.shared(0, 801))).isFalse();
    assertThat(FeasibilityFilter.admits(node, Nodes.whole(0, 1))).isFalse();
  }

  @Test
  void gpuPodsNeedGpusOfAnAllowedModelCpuOnlyPodsGoAnywhere() {
    GpuNode t4 = Nodes.node("t4", 0, 1000);
    GpuNode cpuOnly = new GpuNode("cpu", 1, 8000, 1024, 0, "");
    PodRequest v100 = new PodRequest(0, 0, 1, 500, Set.of("V100M16", "V100M32"));
    assertThat(FeasibilityFilter.admits(t4, v100)).isFalse();
    assertThat(FeasibilityFilter.admits(Nodes.node("v", 0, 96_000, "V100M32", 1000), v100))
        .isTrue();
    assertThat(FeasibilityFilter.admits(cpuOnly, Nodes.shared(0, 100))).isFalse();
    assertThat(FeasibilityFilter.admits(cpuOnly, PodRequest.cpuOnly(100, 100))).isTrue();
  }
}
