package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TypicalPodsTest {
  @Test
  void tiesInCountGoToMoreCpuThenMoreMilliThenMoreGpusThenTheLargerModelList() {
    List<PodRequest> trace = new ArrayList<>();
    trace.add(Nodes.shared(2000, 500));
    trace.add(Nodes.shared(4000, 300));
    trace.add(Nodes.shared(4000, 500));
    trace.add(Nodes.whole(4000, 1));
    trace.add(Nodes.whole(4000, 2));
    trace.add(new PodRequest(4000, 0, 2, 1000, Set.of("T4")));
    trace.add(PodRequest.cpuOnly(1000, 0));
    trace.add(PodRequest.cpuOnly(1000, 64)); // memory is not part of the shape
    List<TypicalPod> pods = TypicalPods.of(trace, 1.0).pods();
    assertThat(pods).hasSize(7);
    // the CPU-only pair is the most frequent shape; then the count-1 ties
    assertThat(pods.get(0).isCpuOnly()).isTrue();
    assertThat(pods.get(0).count()).isEqualTo(2);
    assertThat(pods.get(1).gpuCount()).isEqualTo(2);
    assertThat(pods.get(1).allowedGpuModels()).isEqualTo(Set.of("T4"));
    assertThat(pods.get(2).gpuCount()).isEqualTo(2);
    assertThat(pods.get(2).allowedGpuModels()).isEmpty();
    assertThat(pods.get(3).gpuCount()).isEqualTo(1);
    assertThat(pods.get(3).gpuMilliPerGpu()).isEqualTo(1000);
    assertThat(pods.get(4).gpuMilliPerGpu()).isEqualTo(500);
    assertThat(pods.get(5).gpuMilliPerGpu()).isEqualTo(300);
    assertThat(pods.get(6).cpuMilli()).isEqualTo(2000);
  }

  @Test
  void theShortestPrefixReachingTheCoverageIsKeptAndRenormalised() {
    List<PodRequest> trace = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      trace.add(Nodes.shared(1000, 500));
    }
    for (int i = 0; i < 3; i++) {
      trace.add(Nodes.whole(1000, 1));
    }
    trace.add(PodRequest.cpuOnly(1000, 0));
    TypicalPods typical = TypicalPods.of(trace, 0.9);
    assertThat(typical.pods()).hasSize(2);
    assertThat(typical.coveredPods()).isEqualTo(9);
    assertThat(typical.pods().get(0).probability()).isCloseTo(6 / 9.0, Offset.offset(1e-15));
    assertThat(TypicalPods.of(trace, 0.91).pods()).hasSize(3);
    assertThatThrownBy(() -> TypicalPods.of(List.of(), 0.95))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TypicalPods.of(trace, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
