package dev.wanka.sched.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PodPlacerTest {
  /** Scores every node the same; counts how often it is asked. */
  private static final class ConstantPolicy implements PackingPolicy {
    int scored;

    @Override
    public String name() {
      return "Constant";
    }

    @Override
    public int score(GpuNode node, PodRequest pod) {
      scored++;
      return 50;
    }

    @Override
    public int chooseGpus(GpuNode node, PodRequest pod, SplittableRandom random) {
      return GpuAssignment.bestFit(node, pod);
    }
  }

  @Test
  void equalScoresGoToTheSmallestRank() {
    GpuNode a = Nodes.node("a", 5, 1000);
    GpuNode b = Nodes.node("b", 2, 1000);
    GpuNode c = Nodes.node("c", 9, 1000);
    PodPlacer placer = new PodPlacer(List.of(a, b, c), new ConstantPolicy());
    assertThat(placer.place(Nodes.whole(0, 1), new SplittableRandom(1))).isEqualTo(1);
    assertThat(b.freeGpuMilliTotal()).isZero();
    assertThat(placer.lastGpus()).isEqualTo(1);
    assertThat(placer.place(Nodes.whole(0, 1), new SplittableRandom(1))).isEqualTo(0);
  }

  @Test
  void aSingleFeasibleNodeIsTakenWithoutScoring() {
    ConstantPolicy policy = new ConstantPolicy();
    GpuNode full = Nodes.node("full", 0, 0);
    GpuNode free = Nodes.node("free", 1, 1000);
    PodPlacer placer = new PodPlacer(List.of(full, free), policy);
    assertThat(placer.place(Nodes.shared(0, 500), new SplittableRandom(1))).isEqualTo(1);
    assertThat(policy.scored).isZero();
  }

  @Test
  void aPodNoNodeAdmitsIsDroppedAndNothingChanges() {
    GpuNode node = Nodes.node("n", 0, 500, 1000);
    PodPlacer placer = new PodPlacer(List.of(node), new GpuPackingPolicy());
    assertThat(placer.place(Nodes.whole(0, 2), new SplittableRandom(1))).isEqualTo(-1);
    assertThat(placer.lastGpus()).isZero();
    assertThat(node.freeGpuMilliTotal()).isEqualTo(1500);
    assertThat(node.podCount()).isEqualTo(1);
  }

  @Test
  void theHighestScoreWinsOverRank() {
    GpuNode idle = Nodes.node("idle", 0, 1000, 1000);
    GpuNode partlyUsed = Nodes.node("partly-used", 1, 600, 1000);
    PodPlacer placer = new PodPlacer(List.of(idle, partlyUsed), new GpuPackingPolicy());
    assertThat(placer.place(Nodes.shared(0, 600), new SplittableRandom(1))).isEqualTo(1);
    assertThat(partlyUsed.freeGpuMilli(0)).isZero();
    assertThat(placer.policy().name()).isEqualTo("GpuPacking");
  }
}
