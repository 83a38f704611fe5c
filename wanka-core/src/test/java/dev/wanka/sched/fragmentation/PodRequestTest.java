package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PodRequestTest {
  @Test
  void traceRowsAreNormalisedAsProtocolSection2Says() {
    assertThat(PodRequest.fromTrace(4000, 1024, 0, 500, ""))
        .isEqualTo(PodRequest.cpuOnly(4000, 1024));
    assertThat(PodRequest.fromTrace(4000, 1024, 1, 0, "").isCpuOnly()).isTrue();
    assertThat(PodRequest.fromTrace(4000, 1024, 1, -5, "").isCpuOnly()).isTrue();
    PodRequest clamped = PodRequest.fromTrace(4000, 1024, 1, 1500, "");
    assertThat(clamped.gpuMilliPerGpu()).isEqualTo(1000);
    assertThat(clamped.isSharedGpu()).isFalse();
    PodRequest shared = PodRequest.fromTrace(4000, 1024, 1, 460, "");
    assertThat(shared.isSharedGpu()).isTrue();
    assertThat(shared.totalGpuMilli()).isEqualTo(460);
    PodRequest eight = PodRequest.fromTrace(32000, 1024, 8, 1000, "V100M32|V100M16|V100M32");
    assertThat(eight.totalGpuMilli()).isEqualTo(8000);
    assertThat(eight.allowedGpuModels()).containsExactlyInAnyOrder("V100M16", "V100M32");
    assertThat(eight.gpuSpec()).isEqualTo("V100M16|V100M32");
    assertThat(eight.allowsGpuModel("V100M16")).isTrue();
    assertThat(eight.allowsGpuModel("T4")).isFalse();
    assertThat(shared.allowsGpuModel("T4")).isTrue();
  }

  @Test
  void gpuKindTagsSeparateSharedFromWholeGpuCounts() {
    assertThat(PodRequest.cpuOnly(1, 1).gpuKindTag()).isZero();
    assertThat(Nodes.shared(1, 500).gpuKindTag()).isEqualTo(1L);
    assertThat(Nodes.whole(1, 1).gpuKindTag()).isEqualTo(1L << 1);
    assertThat(Nodes.whole(1, 8).gpuKindTag()).isEqualTo(1L << 8);
  }

  @Test
  void inconsistentRequestsAreRejected() {
    assertThatThrownBy(() -> new PodRequest(1, 1, 0, 500, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PodRequest(1, 1, 2, 500, Set.of()))
        .hasMessageContaining("whole GPUs");
    assertThatThrownBy(() -> new PodRequest(1, 1, 1, 1001, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PodRequest(-1, 1, 0, 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
